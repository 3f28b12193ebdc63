export * from './types.ts';
export * from './balances.ts';
export * from './lots.ts';
export * from './earn.ts';
export * from './redeem.ts';
export * from './return.ts';
export * from './expiry.ts';
export * from './adjust.ts';
