import { and, asc, eq, ilike, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { normaliseCaseNumber } from '@vefa/domain';
import type { CaseListQuery, CursorQuery } from '@vefa/contract';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../../platform/http/cursor.ts';
import { caseEvents, caseMentions, cases } from '../schema.ts';
import { caseScopeBranches, findCaseRow } from '../access.ts';
import { loadSlaContext } from '../sla/caseClock.ts';
import { presentCaseEvent, presentCaseList } from './presenter.ts';

const isCursor = (v: unknown): v is [number, string] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string';
const FAR = Date.UTC(9999, 11, 31);

/**
 * Whether the view itself keeps to what the caller may see, so the scope adds
 * nothing: their own cases ("mine"), or their own department. Without this the
 * scope's second branch (own cases in other departments) walked every open case
 * of the agent, row by row, to find the few outside their department, and
 * "mine" and "my department" were the slowest views on a large desk.
 */
function coveredByScope(actor: Actor, query: CaseListQuery): boolean {
  if (actor.userId && (query.view === 'mine' || query.assigneeId === actor.userId)) return true;
  const department = query.view === 'department' ? query.departmentId ?? actor.departmentId : query.departmentId;
  return actor.departmentId !== null && department === actor.departmentId;
}

/**
 * The inbox. Each view is one range of a partial index on open cases ordered
 * by (queue_due_at, id) — the earliest SLA due time first — and pages by keyset.
 */
export async function listCases(db: Queryable, actor: Actor, query: CaseListQuery) {
  const after = decodeCursor(query.cursor, isCursor);
  const statuses = query.status === undefined ? null : [query.status].flat();
  const where: (SQL | undefined)[] = [eq(cases.workspaceId, actor.workspaceId)];
  where.push(statuses ? inArray(cases.status, statuses) : eq(cases.isOpen, true));
  switch (query.view) {
    case 'mine':
      where.push(actor.userId ? eq(cases.assigneeId, actor.userId) : sql`false`);
      break;
    case 'department': {
      const dept = query.departmentId ?? actor.departmentId;
      where.push(dept ? eq(cases.departmentId, dept) : sql`false`);
      break;
    }
    case 'unassigned':
      where.push(isNull(cases.assigneeId));
      break;
    case 'breaching':
      // Wall-clock horizon over the stored business-time due: a range on the index, refined by the clocks shown.
      where.push(lt(cases.queueDueAt, new Date(Date.now() + query.breachingWithinMinutes * 60_000)));
      break;
    default:
      break;
  }
  if (query.priority) where.push(eq(cases.priority, query.priority));
  if (query.type) where.push(eq(cases.type, query.type));
  if (query.channel) where.push(eq(cases.channel, query.channel));
  if (query.departmentId && query.view !== 'department') where.push(eq(cases.departmentId, query.departmentId));
  if (query.assigneeId) where.push(eq(cases.assigneeId, query.assigneeId));
  if (query.customerId) where.push(eq(cases.customerId, query.customerId));
  if (query.category) where.push(eq(cases.category, query.category));
  if (query.tag) where.push(sql`${cases.tags} @> array[${query.tag}]::text[]`);
  if (query.q) {
    const number = normaliseCaseNumber(query.q);
    where.push(number ? eq(cases.number, number) : ilike(cases.subject, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  }
  if (after) where.push(sql`(${cases.queueDueAt}, ${cases.id}) > (${new Date(after[0])}, ${after[1]})`);
  // One ordered range per scope branch, merged: each is a walk along one partial index.
  const branches = (coveredByScope(actor, query) ? null : caseScopeBranches(actor)) ?? [undefined];
  const fetched = await Promise.all(branches.map((branch) =>
    db.select().from(cases).where(and(...where, branch)).orderBy(asc(cases.queueDueAt), asc(cases.id)).limit(query.limit + 1)));
  const rows = fetched.flat()
    .sort((a, b) => a.queueDueAt.getTime() - b.queueDueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const ctx = await loadSlaContext(db, actor.workspaceId);
  const dueMs = (d: Date) => (Number.isFinite(d.getTime()) ? Math.min(d.getTime(), FAR) : FAR);
  return {
    items: await presentCaseList(db, actor.workspaceId, page, ctx),
    nextCursor: rows.length > query.limit && last ? encodeCursor([dueMs(last.queueDueAt), last.id]) : null,
  };
}

/** A case's history, oldest first. */
export async function listCaseEvents(db: Queryable, actor: Actor, id: string, page: z.infer<typeof CursorQuery>) {
  await findCaseRow(db, actor, id);
  const after = decodeCursor(page.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  const rows = await db.select().from(caseEvents).where(and(
    eq(caseEvents.workspaceId, actor.workspaceId), eq(caseEvents.caseId, id),
    after ? sql`(${caseEvents.at}, ${caseEvents.id}) > (${new Date(after[0])}, ${after[1]})` : undefined,
  )).orderBy(asc(caseEvents.at), asc(caseEvents.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(presentCaseEvent), nextCursor: rows.length > page.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
}

/** Notes that @mention the caller, newest first. */
export async function listMyMentions(db: Queryable, actor: Actor, page: z.infer<typeof CursorQuery>) {
  if (!actor.userId) return { items: [], nextCursor: null };
  const after = decodeCursor(page.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  const rows = await db.select({ event: caseEvents }).from(caseMentions)
    .innerJoin(caseEvents, and(eq(caseEvents.workspaceId, caseMentions.workspaceId), eq(caseEvents.id, caseMentions.eventId)))
    .where(and(eq(caseMentions.workspaceId, actor.workspaceId), eq(caseMentions.userId, actor.userId),
      after ? sql`(${caseEvents.at}, ${caseEvents.id}) < (${new Date(after[0])}, ${after[1]})` : undefined))
    .orderBy(sql`${caseEvents.at} desc, ${caseEvents.id} desc`).limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((r) => r.event);
  const last = items.at(-1);
  return { items: items.map(presentCaseEvent), nextCursor: rows.length > page.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
}

