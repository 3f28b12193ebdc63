import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { sqlRows } from '../db/database.ts';
import { jobs } from '../db/schema.ts';

export interface ClaimedJob {
  workspaceId: string;
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** Enqueue inside the caller's transaction: the job exists exactly when the change that needs it does. */
export async function enqueueJob(tx: Queryable, workspaceId: string, kind: string, payload: Record<string, unknown>, options: { runAt?: Date; dedupeKey?: string } = {}) {
  const id = crypto.randomUUID();
  await tx.insert(jobs).values({ workspaceId, id, kind, payload, runAt: options.runAt ?? new Date(), dedupeKey: options.dedupeKey ?? null })
    .onConflictDoNothing();
  return id;
}

const LEASE_SECONDS = 300;

/**
 * Claims one due job. SKIP LOCKED lets several workers share the table; the
 * lease means a job whose worker died (kill -9) is picked up again later.
 */
export async function claimJob(db: Queryable, kinds: readonly string[]): Promise<ClaimedJob | null> {
  if (kinds.length === 0) return null;
  const rows = await sqlRows<{ workspace_id: string; id: string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(db, sql`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where (workspace_id, id) = (
      select workspace_id, id from jobs
      where kind in ${kinds} and run_at <= now()
        and (status = 'queued' or (status = 'running' and locked_until < now()))
      order by run_at
      for update skip locked
      limit 1)
    returning workspace_id, id, kind, payload, attempts, max_attempts`);
  const row = rows[0];
  return row ? { workspaceId: row.workspace_id, id: row.id, kind: row.kind, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts } : null;
}

export async function completeJob(db: Queryable, job: ClaimedJob) {
  await db.update(jobs).set({ status: 'done', finishedAt: new Date(), lockedUntil: null })
    .where(and(eq(jobs.workspaceId, job.workspaceId), eq(jobs.id, job.id)));
}

/** Retries with exponential back-off until maxAttempts, then parks the job as failed for a person to see. */
export async function failJob(db: Queryable, job: ClaimedJob, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const giveUp = job.attempts >= job.maxAttempts;
  const delaySeconds = Math.min(3600, 2 ** job.attempts * 5);
  await db.update(jobs).set({
    status: giveUp ? 'failed' : 'queued', lastError: message.slice(0, 2000), lockedUntil: null,
    runAt: giveUp ? undefined : new Date(Date.now() + delaySeconds * 1000), finishedAt: giveUp ? new Date() : null,
  }).where(and(eq(jobs.workspaceId, job.workspaceId), eq(jobs.id, job.id)));
}
