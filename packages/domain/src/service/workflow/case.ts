// The vocabulary of a service case, shared by workflow, SLA and routing.

export const CASE_STATUSES = [
  'new',
  'open',
  'pending_customer',
  'pending_internal',
  'resolved',
  'closed',
  'reopened',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_TYPES = ['complaint', 'suggestion', 'question', 'request', 'onboarding'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** Ordered from least to most urgent, so an index comparison ranks them. */
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const CASE_CHANNELS = ['email', 'web_form', 'phone', 'meeting', 'api', 'chat', 'survey'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** One entry of a case's status history: the status it entered and when. */
export interface StatusChange {
  readonly status: CaseStatus;
  readonly at: Date;
}

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

export function comparePriority(a: CasePriority, b: CasePriority): number {
  return CASE_PRIORITIES.indexOf(a) - CASE_PRIORITIES.indexOf(b);
}
