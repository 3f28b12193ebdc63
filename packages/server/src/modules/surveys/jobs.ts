import { and, eq, sql } from 'drizzle-orm';
import { jobs } from '../../platform/db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';

export const SEND_JOB = 'surveys.send';
export const TRIGGER_JOB = 'surveys.trigger_scan';
export const REANALYSE_JOB = 'surveys.reanalyse';

/** The next run of a chain, unless one is already waiting: restarts join the chain instead of starting a second. */
async function scheduleOnce(tx: Queryable, workspaceId: string, kind: string, runAt: Date) {
  const [waiting] = await tx.select({ id: jobs.id, runAt: jobs.runAt }).from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.kind, kind), eq(jobs.status, 'queued'))).limit(1);
  if (waiting) {
    if (waiting.runAt > runAt) await tx.update(jobs).set({ runAt }).where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, waiting.id), sql`status = 'queued'`));
    return;
  }
  await enqueueJob(tx, workspaceId, kind, {}, { runAt, dedupeKey: runAt.toISOString() });
}

export const scheduleSend = (tx: Queryable, workspaceId: string, runAt: Date) => scheduleOnce(tx, workspaceId, SEND_JOB, runAt);
export const scheduleTriggerScan = (tx: Queryable, workspaceId: string, runAt: Date) => scheduleOnce(tx, workspaceId, TRIGGER_JOB, runAt);
