import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import './references.ts';
import { auditTransactionImport, failTransactionImport, runTransactionImport, TRANSACTION_IMPORT_JOB } from './transactionImport.ts';
import { performRefreshJob, REFRESH_JOB, scheduleAllNightly } from './refresh.ts';

/** Background work the analytics module owns. */
export const analyticsJobs: JobDefinition[] = [
  {
    kind: TRANSACTION_IMPORT_JOB,
    async perform(database, job) {
      const importId = typeof job.payload.importId === 'string' ? job.payload.importId : '';
      try {
        const run = await runTransactionImport(database.db, job.workspaceId, importId);
        const actor = {
          ...systemActor(job.workspaceId), type: 'user' as const,
          userId: typeof job.payload.actorUserId === 'string' ? job.payload.actorUserId : null,
          name: typeof job.payload.actorName === 'string' ? job.payload.actorName : 'import',
        };
        await auditTransactionImport(database.db, actor, run);
      } catch (error) {
        if (job.attempts >= job.maxAttempts) await failTransactionImport(database.db, job.workspaceId, importId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
  },
  {
    kind: REFRESH_JOB,
    perform: (database, job) => performRefreshJob(database, job.workspaceId, job.payload),
    // Every workspace has its next nightly refresh queued from the first start-up on.
    onStart: (database) => scheduleAllNightly(database.db),
  },
];
