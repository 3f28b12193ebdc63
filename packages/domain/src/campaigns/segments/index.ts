export * from './definition.ts';
export * from './plan.ts';
export * from './compile.ts';
