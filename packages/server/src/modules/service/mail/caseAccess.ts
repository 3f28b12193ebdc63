import type { Actor } from '../../../platform/auth/actor.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/problem.ts';
import type { CaseIntake, CaseRef } from '../caseIntake.ts';
import { findCaseRow, seesAllDepartments } from '../access.ts';

/**
 * The case as the caller may see it: the desk's own scope rule applies to its
 * mail too (an agent reads the mail of their department's and their own
 * cases); anything else is "not found".
 */
export async function visibleCase(tx: Tx, intake: CaseIntake, actor: Actor, caseId: string): Promise<CaseRef> {
  const ref = await intake.findCaseById(tx, actor.workspaceId, caseId);
  if (!ref) throw notFound('Case');
  if (!seesAllDepartments(actor)) await findCaseRow(tx, actor, caseId);
  return ref;
}
