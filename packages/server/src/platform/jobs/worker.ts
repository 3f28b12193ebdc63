import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { claimJob, completeJob, failJob, type ClaimedJob } from './jobQueue.ts';

/** A named unit of background work, registered by the module that owns it. */
export interface JobDefinition {
  kind: string;
  perform(database: Database, job: ClaimedJob): Promise<void>;
  /** Runs once when a worker starts, e.g. to make sure a scheduled job is queued. */
  onStart?(database: Database): Promise<void>;
}

/**
 * Polls the job table and performs due jobs one at a time. Runs inside
 * `vefa serve` by default, or alone with `--role worker`.
 */
export function startWorker(database: Database, definitions: readonly JobDefinition[], log: Pick<FastifyBaseLogger, 'info' | 'error'>, pollMs = 500) {
  const byKind = new Map(definitions.map((d) => [d.kind, d]));
  const kinds = [...byKind.keys()];
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = async () => {
    for (const definition of definitions) {
      if (!definition.onStart) continue;
      try {
        await definition.onStart(database);
      } catch (error) {
        log.error({ err: error, job: definition.kind }, 'job start-up hook failed');
      }
    }
    while (!stopped) {
      let job: ClaimedJob | null = null;
      try {
        job = await claimJob(database.db, kinds);
        if (job) {
          const definition = byKind.get(job.kind);
          if (!definition) throw new Error(`No job definition for ${job.kind}`);
          await definition.perform(database, job);
          await completeJob(database.db, job);
          continue;
        }
      } catch (error) {
        log.error({ err: error, job: job?.kind }, 'job failed');
        if (job) await failJob(database.db, job, error).catch(() => undefined);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  };
  const running = loop();
  return {
    /** Look for work now instead of at the next poll (after a request enqueued a job). */
    nudge: () => wake?.(),
    stop: async () => { stopped = true; wake?.(); await running; },
  };
}
