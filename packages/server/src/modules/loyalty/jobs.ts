import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { MAINTENANCE_JOB, scheduleMaintenance } from './programmes.ts';
import { runMaintenance } from './maintenance.ts';

/**
 * Hourly per programme: pending points past the return window become available, lots
 * past their last day expire (FIFO lots, each chunk one transaction, a re-run resumes),
 * and members get one warning per lot N days before. The job re-enqueues itself for
 * the next hour (dedupe key per hour), so the schedule survives restarts.
 */
export const loyaltyJobs: JobDefinition[] = [
  {
    kind: MAINTENANCE_JOB,
    async perform(database, job) {
      const programmeId = typeof job.payload.programmeId === 'string' ? job.payload.programmeId : '';
      await runMaintenance(database.db, job.workspaceId, programmeId, Date.now(), database.kind === 'postgres' ? 2 : 1);
      await scheduleMaintenance(database.db, job.workspaceId, programmeId, new Date(Date.now() + 3600_000));
    },
  },
];
