export * from './types.ts';
export * from './validate.ts';
export * from './compile.ts';
export * from './evaluate.ts';
