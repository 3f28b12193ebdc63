import { and, eq, sql } from 'drizzle-orm';
import {
  breachWarningAt, computeCaseSla, matchSlaPolicy, PAUSING_STATUSES, type BusinessCalendar, type CasePriority, type CaseSla,
  type CaseStatus, type CaseType, type SlaClock, type SlaCaseTimeline,
} from '@vefa/domain';
import type { CaseSlaView, SlaClockView } from '@vefa/contract';
import { sqlRows, type Queryable } from '../../../platform/db/database.ts';
import { enqueueJob } from '../../../platform/jobs/jobQueue.ts';
import { cases } from '../schema.ts';
import { loadCalendar } from './calendar.ts';
import { listSlaPolicyRows, toDomainPolicy, type SlaPolicyRow } from './policies.ts';

export type CaseRow = typeof cases.$inferSelect;
export const SLA_CHECK_JOB = 'service.sla.check';

export interface SlaContext { calendar: BusinessCalendar; policies: SlaPolicyRow[] }

export async function loadSlaContext(db: Queryable, workspaceId: string): Promise<SlaContext> {
  return { calendar: await loadCalendar(db, workspaceId), policies: await listSlaPolicyRows(db, workspaceId) };
}

export function timelineOf(row: Pick<CaseRow, 'createdAt' | 'statusHistory' | 'firstRespondedAt'>): SlaCaseTimeline {
  return {
    createdAt: row.createdAt,
    statusHistory: row.statusHistory.map((s) => ({ status: s.status as CaseStatus, at: new Date(s.at) })),
    firstRespondedAt: row.firstRespondedAt,
  };
}

export interface CaseSlaState { policy: SlaPolicyRow | null; clocks: CaseSla | null }

export function slaStateOf(ctx: SlaContext, row: Pick<CaseRow, 'slaPolicyId' | 'createdAt' | 'statusHistory' | 'firstRespondedAt'>, now = new Date()): CaseSlaState {
  const policy = ctx.policies.find((p) => p.id === row.slaPolicyId) ?? null;
  if (!policy) return { policy: null, clocks: null };
  return { policy, clocks: computeCaseSla(ctx.calendar, toDomainPolicy(policy), timelineOf(row), now) };
}

function clockView(c: SlaClock | null): SlaClockView | null {
  if (!c) return null;
  return {
    state: c.state, targetMinutes: c.targetMinutes, dueAt: c.dueAt?.toISOString() ?? null,
    remainingMinutes: Math.floor(c.minutesLeft), breachedAt: c.breachedAt?.toISOString() ?? null, fulfilledAt: c.fulfilledAt?.toISOString() ?? null,
  };
}

export function presentSla(state: CaseSlaState, row: Pick<CaseRow, 'status'>): CaseSlaView {
  const { policy, clocks } = state;
  const fr = clocks?.firstResponse ?? null;
  const res = clocks?.resolution ?? null;
  return {
    policyId: policy?.id ?? null,
    policyName: policy?.name ?? null,
    firstResponse: clockView(fr),
    resolution: clockView(res),
    nextDueAt: clocks?.nextDueAt?.toISOString() ?? null,
    paused: PAUSING_STATUSES.includes(row.status as CaseStatus) && clocks !== null,
    breached: fr?.state === 'breached' || res?.state === 'breached',
  };
}

/** The customer's best loyalty tier name, which SLA policies and routing rules may ask about. */
export async function customerTierOf(db: Queryable, workspaceId: string, customerId: string): Promise<string | null> {
  const rows = await sqlRows<{ name: string }>(db, sql`select t.name from loyalty_members m
    join loyalty_tiers t on t.workspace_id = m.workspace_id and t.id = m.tier_id
    where m.workspace_id = ${workspaceId} and m.customer_id = ${customerId} and m.opted_out_at is null
    order by t.rank desc limit 1`);
  return rows[0]?.name ?? null;
}

