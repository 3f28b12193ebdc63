import { CaseTransitionError, isOpenStatus, transition, type CaseStatus } from '@vefa/domain';
import { ProblemError } from '../../../platform/http/problem.ts';
import type { CaseRow } from '../sla/caseClock.ts';

/**
 * The columns a status change sets, after the domain workflow allowed it. A
 * forbidden move is a 409 naming the field and what the case could become.
 */
export function statusFields(row: Pick<CaseRow, 'status' | 'statusHistory' | 'resolvedAt' | 'closedAt'>, to: CaseStatus, at: Date, field = 'body.status') {
  try {
    transition(row.status as CaseStatus, to);
  } catch (error) {
    if (error instanceof CaseTransitionError) {
      throw new ProblemError(409, 'invalid_transition', error.message, [{ field, code: error.code, message: `allowed: ${error.allowed.join(', ')}` }]);
    }
    throw error;
  }
  return {
    status: to,
    isOpen: isOpenStatus(to),
    statusHistory: [...row.statusHistory, { status: to, at: at.toISOString() }],
    resolvedAt: to === 'resolved' ? at : to === 'closed' ? row.resolvedAt ?? at : to === 'reopened' ? null : row.resolvedAt,
    closedAt: to === 'closed' ? at : to === 'reopened' ? null : row.closedAt,
    updatedAt: at,
  };
}
