import { and, asc, eq } from 'drizzle-orm';
import type { MailboxCreate, MailboxUpdate } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { departments } from '../../../platform/db/schema.ts';
import { conflict, invalid, notFound } from '../../../platform/http/problem.ts';
import { mailboxes, type StoredImapSettings } from './schema.ts';
import { presentMailbox } from './presenter.ts';
import { scheduleImapPoll, scheduleOutbox } from './jobs.ts';

/** The active mailbox that takes SMTP mail for an address, in whichever workspace owns it. */
export async function findInboundMailbox(db: Queryable, address: string) {
  const rows = await db.select().from(mailboxes)
    .where(and(eq(mailboxes.address, address.trim().toLowerCase()), eq(mailboxes.active, true), eq(mailboxes.inboundSmtp, true))).limit(2);
  return rows.length === 1 ? rows[0] ?? null : null;
}

export async function findMailboxRow(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.select().from(mailboxes).where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)));
  if (!row) throw notFound('Mailbox');
  return row;
}

export async function listMailboxes(db: Queryable, workspaceId: string) {
  const rows = await db.select().from(mailboxes).where(eq(mailboxes.workspaceId, workspaceId)).orderBy(asc(mailboxes.address));
  return rows.map(presentMailbox);
}

async function checkDepartment(db: Queryable, workspaceId: string, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), eq(departments.id, departmentId)));
  if (!d) throw invalid('body.departmentId', 'unknown_department', 'No such department in this workspace');
}

// An address routes SMTP mail to exactly one workspace, so no two may claim it.
async function checkAddressFree(db: Queryable, address: string) {
  const [taken] = await db.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.address, address)).limit(1);
  if (taken) throw conflict('mailbox_address_taken', `The address ${address} already belongs to a mailbox`, 'body.address');
}

function auditView(row: typeof mailboxes.$inferSelect) {
  return presentMailbox(row);
}

export async function createMailbox(db: Db, actor: Actor, input: MailboxCreate) {
  const address = input.address.trim().toLowerCase();
  if (input.imap && !input.imap.password) throw invalid('body.imap.password', 'required', 'Polling a mailbox needs its password');
  return db.transaction(async (tx) => {
    await checkDepartment(tx, actor.workspaceId, input.departmentId);
    await checkAddressFree(tx, address);
    const { password, ...imap } = input.imap ?? { password: null };
    const [row] = await tx.insert(mailboxes).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), address, name: input.name, departmentId: input.departmentId ?? null,
      inboundSmtp: input.inboundSmtp, imap: input.imap ? imap as StoredImapSettings : null, imapPassword: password ?? null,
      fromName: input.fromName ?? null, fromAddress: (input.fromAddress ?? address).toLowerCase(), language: input.language, acknowledge: input.acknowledge,
    }).returning();
    if (!row) throw new Error('mailbox insert returned nothing');
    if (row.imap) await scheduleImapPoll(tx, row.workspaceId, row.id, new Date());
    await scheduleOutbox(tx, row.workspaceId, new Date());
    await recordAudit(tx, actor, { action: 'service.mailbox.created', entityType: 'mailbox', entityId: row.id, after: auditView(row) });
    return presentMailbox(row);
  });
}

export async function updateMailbox(db: Db, actor: Actor, id: string, input: MailboxUpdate) {
  return db.transaction(async (tx) => {
    const before = await findMailboxRow(tx, actor.workspaceId, id);
    await checkDepartment(tx, actor.workspaceId, input.departmentId);
    let imap = before.imap;
    let imapPassword = before.imapPassword;
    if (input.imap === null) {
      imap = null;
      imapPassword = null;
    } else if (input.imap) {
      const { password, ...changes } = input.imap;
      const merged = { folder: 'INBOX', pollSeconds: 60, secure: true, port: 993, ...(before.imap ?? {}), ...changes };
      if (!merged.host) throw invalid('body.imap.host', 'required', 'Polling a mailbox needs the IMAP host');
      if (!merged.user) throw invalid('body.imap.user', 'required', 'Polling a mailbox needs the IMAP user');
      imap = { host: merged.host, port: merged.port, secure: merged.secure, user: merged.user, folder: merged.folder, pollSeconds: merged.pollSeconds };
      imapPassword = password ?? imapPassword;
      if (!imapPassword) throw invalid('body.imap.password', 'required', 'Polling a mailbox needs its password');
    }
    const [row] = await tx.update(mailboxes).set({
      name: input.name ?? before.name,
      departmentId: input.departmentId === undefined ? before.departmentId : input.departmentId,
      inboundSmtp: input.inboundSmtp ?? before.inboundSmtp,
      imap, imapPassword,
      // A different server or folder has its own UIDs.
      ...(imap?.host !== before.imap?.host || imap?.folder !== before.imap?.folder || imap?.user !== before.imap?.user ? { imapUidValidity: null, imapLastUid: 0 } : {}),
      fromName: input.fromName === undefined ? before.fromName : input.fromName,
      fromAddress: input.fromAddress?.toLowerCase() ?? before.fromAddress,
      language: input.language ?? before.language,
      acknowledge: input.acknowledge ?? before.acknowledge,
      active: input.active ?? before.active,
      updatedAt: new Date(),
    }).where(and(eq(mailboxes.workspaceId, actor.workspaceId), eq(mailboxes.id, id))).returning();
    if (!row) throw notFound('Mailbox');
    if (row.imap && row.active && !before.imap) await scheduleImapPoll(tx, row.workspaceId, row.id, new Date());
    await recordAudit(tx, actor, { action: 'service.mailbox.updated', entityType: 'mailbox', entityId: id, before: auditView(before), after: auditView(row) });
    return presentMailbox(row);
  });
}
