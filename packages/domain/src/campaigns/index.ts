// Campaigns: segments, hold-out groups and the statistics that measure them. Pure, no I/O.
export * from './distributions.ts';
export * from './tests.ts';
export * from './bootstrap.ts';
export * from './planning.ts';
export * from './economics.ts';
export * from './verdict.ts';
export * from './holdout.ts';
export * from './template.ts';
export * from './segments/index.ts';
