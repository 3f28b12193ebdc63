import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { auditImport, IMPORT_JOB, runImport } from './imports/importService.ts';

/** Background work the customers module owns. */
export const customerJobs: JobDefinition[] = [
  {
    kind: IMPORT_JOB,
    async perform(database, job) {
      const runId = typeof job.payload.runId === 'string' ? job.payload.runId : '';
      const run = await runImport(database, job.workspaceId, runId);
      const actor = { ...systemActor(job.workspaceId), type: 'user' as const, userId: typeof job.payload.actorUserId === 'string' ? job.payload.actorUserId : null, name: typeof job.payload.actorName === 'string' ? job.payload.actorName : 'import' };
      await auditImport(database.db, actor, run);
    },
  },
];
