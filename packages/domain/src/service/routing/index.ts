export * from './assignment.ts';
export * from './routingRule.ts';
