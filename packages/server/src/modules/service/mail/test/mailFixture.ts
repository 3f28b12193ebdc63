import { caseToken, subjectHook } from '@vefa/domain';
import { readConfig } from '../../../../platform/config.ts';
import { systemActor } from '../../../../platform/auth/actor.ts';
import type { Database } from '../../../../platform/db/database.ts';
import { caseIntake } from '../../cases/intake.ts';
import { createMailbox, findMailboxRow } from '../mailboxes.ts';
import { caseTokenSigner } from '../mailSettings.ts';
import { receiveMail } from '../inbound.ts';

/**
 * A workspace's mail for the generic route tests: a mailbox, and a customer
 * mail with an attachment threaded into an existing case by its subject hook.
 */
export async function seedCaseMail(database: Database, workspaceId: string, caseId: string, address: string) {
  const mailbox = await createMailbox(database.db, systemActor(workspaceId), { address, name: 'Fixture desk', inboundSmtp: true, language: 'az', acknowledge: false });
  const caseRef = await database.db.transaction((tx) => caseIntake.findCaseById(tx, workspaceId, caseId));
  if (!caseRef) throw new Error(`no case ${caseId} in workspace ${workspaceId}`);
  const token = caseToken(await caseTokenSigner(database.db, workspaceId), caseRef.number);
  const raw = Buffer.from([
    'From: fixture@customer.test', `To: ${address}`, `Subject: Re: ${subjectHook(caseRef.number, token)} fixture`,
    `Message-ID: <fixture-${caseId}@customer.test>`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="f"', '',
    '--f', 'Content-Type: text/plain; charset=utf-8', '', 'secret mail of the fixture', '--f',
    'Content-Type: application/pdf; name="f.pdf"', 'Content-Disposition: attachment; filename="f.pdf"', 'Content-Transfer-Encoding: base64', '',
    Buffer.from('%PDF-1.4 fixture').toString('base64'), '--f--', '',
  ].join('\r\n'));
  const row = await findMailboxRow(database.db, workspaceId, mailbox.id);
  const stored = await receiveMail({ database, intake: caseIntake, transport: null, config: readConfig({}).mail }, row, raw);
  if (stored.caseId !== caseId) throw new Error(`fixture mail did not thread into case ${caseId}: ${JSON.stringify(stored)}`);
  const thread = await database.db.query.mailAttachments.findFirst({ where: (a, { eq }) => eq(a.workspaceId, workspaceId) });
  return { mailboxId: mailbox.id, attachmentId: thread?.id ?? '' };
}
