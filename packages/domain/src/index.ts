// Pure business logic of Vefa. Nothing here performs I/O: every function takes
// its inputs as arguments and returns its result, so the rules can be tested
// exhaustively and reused by the server, the CLI and the benchmarks.
export * from './money.ts';
export * from './access/roles.ts';
export * from './customers/index.ts';
export * from './loyalty/index.ts';
export * from './analytics/index.ts';
export * from './service/index.ts';
