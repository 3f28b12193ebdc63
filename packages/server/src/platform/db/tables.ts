// Every table Drizzle knows, for migrations and typed queries. A new module
// adds its schema file here.
export * from './schema.ts';
export * from '../../modules/customers/schema.ts';
export * from '../../modules/analytics/schema.ts';
export * from '../../modules/loyalty/schema.ts';
