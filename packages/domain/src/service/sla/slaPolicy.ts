// SLA policies: which targets apply to a case. Like Zammad, policies are
// checked in the order the admin lists them and the first match wins, so a
// narrow "VIP complaints" policy goes above a catch-all.
import type { CasePriority, CaseType } from '../workflow/case.ts';

export interface SlaPolicyConditions {
  /** An empty or missing list matches any value. */
  readonly priorities?: readonly CasePriority[];
  readonly types?: readonly CaseType[];
  readonly customerTiers?: readonly string[];
}

export interface SlaPolicy {
  readonly id: string;
  readonly name: string;
  readonly conditions: SlaPolicyConditions;
  /** Business minutes until the first agent reply; omitted = not measured. */
  readonly firstResponseMinutes?: number;
  /** Business minutes until resolution, not counting paused time. */
  readonly resolutionMinutes?: number;
  readonly enabled?: boolean;
}

export interface SlaSubject {
  readonly priority: CasePriority;
  readonly type: CaseType;
  readonly customerTier?: string | null;
}

function allows<T>(list: readonly T[] | undefined, value: T | null | undefined): boolean {
  if (!list || list.length === 0) return true;
  return value !== null && value !== undefined && list.includes(value);
}

export function slaPolicyMatches(policy: SlaPolicy, subject: SlaSubject): boolean {
  const c = policy.conditions;
  return (
    policy.enabled !== false &&
    allows(c.priorities, subject.priority) &&
    allows(c.types, subject.type) &&
    allows(c.customerTiers, subject.customerTier)
  );
}

/** The first enabled policy, in list order, whose conditions all hold. */
export function matchSlaPolicy(policies: readonly SlaPolicy[], subject: SlaSubject): SlaPolicy | null {
  return policies.find((p) => slaPolicyMatches(p, subject)) ?? null;
}
