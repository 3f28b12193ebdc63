import type { Benchmark } from './report.ts';

/** Benchmarks of other capabilities register here. */
export const BENCHMARKS_EXTRA: Benchmark[] = [];
