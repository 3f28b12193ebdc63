// Every table Drizzle knows, for migrations and typed queries. A new module
// adds its schema file here.
export * from './schema.ts';
export * from '../../modules/customers/schema.ts';
export * from '../../modules/analytics/schema.ts';
export * from '../../modules/loyalty/schema.ts';
export * from '../../modules/service/schema.ts';
export * from '../../modules/service/mail/schema.ts';
export * from '../../modules/accounts/schema.ts';
export * from '../../modules/campaigns/schema.ts';
export * from '../../modules/surveys/schema.ts';
