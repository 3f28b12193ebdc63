export * from './programmes.ts';
export * from './transactions.ts';
export * from './catalogue.ts';
export * from './views.ts';