/** The policy a case falls under, by its priority, type and the customer's tier. */
export function matchPolicyId(ctx: SlaContext, row: Pick<CaseRow, 'priority' | 'type'>, tier: string | null): string | null {
  return matchSlaPolicy(ctx.policies.map(toDomainPolicy), { priority: row.priority as CasePriority, type: row.type as CaseType, customerTier: tier })?.id ?? null;
}

/** The SLA columns a case stores (the inbox orders by them), computed from its clocks. */
export function slaFieldsOf(ctx: SlaContext, row: Pick<CaseRow, 'slaPolicyId' | 'createdAt' | 'statusHistory' | 'firstRespondedAt' | 'status'>, now: Date) {
  const state = slaStateOf(ctx, row, now);
  const { clocks } = state;
  const due = (c: SlaClock | null | undefined) => (c && (c.state === 'running' || c.state === 'breached') ? c.dueAt : null);
  const fields = {
    slaPolicyId: row.slaPolicyId,
    firstResponseDueAt: due(clocks?.firstResponse),
    resolutionDueAt: due(clocks?.resolution),
    queueDueAt: clocks?.nextDueAt ?? new Date(Date.UTC(9999, 11, 31)),
    slaPaused: presentSla(state, row).paused,
    slaBreached: clocks?.firstResponse?.state === 'breached' || clocks?.resolution?.state === 'breached',
  };
  return { state, fields };
}

/** Queues the warning and breach checks of the running clocks; a job queued twice for the same due time is one job. */
export async function queueSlaChecks(tx: Queryable, ctx: SlaContext, row: Pick<CaseRow, 'workspaceId' | 'id'>, state: CaseSlaState) {
  const { policy, clocks } = state;
  if (!policy || !clocks) return;
  for (const clock of [clocks.firstResponse, clocks.resolution]) {
    if (!clock || clock.state !== 'running' || !clock.dueAt) continue;
    const dueIso = clock.dueAt.toISOString();
    const warnAt = breachWarningAt(ctx.calendar, clock, policy.warnBeforeMinutes);
    const payload = { caseId: row.id, metric: clock.metric, dueAt: dueIso };
    if (warnAt && policy.warnBeforeMinutes > 0) {
      await enqueueJob(tx, row.workspaceId, SLA_CHECK_JOB, payload, { runAt: warnAt, dedupeKey: `${row.id}:warn:${clock.metric}:${dueIso}` });
    }
    await enqueueJob(tx, row.workspaceId, SLA_CHECK_JOB, payload, { runAt: clock.dueAt, dedupeKey: `${row.id}:due:${clock.metric}:${dueIso}` });
  }
}

/**
 * Recomputes a case's clocks and stores their due times (the inbox orders by
 * them), then queues the warning and breach checks. `rematch` picks the
 * policy again, after the priority or type changed. Runs in the caller's
 * transaction.
 */
export async function refreshSla(tx: Queryable, row: CaseRow, options: { rematch?: boolean; now?: Date; ctx?: SlaContext; alsoSet?: Partial<CaseRow> } = {}): Promise<CaseRow> {
  const now = options.now ?? new Date();
  const ctx = options.ctx ?? await loadSlaContext(tx, row.workspaceId);
  let policyId = row.slaPolicyId;
  if (options.rematch || (policyId && !ctx.policies.some((p) => p.id === policyId))) {
    policyId = matchPolicyId(ctx, row, await customerTierOf(tx, row.workspaceId, row.customerId));
  }
  const candidate = { ...row, slaPolicyId: policyId };
  const { state, fields } = slaFieldsOf(ctx, candidate, now);
  // alsoSet: the caller's own change to the row, written in the same update.
  const [updated] = await tx.update(cases).set({ ...options.alsoSet, ...fields }).where(and(eq(cases.workspaceId, row.workspaceId), eq(cases.id, row.id))).returning();
  await queueSlaChecks(tx, ctx, row, state);
  return updated ?? { ...row, ...fields };
}
