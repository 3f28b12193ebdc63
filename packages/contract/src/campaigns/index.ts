export * from './segments.ts';
export * from './campaigns.ts';
