import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { visibleCase } from './caseAccess.ts';
import { decodeCursor, encodeCursor } from '../../../platform/http/cursor.ts';
import { notFound } from '../../../platform/http/problem.ts';
import type { CaseIntake } from '../caseIntake.ts';
import { mailAttachments, mailMessages } from './schema.ts';
import { presentMailMessage } from './presenter.ts';

/** A case's mail, oldest first (a conversation reads down), with attachment lists; keyset-paged. */
export async function listCaseMessages(db: Db, intake: CaseIntake, actor: Actor, caseId: string, page: { cursor?: string | undefined; limit: number }) {
  const workspaceId = actor.workspaceId;
  await db.transaction((tx) => visibleCase(tx, intake, actor, caseId));
  const after = decodeCursor(page.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  const rows = await db.select().from(mailMessages).where(and(
    eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.caseId, caseId),
    after ? or(gt(mailMessages.receivedAt, new Date(after[0])), and(eq(mailMessages.receivedAt, new Date(after[0])), gt(mailMessages.id, after[1]))) : undefined,
  )).orderBy(asc(mailMessages.receivedAt), asc(mailMessages.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const attachments = items.length === 0 ? [] : await db.select({
    id: mailAttachments.id, messageId: mailAttachments.messageId, fileName: mailAttachments.fileName, contentType: mailAttachments.contentType,
    size: mailAttachments.size, sha256: mailAttachments.sha256,
  }).from(mailAttachments).where(and(eq(mailAttachments.workspaceId, workspaceId), inArray(mailAttachments.messageId, items.map((m) => m.id))))
    .orderBy(asc(mailAttachments.createdAt));
  const last = items.at(-1);
  return {
    items: items.map((m) => presentMailMessage(m, attachments.filter((a) => a.messageId === m.id))),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.receivedAt.toISOString(), last.id]) : null,
  };
}

/** One attachment of a case's mail, bytes included. */
export async function findCaseAttachment(db: Db, intake: CaseIntake, actor: Actor, caseId: string, attachmentId: string) {
  const workspaceId = actor.workspaceId;
  await db.transaction((tx) => visibleCase(tx, intake, actor, caseId));
  const [row] = await db.select({
    fileName: mailAttachments.fileName, contentType: mailAttachments.contentType, size: mailAttachments.size, sha256: mailAttachments.sha256, content: mailAttachments.content,
  }).from(mailAttachments)
    .innerJoin(mailMessages, and(eq(mailMessages.workspaceId, mailAttachments.workspaceId), eq(mailMessages.id, mailAttachments.messageId)))
    .where(and(eq(mailAttachments.workspaceId, workspaceId), eq(mailAttachments.id, attachmentId), eq(mailMessages.caseId, caseId)));
  if (!row) throw notFound('Attachment');
  return row;
}
