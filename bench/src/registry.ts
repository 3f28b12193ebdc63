import type { Benchmark } from './report.ts';
import { analyticsBenchmark } from './analytics.ts';
import { loyaltyBenchmark } from './loyalty.ts';
import { serviceBenchmark } from './serviceClassifier.ts';

/** Benchmarks of other capabilities register here. */
export const BENCHMARKS_EXTRA: Benchmark[] = [analyticsBenchmark, loyaltyBenchmark, serviceBenchmark];
