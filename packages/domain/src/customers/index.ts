export * from './searchText.ts';
export * from './phone.ts';
export * from './duplicates.ts';
export * from './importRow.ts';
export * from './importMapping.ts';
