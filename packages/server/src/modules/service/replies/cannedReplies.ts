import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { CANNED_REPLY_VARIABLES, renderCannedReply, templateVariables } from '@vefa/domain';
import type { CannedReply } from '@vefa/contract';
import { CannedReplyCreate, CannedReplyUpdate } from '@vefa/contract';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { workspaces } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../../platform/http/problem.ts';
import { customers } from '../../customers/schema.ts';
import { cannedReplies } from '../schema.ts';
import { findCaseRow, seesAllDepartments } from '../access.ts';

type Row = typeof cannedReplies.$inferSelect;
const present = (r: Row): CannedReply => ({ id: r.id, name: r.name, body: r.body, departmentId: r.departmentId, createdAt: r.createdAt.toISOString() });

function checkVariables(body: { az: string; tr: string; en: string } | undefined) {
  if (!body) return;
  for (const lang of ['az', 'tr', 'en'] as const) {
    const unknown = templateVariables(body[lang]).find((v) => !(CANNED_REPLY_VARIABLES as readonly string[]).includes(v));
    if (unknown) throw invalid(`body.body.${lang}`, 'unknown_variable', `{{${unknown}}} is not a variable; use ${CANNED_REPLY_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`);
  }
}

/** Replies for everyone plus, for a scoped agent, those of their own department. */
export async function listCannedReplies(db: Queryable, actor: Actor) {
  const scope = seesAllDepartments(actor) ? undefined
    : or(isNull(cannedReplies.departmentId), actor.departmentId ? eq(cannedReplies.departmentId, actor.departmentId) : undefined);
  return (await db.select().from(cannedReplies).where(and(eq(cannedReplies.workspaceId, actor.workspaceId), scope)).orderBy(asc(cannedReplies.name))).map(present);
}

export async function createCannedReply(db: Db, actor: Actor, input: z.infer<typeof CannedReplyCreate>) {
  checkVariables(input.body);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(cannedReplies).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, body: input.body, departmentId: input.departmentId })
      .returning().catch(() => { throw invalid('body.departmentId', 'unknown_department', 'No such department in this workspace'); });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, actor, { action: 'service.canned_reply.created', entityType: 'canned_reply', entityId: row.id, after: present(row) });
    return present(row);
  });
}

export async function updateCannedReply(db: Db, actor: Actor, id: string, input: z.infer<typeof CannedReplyUpdate>) {
  checkVariables(input.body);
  return db.transaction(async (tx) => {
    const where = and(eq(cannedReplies.workspaceId, actor.workspaceId), eq(cannedReplies.id, id));
    const [before] = await tx.select().from(cannedReplies).where(where);
    if (!before) throw notFound('Canned reply');
    const [row] = await tx.update(cannedReplies).set({ name: input.name, body: input.body, departmentId: input.departmentId }).where(where).returning();
    if (!row) throw notFound('Canned reply');
    await recordAudit(tx, actor, { action: 'service.canned_reply.updated', entityType: 'canned_reply', entityId: id, before: present(before), after: present(row) });
    return present(row);
  });
}

export async function deleteCannedReply(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(cannedReplies).where(and(eq(cannedReplies.workspaceId, actor.workspaceId), eq(cannedReplies.id, id))).returning();
    if (!row) throw notFound('Canned reply');
    await recordAudit(tx, actor, { action: 'service.canned_reply.deleted', entityType: 'canned_reply', entityId: id, before: present(row) });
  });
}

/** The reply filled in for one case, in the case's (or the asked) language. */
export async function renderReplyForCase(db: Queryable, actor: Actor, replyId: string, caseId: string, language?: 'az' | 'tr' | 'en') {
  const [reply] = await db.select().from(cannedReplies).where(and(eq(cannedReplies.workspaceId, actor.workspaceId), eq(cannedReplies.id, replyId)));
  if (!reply) throw notFound('Canned reply');
  const row = await findCaseRow(db, actor, caseId);
  const [customer] = await db.select().from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, row.customerId)));
  const [ws] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
  const lang = language ?? (row.language === 'tr' || row.language === 'en' ? row.language : 'az');
  const rendered = renderCannedReply(reply.body[lang], {
    customer: { name: customer?.displayName, firstName: customer?.firstName, email: customer?.email },
    case: { number: row.number, subject: row.subject, status: row.status },
    agent: { name: actor.type === 'user' ? actor.name : null },
    workspace: { name: ws?.name },
  });
  return { text: rendered.text, language: lang, missing: [...rendered.missing] };
}
