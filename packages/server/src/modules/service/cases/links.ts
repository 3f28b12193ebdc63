import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, ProblemError } from '../../../platform/http/problem.ts';
import { caseEvents, caseLinks, caseMentions, cases } from '../schema.ts';
import { findCaseRow } from '../access.ts';
import { refreshSla } from '../sla/caseClock.ts';
import { appendCaseEvent } from './caseEvents.ts';
import { caseView } from './caseCommands.ts';
import { statusFields } from './statusChange.ts';

/**
 * Tables whose rows belong to a case by (workspace_id, <column>): merging
 * duplicates moves them to the survivor. The mail channel registers its
 * messages here, so a merge never leaves correspondence on the closed case.
 */
export const CASE_REFERENCES: { table: string; column: string }[] = [];

export function registerCaseReference(table: string, column: string) {
  if (!CASE_REFERENCES.some((r) => r.table === table && r.column === column)) CASE_REFERENCES.push({ table, column });
}

async function link(tx: Queryable, workspaceId: string, a: string, b: string, kind: 'related' | 'duplicate') {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    await tx.insert(caseLinks).values({ workspaceId, caseId: from, otherCaseId: to, kind })
      .onConflictDoUpdate({ target: [caseLinks.workspaceId, caseLinks.caseId, caseLinks.otherCaseId], set: { kind } });
  }
}

export async function linkCases(db: Db, actor: Actor, id: string, otherId: string, kind: 'related' | 'duplicate') {
  if (id === otherId) throw invalid('body.otherCaseId', 'same_case', 'A case cannot be linked to itself');
  return db.transaction(async (tx) => {
    const row = await findCaseRow(tx, actor, id, { forUpdate: true });
    const other = await findCaseRow(tx, actor, otherId).catch(() => { throw invalid('body.otherCaseId', 'unknown_case', 'No such case you can see'); });
    await link(tx, actor.workspaceId, row.id, other.id, kind);
    await appendCaseEvent(tx, actor, row, { kind: 'linked', data: { otherCaseId: other.id, otherNumber: other.number, kind } });
    await appendCaseEvent(tx, actor, other, { kind: 'linked', data: { otherCaseId: row.id, otherNumber: row.number, kind } });
    await recordAudit(tx, actor, { action: 'service.case.linked', entityType: 'case', entityId: row.id, after: { otherCaseId: other.id, kind } });
    return caseView(tx, row);
  });
}

/** Closes `duplicateId` into `id`: its history, mentions and messages move to the survivor, the two stay linked. */
export async function mergeCases(db: Db, actor: Actor, id: string, duplicateId: string) {
  if (id === duplicateId) throw invalid('body.duplicateId', 'same_case', 'A case cannot be merged into itself');
  return db.transaction(async (tx) => {
    const keep = await findCaseRow(tx, actor, id, { forUpdate: true });
    const dup = await findCaseRow(tx, actor, duplicateId, { forUpdate: true }).catch(() => { throw invalid('body.duplicateId', 'unknown_case', 'No such case you can see'); });
    if (keep.mergedIntoId) throw new ProblemError(409, 'case_merged', `${keep.number} was itself merged; merge into the case it went to`);
    if (dup.mergedIntoId) throw new ProblemError(409, 'case_merged', `${dup.number} was already merged`, [{ field: 'body.duplicateId', code: 'already_merged', message: 'already merged' }]);
    const ws = actor.workspaceId;
    const moved = await tx.update(caseEvents).set({ caseId: keep.id }).where(and(eq(caseEvents.workspaceId, ws), eq(caseEvents.caseId, dup.id))).returning({ id: caseEvents.id });
    await tx.update(caseMentions).set({ caseId: keep.id }).where(and(eq(caseMentions.workspaceId, ws), eq(caseMentions.caseId, dup.id)));
    for (const ref of CASE_REFERENCES) {
      await tx.execute(sql`update ${sql.identifier(ref.table)} set ${sql.identifier(ref.column)} = ${keep.id} where workspace_id = ${ws} and ${sql.identifier(ref.column)} = ${dup.id}`);
    }
    const now = new Date();
    const closing = dup.status === 'closed' ? {} : statusFields(dup, 'closed', now, 'body.duplicateId');
    const [closed] = await tx.update(cases).set({ ...closing, mergedIntoId: keep.id, updatedAt: now })
      .where(and(eq(cases.workspaceId, ws), eq(cases.id, dup.id))).returning();
    if (closed) await refreshSla(tx, closed);
    const [kept] = await tx.update(cases).set({ tags: [...new Set([...keep.tags, ...dup.tags])], updatedAt: now })
      .where(and(eq(cases.workspaceId, ws), eq(cases.id, keep.id))).returning();
    await link(tx, ws, keep.id, dup.id, 'duplicate');
    const survivor = kept ?? keep;
    await appendCaseEvent(tx, actor, survivor, { kind: 'merged', data: { duplicateId: dup.id, duplicateNumber: dup.number, movedEvents: moved.length } });
    await appendCaseEvent(tx, actor, closed ?? dup, { kind: 'merged', data: { survivorId: keep.id, survivorNumber: keep.number } });
    await recordAudit(tx, actor, { action: 'service.case.merged', entityType: 'case', entityId: keep.id, before: { duplicateId: dup.id, duplicateStatus: dup.status }, after: { movedEvents: moved.length } });
    return caseView(tx, survivor);
  });
}
