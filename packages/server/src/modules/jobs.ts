import type { JobDefinition } from '../platform/jobs/worker.ts';
import { customerJobs } from './customers/jobs.ts';
import { analyticsJobs } from './analytics/jobs.ts';
import { loyaltyJobs } from './loyalty/jobs.ts';
import { serviceJobs } from './service/jobs.ts';
import { campaignJobs } from './campaigns/jobs.ts';
import { serviceMailJobs } from './service/mail/jobs.ts';
import { accountJobs } from './accounts/jobs.ts';
import { surveyJobs } from './surveys/jobDefinitions.ts';

/** Every module's background jobs; the worker refuses kinds not listed here. */
export const JOB_DEFINITIONS: JobDefinition[] = [...customerJobs, ...analyticsJobs, ...loyaltyJobs, ...serviceJobs, ...serviceMailJobs, ...accountJobs, ...campaignJobs, ...surveyJobs];
