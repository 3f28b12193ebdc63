// The HTTP API's shapes. The server validates with these schemas, the web app
// is typed by them and OpenAPI is generated from them; nothing here knows the
// database.
export * from './platform/common.ts';
export * from './platform/auth.ts';
export * from './platform/admin.ts';
export * from './customers/customer.ts';
export * from './customers/timeline.ts';
export * from './customers/imports.ts';
export * from './analytics/analytics.ts';
export * from './loyalty/index.ts';
export * from './accounts/index.ts';
export * from './service/index.ts';
export * from './campaigns/index.ts';
export * from './surveys/index.ts';
