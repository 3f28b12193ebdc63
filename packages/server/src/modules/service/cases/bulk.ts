import type { CaseBulkAction } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db } from '../../../platform/db/database.ts';
import { ProblemError } from '../../../platform/http/problem.ts';
import { findCaseRow } from '../access.ts';
import { applyCaseUpdate } from './caseCommands.ts';

/**
 * The same change on many cases. Each case runs in its own savepoint, so a case
 * the workflow refuses (or the caller may not see) is reported and the rest
 * still change; every change is audited and on the timeline like a single one.
 */
export async function bulkUpdateCases(db: Db, actor: Actor, input: CaseBulkAction) {
  const updated: string[] = [];
  const failed: { caseId: string; code: string; message: string }[] = [];
  await db.transaction(async (tx) => {
    for (const caseId of [...new Set(input.caseIds)]) {
      try {
        await tx.transaction(async (sp) => {
          const row = await findCaseRow(sp, actor, caseId, { forUpdate: true });
          const set = input.set;
          await applyCaseUpdate(sp, actor, row, {
            ...(set.status !== undefined && set.status !== row.status ? { status: set.status } : {}),
            ...(set.priority !== undefined ? { priority: set.priority } : {}),
            ...(set.assigneeId !== undefined ? { assigneeId: set.assigneeId } : {}),
          }, 'body.set');
        });
        updated.push(caseId);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        failed.push({ caseId, code: error.errors?.[0]?.code ?? error.code, message: error.message });
      }
    }
  });
  return { updated, failed };
}
