import type { Benchmark } from './report.ts';
import { analyticsBenchmark } from './analytics.ts';
import { loyaltyBenchmark } from './loyalty.ts';
import { serviceBenchmark } from './serviceClassifier.ts';
import { campaignsBenchmark } from './campaigns.ts';
import { accountsBenchmark } from './accounts.ts';
import { surveysBenchmark } from './surveys.ts';

/** Benchmarks of other capabilities register here. */
export const BENCHMARKS_EXTRA: Benchmark[] = [analyticsBenchmark, loyaltyBenchmark, serviceBenchmark, accountsBenchmark, campaignsBenchmark, surveysBenchmark];
