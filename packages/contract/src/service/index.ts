export * from './cases.ts';
export * from './settings.ts';
export * from './csat.ts';
export * from './forms.ts';
export * from './report.ts';
export * from './mail.ts';
