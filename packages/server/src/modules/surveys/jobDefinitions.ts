import { sql } from 'drizzle-orm';
import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { readConfig } from '../../platform/config.ts';
import { transportFor } from '../service/mail/transport.ts';
import { REANALYSE_JOB, SEND_JOB, TRIGGER_JOB, scheduleSend, scheduleTriggerScan } from './jobs.ts';
import { reanalyseResponses } from './analysis.ts';
import { nextReminderAt, sendDueInvitations } from './sending.ts';
import { scanTriggers } from './triggers.ts';

const SCAN_EVERY_MS = 60_000;

/**
 * The survey sender (throttled batches that re-enqueue themselves, reminders
 * included), the trigger scan (case resolved, purchase, N days after
 * joining) that runs every minute while a triggered survey is active, and a
 * survey's text answers analysed again on request.
 */
export const surveyJobs: JobDefinition[] = [
  {
    kind: SEND_JOB,
    async perform(database, job) {
      const config = readConfig();
      const { nextRunAt } = await sendDueInvitations(database, job.workspaceId, {
        transport: transportFor(config.mail.smtpUrl), publicUrl: config.publicUrl, messageIdDomain: config.mail.messageIdDomain,
      });
      const next = nextRunAt ?? (await nextReminderAt(database.db, job.workspaceId));
      if (next) await scheduleSend(database.db, job.workspaceId, next);
    },
    async onStart(database) {
      const rows = await sqlRows<{ workspace_id: string }>(database.db, sql`select distinct workspace_id from survey_invitations where status in ('queued', 'ready') or (status = 'sent' and reminded_at is null)`);
      for (const r of rows) await scheduleSend(database.db, r.workspace_id, new Date());
    },
  },
  {
    kind: TRIGGER_JOB,
    async perform(database, job) {
      const { activeTriggers, queued } = await scanTriggers(database.db, job.workspaceId, new Date());
      if (queued > 0) await scheduleSend(database.db, job.workspaceId, new Date());
      if (activeTriggers > 0) await scheduleTriggerScan(database.db, job.workspaceId, new Date(Date.now() + SCAN_EVERY_MS));
    },
    async onStart(database) {
      const rows = await sqlRows<{ workspace_id: string }>(database.db, sql`select distinct workspace_id from surveys where status = 'active' and trigger is not null`);
      for (const r of rows) await scheduleTriggerScan(database.db, r.workspace_id, new Date());
    },
  },
  {
    kind: REANALYSE_JOB,
    async perform(database, job) {
      const surveyId = typeof job.payload.surveyId === 'string' ? job.payload.surveyId : undefined;
      await reanalyseResponses(database.db, job.workspaceId, surveyId ? { surveyId } : {});
    },
  },
];
