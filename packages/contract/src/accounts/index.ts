export * from './accounts.ts';
export * from './deals.ts';
export * from './commerce.ts';
export * from './market.ts';
