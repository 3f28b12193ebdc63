export * from './case.ts';
export * from './caseNumber.ts';
export * from './caseWorkflow.ts';
