// The service desk's pure core: SLA business clock, case workflow, routing,
// the case classifier and mail decisions. No I/O; the server wires it to the
// database, the mail listener and the job runner.
export * from './classifier/index.ts';
export * from './mail/index.ts';
export * from './replies/index.ts';
export * from './routing/index.ts';
export * from './sla/index.ts';
export * from './workflow/index.ts';
