import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { readConfig } from '../../../platform/config.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import type { Database } from '../../../platform/db/database.ts';
import { jobs } from '../../../platform/db/schema.ts';
import { claimJob } from '../../../platform/jobs/jobQueue.ts';
import { openTestDatabase } from '../../../test/testDatabase.ts';
import { buildWorkspace } from '../../../test/testApp.ts';
import { caseIntake } from '../cases/intake.ts';
import { mailboxes, mailMessages } from './schema.ts';
import { createMailbox, findMailboxRow } from './mailboxes.ts';
import { pollMailbox } from './imapPoller.ts';
import { IMAP_POLL_JOB, mailJobs } from './jobs.ts';
import { settle, type MailChannel } from './channel.ts';
import { smtpTransport } from './transport.ts';
import { startSmtpSink } from './test/smtpSink.ts';
import { startPrivateDovecot } from './test/privateDovecot.ts';

let database: Database;
let dovecot: Awaited<ReturnType<typeof startPrivateDovecot>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let channel: MailChannel;
let workspaceId = '';
let mailboxId = '';
const USER = { user: 'destek', password: 'imap-test-password' };
const config = { ...readConfig({}).mail, messageIdDomain: 'imap.vefa.test' };

async function append(...mails: string[]) {
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: USER.user, pass: USER.password }, logger: false });
  await client.connect();
  try {
    for (const raw of mails) await client.append('INBOX', Buffer.from(raw.replace(/\n/g, '\r\n'), 'utf8'));
  } finally {
    await client.logout();
  }
}

const mailbox = () => findMailboxRow(database.db, workspaceId, mailboxId);
const stored = () => database.db.select().from(mailMessages).where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.direction, 'inbound'))).orderBy(mailMessages.imapUid);

beforeAll(async () => {
  dovecot = await startPrivateDovecot([USER]);
  sink = await startSmtpSink();
  database = await openTestDatabase();
  channel = { database, intake: caseIntake, transport: smtpTransport(sink.url), config, pending: new Set() };
  workspaceId = (await buildWorkspace(database, 'imap')).id;
  const created = await createMailbox(database.db, systemActor(workspaceId), {
    address: 'destek@imap.test', name: 'IMAP dəstək', inboundSmtp: false, language: 'tr', acknowledge: true,
    imap: { host: dovecot.host, port: dovecot.port, secure: false, user: USER.user, password: USER.password, folder: 'INBOX', pollSeconds: 30 },
  });
  mailboxId = created.id;
});

afterAll(async () => {
  if (channel) await settle(channel);
  channel?.transport?.close();
  await sink?.close();
  await dovecot?.stop();
  await database?.close();
});

