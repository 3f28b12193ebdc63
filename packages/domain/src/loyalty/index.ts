// Loyalty engine, pure core: earning rules, the points ledger, tiers, coupons, referrals.
// No I/O: the server reads state, calls these functions and writes their postings.
export * from './time.ts';
export * from './allocate.ts';
export * from './purchase.ts';
export * from './rules/index.ts';
export * from './ledger/index.ts';
export * from './tiers/index.ts';
export * from './coupons/index.ts';
export * from './referrals/index.ts';
