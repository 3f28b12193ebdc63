import type { JobDefinition } from '../platform/jobs/worker.ts';
import { customerJobs } from './customers/jobs.ts';
import { analyticsJobs } from './analytics/jobs.ts';
import { loyaltyJobs } from './loyalty/jobs.ts';

/** Every module's background jobs; the worker refuses kinds not listed here. */
export const JOB_DEFINITIONS: JobDefinition[] = [...customerJobs, ...analyticsJobs, ...loyaltyJobs];