describe('IMAP polling of a real dovecot', () => {
  it('stores new mail once, opens cases and acknowledges; a second poll fetches nothing', async () => {
    await append(
      'From: Zeynep Kaya <zeynep@posta.test>\nTo: destek@imap.test\nSubject: Fatura hatası\nMessage-ID: <imap-1@posta.test>\n\nMerhaba, faturamda bir hata var, lütfen yardım edin.\n',
      'From: ayse@posta.test\nTo: destek@imap.test\nSubject: =?ISO-8859-9?Q?=DEikayet?=\nMessage-ID: <imap-2@posta.test>\nContent-Type: text/plain; charset=iso-8859-9\nContent-Transfer-Encoding: quoted-printable\n\nSipari=FEim gelmedi.\n',
      'From: away@posta.test\nTo: destek@imap.test\nSubject: Otomatik yanıt\nAuto-Submitted: auto-replied\nMessage-ID: <imap-3@posta.test>\n\nIzindeyim.\n',
    );
    const first = await pollMailbox(channel, await mailbox());
    expect(first).toMatchObject({ fetched: 3, stored: 3, duplicates: 0, lastUid: 3 });
    const rows = await stored();
    expect(rows.map((r) => [r.imapUid, r.subject, r.caseId !== null, r.automatedReason])).toEqual([
      [1, 'Fatura hatası', true, null], [2, 'Şikayet', true, null], [3, 'Otomatik yanıt', false, 'auto_submitted'],
    ]);
    expect(rows[1]?.textBody).toBe('Siparişim gelmedi.');
    expect(await mailbox()).toMatchObject({ imapLastUid: 3, imapLastError: null });
    await settle(channel);
    expect(sink.received.map((m) => m.envelopeTo[0]).sort()).toEqual(['ayse@posta.test', 'zeynep@posta.test']);
    expect(sink.received.find((m) => m.envelopeTo[0] === 'zeynep@posta.test')?.parsed.text).toContain('Başvurunuzu aldık');

    expect(await pollMailbox(channel, await mailbox())).toMatchObject({ fetched: 0, stored: 0 });
    expect(await stored()).toHaveLength(3);
  });

  it('threads a reply that arrives by IMAP into its case', async () => {
    const ack = sink.received.find((m) => m.envelopeTo[0] === 'zeynep@posta.test')?.parsed;
    await append(`From: zeynep@posta.test\nTo: destek@imap.test\nSubject: Re: ${ack?.subject ?? ''}\nIn-Reply-To: ${ack?.messageId ?? ''}\nMessage-ID: <imap-4@posta.test>\n\nEk bilgi gönderiyorum.\n`);
    expect(await pollMailbox(channel, await mailbox())).toMatchObject({ fetched: 1, stored: 1 });
    const rows = await stored();
    expect(rows[3]?.caseId).toBe(rows[0]?.caseId);
    expect(rows[3]?.threadMethod).toBe('message_id_token');
  });

  it('never double-inserts when a poll starts over or two polls overlap', async () => {
    // As after a crash before the position was saved: everything is fetched again and counted once.
    await database.db.update(mailboxes).set({ imapLastUid: 0 }).where(eq(mailboxes.id, mailboxId));
    expect(await pollMailbox(channel, await mailbox())).toMatchObject({ fetched: 4, stored: 0, duplicates: 4, lastUid: 4 });
    await append(
      'From: a@posta.test\nTo: destek@imap.test\nSubject: Bir\nMessage-ID: <imap-5@posta.test>\n\nBir.\n',
      'From: b@posta.test\nTo: destek@imap.test\nSubject: Iki\nMessage-ID: <imap-6@posta.test>\n\nIki.\n',
    );
    const row = await mailbox();
    const [one, two] = await Promise.all([pollMailbox(channel, row), pollMailbox(channel, row)]);
    expect((one?.stored ?? 0) + (two?.stored ?? 0)).toBe(2);
    expect(await stored()).toHaveLength(6);
    expect((await mailbox()).imapLastUid).toBe(6);
  });

  it('runs as a durable job that queues its next poll and records a failing server', async () => {
    const [definition] = mailJobs(caseIntake, config).filter((d) => d.kind === IMAP_POLL_JOB);
    await database.db.delete(jobs).where(eq(jobs.kind, IMAP_POLL_JOB));
    await definition?.onStart?.(database);
    const job = await claimJob(database.db, [IMAP_POLL_JOB]);
    expect(job?.payload).toEqual({ mailboxId });
    if (!job || !definition) throw new Error('no poll job queued');
    await definition.perform(database, job);
    const next = await database.db.select().from(jobs).where(and(eq(jobs.kind, IMAP_POLL_JOB), eq(jobs.status, 'queued')));
    expect(next).toHaveLength(1);
    expect(next[0]?.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000);

    await database.db.update(mailboxes).set({ imapPassword: 'wrong' }).where(eq(mailboxes.id, mailboxId));
    await expect(pollMailbox(channel, await mailbox())).rejects.toThrow();
    expect((await mailbox()).imapLastError).toBeTruthy();
  });
});
