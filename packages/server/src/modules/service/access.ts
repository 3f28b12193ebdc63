import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/problem.ts';
import { cases } from './schema.ts';

/** A coordinator (service:manage) and Vefa's own jobs see every department; everyone else their own department and their own cases. */
export function seesAllDepartments(actor: Actor): boolean {
  return actor.type === 'system' || actor.permissions.includes('service:manage');
}

/**
 * The caller's scope as separate index ranges (their department; their own
 * cases elsewhere), so the inbox can read each range in due order and merge,
 * instead of an OR the planner can only answer by scanning. null = everything.
 */
export function caseScopeBranches(actor: Actor): SQL[] | null {
  if (seesAllDepartments(actor)) return null;
  const branches: SQL[] = [];
  if (actor.departmentId) branches.push(eq(cases.departmentId, actor.departmentId));
  if (actor.userId) {
    branches.push(actor.departmentId
      ? and(eq(cases.assigneeId, actor.userId), sql`${cases.departmentId} is distinct from ${actor.departmentId}`) ?? sql`false`
      : eq(cases.assigneeId, actor.userId));
  }
  return branches;
}

export function caseScope(actor: Actor): SQL | undefined {
  if (seesAllDepartments(actor)) return undefined;
  const own: SQL[] = [];
  if (actor.departmentId) own.push(eq(cases.departmentId, actor.departmentId));
  if (actor.userId) own.push(eq(cases.assigneeId, actor.userId));
  return own.length > 0 ? or(...own) : sql`false`;
}

/** A case outside the caller's scope is "not found", not "forbidden": its existence is not theirs to know. */
export async function findCaseRow(db: Queryable, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(cases).where(and(eq(cases.workspaceId, actor.workspaceId), eq(cases.id, id), caseScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Case');
  return row;
}
