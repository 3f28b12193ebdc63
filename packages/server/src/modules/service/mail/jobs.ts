import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { jobs } from '../../../platform/db/schema.ts';
import type { JobDefinition } from '../../../platform/jobs/worker.ts';
import { enqueueJob } from '../../../platform/jobs/jobQueue.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { readConfig, type Config } from '../../../platform/config.ts';
import type { CaseIntake } from '../caseIntake.ts';
import { caseIntake } from '../cases/intake.ts';
import { mailboxes } from './schema.ts';
import { pollMailbox } from './imapPoller.ts';
import { deliverOutbox } from './sender.ts';
import { transportFor } from './transport.ts';
import { sendCsatInvitation } from './csatInvitation.ts';
import { CSAT_MAIL_JOB } from '../csat/csat.ts';

export const IMAP_POLL_JOB = 'service.mail.imap_poll';
export const OUTBOX_JOB = 'service.mail.outbox';

/**
 * The next poll of a mailbox, unless one is already waiting: restarts and a
 * re-enabled mailbox then join the existing chain instead of starting a second.
 */
export async function scheduleImapPoll(tx: Queryable, workspaceId: string, mailboxId: string, runAt: Date) {
  const [waiting] = await tx.select({ id: jobs.id }).from(jobs).where(and(
    eq(jobs.workspaceId, workspaceId), eq(jobs.kind, IMAP_POLL_JOB), eq(jobs.status, 'queued'), sql`${jobs.payload}->>'mailboxId' = ${mailboxId}`,
  )).limit(1);
  if (waiting) return;
  await enqueueJob(tx, workspaceId, IMAP_POLL_JOB, { mailboxId }, { runAt, dedupeKey: `${mailboxId}:${runAt.toISOString()}` });
}

export async function scheduleOutbox(tx: Queryable, workspaceId: string, runAt: Date) {
  const [waiting] = await tx.select({ id: jobs.id }).from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.kind, OUTBOX_JOB), eq(jobs.status, 'queued'))).limit(1);
  if (waiting) return;
  await enqueueJob(tx, workspaceId, OUTBOX_JOB, {}, { runAt, dedupeKey: runAt.toISOString() });
}

/**
 * The mail channel's durable jobs: one poll per IMAP mailbox that re-enqueues
 * itself after pollSeconds, and an outbox sweep retrying mail whose first
 * delivery failed. They need the case desk's intake, so the registry builds
 * them with it.
 */
export function mailJobs(intake: CaseIntake, config: Config['mail'], publicUrl = readConfig().publicUrl): JobDefinition[] {
  return [
    {
      kind: IMAP_POLL_JOB,
      async perform(database, job) {
        const mailboxId = typeof job.payload.mailboxId === 'string' ? job.payload.mailboxId : '';
        const [mailbox] = await database.db.select().from(mailboxes).where(and(eq(mailboxes.workspaceId, job.workspaceId), eq(mailboxes.id, mailboxId)));
        if (!mailbox?.imap || !mailbox.active) return; // polling was switched off: the chain ends here
        // A failing server is tried again at the next interval, its error shown on the mailbox; the job
        // itself succeeds, or the queue's own retry would start a second chain of polls.
        await pollMailbox({ database, intake, transport: transportFor(config.smtpUrl), config }, mailbox).catch(() => undefined);
        await scheduleImapPoll(database.db, job.workspaceId, mailboxId, new Date(Date.now() + mailbox.imap.pollSeconds * 1000));
      },
      async onStart(database) {
        const rows = await database.db.select({ workspaceId: mailboxes.workspaceId, id: mailboxes.id }).from(mailboxes)
          .where(and(isNotNull(mailboxes.imap), eq(mailboxes.active, true)));
        for (const m of rows) await scheduleImapPoll(database.db, m.workspaceId, m.id, new Date());
      },
    },
    {
      kind: CSAT_MAIL_JOB,
      async perform(database, job) {
        const csatRequestId = typeof job.payload.csatRequestId === 'string' ? job.payload.csatRequestId : '';
        await sendCsatInvitation(database, transportFor(config.smtpUrl), { publicUrl, mail: config }, job.workspaceId, csatRequestId);
      },
    },
    {
      kind: OUTBOX_JOB,
      async perform(database, job) {
        const transport = transportFor(config.smtpUrl);
        if (transport) await deliverOutbox(database.db, transport, job.workspaceId);
        await scheduleOutbox(database.db, job.workspaceId, new Date(Date.now() + 60_000));
      },
      async onStart(database) {
        const rows = await database.db.selectDistinct({ workspaceId: mailboxes.workspaceId }).from(mailboxes);
        for (const m of rows) await scheduleOutbox(database.db, m.workspaceId, new Date());
      },
    },
  ];
}

/** The jobs as the worker runs them: with the case desk's intake and the process's mail settings. */
export const serviceMailJobs: JobDefinition[] = mailJobs(caseIntake, readConfig().mail, readConfig().publicUrl);
