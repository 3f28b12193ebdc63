// SLA clocks: how much of a target a case has used, when it falls due, and
// whether it is running, paused, met or breached. Time counts only in
// business hours and only while the case waits on us: statuses in
// PAUSING_STATUSES (waiting on the customer) are breaks, and a resolved or
// closed case stops the clock (a reopen restarts it where it stopped).
import type { CaseStatus, StatusChange } from '../workflow/case.ts';
import type { BusinessCalendar } from './businessCalendar.ts';
import { addBusinessMinutes, businessMsBetween } from './businessTime.ts';
import type { SlaPolicy } from './slaPolicy.ts';

const MS_PER_MINUTE = 60_000;

export const PAUSING_STATUSES: readonly CaseStatus[] = ['pending_customer'];
export const STOPPING_STATUSES: readonly CaseStatus[] = ['resolved', 'closed'];

export type SlaMetric = 'first_response' | 'resolution';
export type SlaClockState = 'running' | 'paused' | 'breached' | 'met';

export interface SlaCaseTimeline {
  readonly createdAt: Date;
  /** Status changes in time order; a case without history is "new" since createdAt. */
  readonly statusHistory: readonly StatusChange[];
  /** The first public reply by an agent, if any. */
  readonly firstRespondedAt?: Date | null;
}

export interface SlaClock {
  readonly metric: SlaMetric;
  readonly state: SlaClockState;
  readonly targetMinutes: number;
  /** Business minutes counted so far (up to fulfilment or `now`). */
  readonly usedMinutes: number;
  /** Target minus used; negative once overdue. */
  readonly minutesLeft: number;
  /** When the target runs out: set while running, and once breached; null while paused or met. */
  readonly dueAt: Date | null;
  readonly breachedAt: Date | null;
  readonly fulfilledAt: Date | null;
}

export interface ClockOptions {
  readonly pausingStatuses?: readonly CaseStatus[];
}

interface Segment {
  readonly status: CaseStatus;
  readonly from: number;
  readonly to: number;
}

function segmentsOf(timeline: SlaCaseTimeline, until: number): Segment[] {
  const history: readonly StatusChange[] =
    timeline.statusHistory.length > 0 ? timeline.statusHistory : [{ status: 'new', at: timeline.createdAt }];
  const out: Segment[] = [];
  history.forEach((change, i) => {
    const from = Math.max(change.at.getTime(), timeline.createdAt.getTime());
    const next = history[i + 1];
    const to = Math.min(next ? next.at.getTime() : until, until);
    if (to > from) out.push({ status: change.status, from, to });
  });
  return out;
}

/** The first instant the case entered a stopping status and stayed there (or null). */
function resolvedAt(timeline: SlaCaseTimeline): number | null {
  const last = timeline.statusHistory[timeline.statusHistory.length - 1];
  if (!last || !STOPPING_STATUSES.includes(last.status)) return null;
  let i = timeline.statusHistory.length - 1;
  while (i > 0) {
    const prev = timeline.statusHistory[i - 1];
    if (!prev || !STOPPING_STATUSES.includes(prev.status)) break;
    i--;
  }
  return timeline.statusHistory[i]?.at.getTime() ?? null;
}

