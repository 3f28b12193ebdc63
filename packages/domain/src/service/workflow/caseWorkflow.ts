// The case status workflow as one explicit table, so the rules are readable
// in one place and the API, the UI and bulk actions all refuse the same moves.
import type { CaseStatus } from './case.ts';

export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  // A new case may be closed straight away: spam, or merged into a duplicate.
  new: ['open', 'pending_customer', 'pending_internal', 'resolved', 'closed'],
  open: ['pending_customer', 'pending_internal', 'resolved', 'closed'],
  pending_customer: ['open', 'pending_internal', 'resolved', 'closed'],
  pending_internal: ['open', 'pending_customer', 'resolved', 'closed'],
  // A resolved case either closes (quietly, after the CSAT window) or comes back.
  resolved: ['closed', 'reopened'],
  // A closed case only comes back as reopened, so reports can count reopens.
  closed: ['reopened'],
  reopened: ['open', 'pending_customer', 'pending_internal', 'resolved', 'closed'],
};

export type CaseTransitionErrorCode = 'same_status' | 'not_allowed';

export class CaseTransitionError extends Error {
  readonly code: CaseTransitionErrorCode;
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  readonly allowed: readonly CaseStatus[];

  constructor(code: CaseTransitionErrorCode, from: CaseStatus, to: CaseStatus) {
    const allowed = CASE_TRANSITIONS[from];
    super(
      code === 'same_status'
        ? `The case is already ${from}`
        : `A ${from} case cannot become ${to}; it can become ${allowed.join(', ')}`,
    );
    this.name = 'CaseTransitionError';
    this.code = code;
    this.from = from;
    this.to = to;
    this.allowed = allowed;
  }
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** Returns the new status, or throws a CaseTransitionError that says what is allowed. */
export function transition(from: CaseStatus, to: CaseStatus): CaseStatus {
  if (from === to) throw new CaseTransitionError('same_status', from, to);
  if (!canTransition(from, to)) throw new CaseTransitionError('not_allowed', from, to);
  return to;
}

/** An inbound customer reply moves a waiting or finished case back into the queue. */
export function statusAfterCustomerReply(current: CaseStatus): CaseStatus {
  switch (current) {
    case 'pending_customer':
      return 'open';
    case 'resolved':
    case 'closed':
      return 'reopened';
    default:
      return current;
  }
}

/** Open work: counted for "least open cases" assignment and the backlog. */
export function isOpenStatus(status: CaseStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}
