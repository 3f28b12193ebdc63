export * from './code.ts';
export * from './validate.ts';
