export * from './referrals.ts';