/** One metric's clock at `now`. */
export function computeSlaClock(
  calendar: BusinessCalendar,
  metric: SlaMetric,
  targetMinutes: number,
  timeline: SlaCaseTimeline,
  now: Date,
  options: ClockOptions = {},
): SlaClock {
  const pausing = options.pausingStatuses ?? PAUSING_STATUSES;
  const resolved = resolvedAt(timeline);
  // A case resolved without a reply counts as answered at resolution.
  const fulfilled =
    metric === 'resolution'
      ? resolved
      : timeline.firstRespondedAt
        ? Math.min(timeline.firstRespondedAt.getTime(), resolved ?? Infinity)
        : resolved;
  const limit = Math.min(fulfilled ?? now.getTime(), now.getTime());
  const target = targetMinutes * MS_PER_MINUTE;
  let used = 0;
  let breachedAt: number | null = null;
  for (const seg of segmentsOf(timeline, limit)) {
    if (pausing.includes(seg.status) || STOPPING_STATUSES.includes(seg.status)) continue;
    const ms = businessMsBetween(calendar, new Date(seg.from), new Date(seg.to));
    if (breachedAt === null && used + ms >= target && target > used) {
      breachedAt = addBusinessMinutes(calendar, new Date(seg.from), (target - used) / MS_PER_MINUTE).getTime();
    }
    used += ms;
  }
  if (breachedAt === null && target === 0) breachedAt = timeline.createdAt.getTime();
  const current = timeline.statusHistory[timeline.statusHistory.length - 1]?.status ?? 'new';
  const isRunningNow = fulfilled === null && !pausing.includes(current) && !STOPPING_STATUSES.includes(current);
  // Business time between the segment start and now is already in `used`, so
  // adding what is left to `now` gives the same instant as adding to the start.
  const dueAt =
    breachedAt ?? (isRunningNow ? addBusinessMinutes(calendar, now, (target - used) / MS_PER_MINUTE).getTime() : null);
  const state: SlaClockState =
    breachedAt !== null && (fulfilled === null || breachedAt < fulfilled)
      ? 'breached'
      : fulfilled !== null
        ? 'met'
        : isRunningNow
          ? 'running'
          : 'paused';
  return {
    metric,
    state,
    targetMinutes,
    usedMinutes: used / MS_PER_MINUTE,
    minutesLeft: (target - used) / MS_PER_MINUTE,
    dueAt: state === 'met' ? null : dueAt === null ? null : new Date(dueAt),
    breachedAt: state === 'breached' && breachedAt !== null ? new Date(breachedAt) : null,
    fulfilledAt: fulfilled === null ? null : new Date(fulfilled),
  };
}

export interface CaseSla {
  readonly policyId: string;
  readonly firstResponse: SlaClock | null;
  readonly resolution: SlaClock | null;
  /** The earliest due time of the open clocks: store it on the case and index it. */
  readonly nextDueAt: Date | null;
}

export function computeCaseSla(
  calendar: BusinessCalendar,
  policy: SlaPolicy,
  timeline: SlaCaseTimeline,
  now: Date,
  options: ClockOptions = {},
): CaseSla {
  const clock = (metric: SlaMetric, minutes: number | undefined): SlaClock | null =>
    minutes === undefined ? null : computeSlaClock(calendar, metric, minutes, timeline, now, options);
  const firstResponse = clock('first_response', policy.firstResponseMinutes);
  const resolution = clock('resolution', policy.resolutionMinutes);
  const dues = [firstResponse, resolution]
    .filter((c): c is SlaClock => c !== null && (c.state === 'running' || c.state === 'breached') && c.fulfilledAt === null)
    .map((c) => c.dueAt?.getTime())
    .filter((t): t is number => t !== undefined);
  return {
    policyId: policy.id,
    firstResponse,
    resolution,
    nextDueAt: dues.length > 0 ? new Date(Math.min(...dues)) : null,
  };
}

export interface BreachWarningThresholds {
  /** Warn when this many business minutes or fewer are left. */
  readonly minutesLeft?: number;
  /** Warn when this share of the target is used (0.8 = 80 %). */
  readonly fractionUsed?: number;
}

export type SlaWarningLevel = 'none' | 'breaching_soon' | 'breached';

/** Whether a clock belongs in the "breaching soon" inbox. Paused and met clocks never warn. */
export function slaWarningLevel(clock: SlaClock, thresholds: BreachWarningThresholds): SlaWarningLevel {
  if (clock.state === 'breached') return 'breached';
  if (clock.state !== 'running') return 'none';
  const byMinutes = thresholds.minutesLeft !== undefined && clock.minutesLeft <= thresholds.minutesLeft;
  const byFraction =
    thresholds.fractionUsed !== undefined &&
    clock.targetMinutes > 0 &&
    clock.usedMinutes / clock.targetMinutes >= thresholds.fractionUsed;
  return byMinutes || byFraction ? 'breaching_soon' : 'none';
}

/** When to fire the warning job: `minutesBefore` business minutes before the due time. */
export function breachWarningAt(calendar: BusinessCalendar, clock: SlaClock, minutesBefore: number): Date | null {
  if (clock.state !== 'running' || clock.dueAt === null) return null;
  return addBusinessMinutes(calendar, clock.dueAt, -minutesBefore);
}
