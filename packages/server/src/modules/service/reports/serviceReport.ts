import { eq, sql } from 'drizzle-orm';
import { computeCaseSla, type SlaClock } from '@vefa/domain';
import type { ServiceReport, ServiceReportQuery } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import { sqlRows, type Queryable } from '../../../platform/db/database.ts';
import { workspaces } from '../../../platform/db/schema.ts';
import { invalid } from '../../../platform/http/problem.ts';
import { caseScope } from '../access.ts';
import { loadSlaContext, timelineOf } from '../sla/caseClock.ts';
import { toDomainPolicy } from '../sla/policies.ts';
import { cases } from '../schema.ts';
import { reportText, valueLabel, type ReportLanguage } from './reportTexts.ts';

const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function minutesSummary(clocks: SlaClock[], unmeasured: number[]) {
  const done = clocks.filter((c) => c.fulfilledAt !== null);
  // Clocks still running have not met or missed their target yet.
  const decided = clocks.filter((c) => c.state === 'met' || c.state === 'breached');
  const minutes = [...done.map((c) => c.usedMinutes), ...unmeasured];
  return {
    count: minutes.length,
    medianMinutes: round(median(minutes), 1),
    averageMinutes: minutes.length ? round(minutes.reduce((a, b) => a + b, 0) / minutes.length, 1) : null,
    withinSla: done.filter((c) => c.state === 'met').length,
    breached: clocks.filter((c) => c.state === 'breached').length,
    withinSlaRate: decided.length ? round(decided.filter((c) => c.state === 'met').length / decided.length, 4) : null,
  };
}

/**
 * The coordinator's management report for a date range (inclusive, in the
 * workspace's time zone): satisfaction, volume, recurring issues, actions,
 * response and resolution times against the SLA, and today's backlog. A
 * department-scoped reader gets the same report over their own cases.
 */
export async function buildServiceReport(db: Queryable, actor: Actor, query: ServiceReportQuery, now = new Date()): Promise<ServiceReport> {
  if (query.to < query.from) throw invalid('query.to', 'range_reversed', 'to must not be before from');
  const lang: ReportLanguage = query.language;
  const [ws] = await db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
  const tz = ws?.timeZone ?? 'UTC';
  const start = sql`(${query.from}::date)::timestamp at time zone ${tz}`;
  const end = sql`(${query.to}::date + 1)::timestamp at time zone ${tz}`;
  const scope = caseScope(actor) ?? sql`true`;
  const base = sql`cases.workspace_id = ${actor.workspaceId} and (${scope})`;
  const opened = sql`${base} and cases.created_at >= ${start} and cases.created_at < ${end} and cases.merged_into_id is null`;
  const resolvedIn = sql`${base} and cases.resolved_at >= ${start} and cases.resolved_at < ${end} and cases.merged_into_id is null`;
  // No alias: the scope helper's condition names the table "cases".
  const from = sql`cases`;

  const counts = async (column: string, where = opened) => sqlRows<{ key: string | null; n: number }>(db,
    sql`select ${sql.raw(column)} as key, count(*)::int as n from ${from} where ${where} group by 1 order by 2 desc, 1 limit 50`);
  const [byCategory, byChannel, byType, byRootCause] = await Promise.all([
    counts('cases.category'), counts('cases.channel'), counts('cases.type'), counts('cases.root_cause', resolvedIn),
  ]);
  const byDepartment = await sqlRows<{ key: string | null; name: string | null; n: number }>(db, sql`select cases.department_id as key, d.name, count(*)::int as n from ${from}
    left join departments d on d.workspace_id = cases.workspace_id and d.id = cases.department_id where ${opened} group by 1, 2 order by 3 desc, 2 limit 50`);
  const [totals] = await sqlRows<{ opened: number; resolved: number }>(db, sql`select
    (select count(*)::int from ${from} where ${opened}) as opened, (select count(*)::int from ${from} where ${resolvedIn}) as resolved`);
  const topIssues = await sqlRows<{ category: string; n: number; reopened: number }>(db, sql`select coalesce(cases.category, '') as category, count(*)::int as n,
    count(*) filter (where cases.status_history @> '[{"status":"reopened"}]'::jsonb)::int as reopened
    from ${from} where ${opened} group by 1 order by 2 desc, 1 limit 10`);
  const actions = await sqlRows<{ number: string; category: string | null; root_cause: string; action_taken: string; resolved_at: Date | string }>(db, sql`select cases.number, cases.category, cases.root_cause, cases.action_taken, cases.resolved_at
    from ${from} where ${resolvedIn} and cases.root_cause is not null and cases.action_taken is not null order by cases.resolved_at desc limit 50`);

  const csatScope = sql`r.workspace_id = ${actor.workspaceId} and r.answered_at is not null and exists (select 1 from cases where cases.workspace_id = r.workspace_id and cases.id = r.case_id and (${scope}))`;
  const [csat] = await sqlRows<{ n: number; avg: number | null; satisfied: number }>(db, sql`select count(*)::int as n, avg(r.score)::float as avg, count(*) filter (where r.score >= 4)::int as satisfied
    from csat_requests r where ${csatScope} and r.answered_at >= ${start} and r.answered_at < ${end}`);
  const trend = await sqlRows<{ month: string; n: number; avg: number | null }>(db, sql`select to_char(r.answered_at at time zone ${tz}, 'YYYY-MM') as month, count(*)::int as n, avg(r.score)::float as avg
    from csat_requests r where ${csatScope} and r.answered_at >= ((${query.to}::date - interval '11 months')::date)::timestamp at time zone ${tz} and r.answered_at < ${end}
    group by 1 order by 1`);

  // Times against the SLA come from the domain clock over each case's status history, in business minutes.
  const ctx = await loadSlaContext(db, actor.workspaceId);
  const timed = await db.select({ createdAt: cases.createdAt, statusHistory: cases.statusHistory, firstRespondedAt: cases.firstRespondedAt, slaPolicyId: cases.slaPolicyId, resolvedAt: cases.resolvedAt })
    .from(cases).where(sql`${cases.workspaceId} = ${actor.workspaceId} and (${caseScope(actor) ?? sql`true`}) and ${cases.mergedIntoId} is null
      and ${cases.createdAt} >= ${start} and ${cases.createdAt} < ${end}`).limit(50_000);
  const fr: SlaClock[] = [];
  const res: SlaClock[] = [];
  const frUnmeasured: number[] = [];
  const resUnmeasured: number[] = [];
  for (const row of timed) {
    const policy = ctx.policies.find((p) => p.id === row.slaPolicyId);
    const measured = computeCaseSla(ctx.calendar, policy ? toDomainPolicy(policy) : { id: 'none', name: 'none', conditions: {}, firstResponseMinutes: 1e9, resolutionMinutes: 1e9 }, timelineOf(row), now);
    if (policy?.firstResponseMinutes && measured.firstResponse) fr.push(measured.firstResponse);
    else if (measured.firstResponse?.fulfilledAt) frUnmeasured.push(measured.firstResponse.usedMinutes);
    if (policy?.resolutionMinutes && measured.resolution) res.push(measured.resolution);
    else if (measured.resolution?.fulfilledAt) resUnmeasured.push(measured.resolution.usedMinutes);
  }

  const [backlog] = await sqlRows<{ open: number; breached: number; old: number }>(db, sql`select count(*)::int as open, count(*) filter (where cases.sla_breached)::int as breached,
    count(*) filter (where cases.created_at < ${new Date(now.getTime() - 7 * 86_400_000)})::int as old from ${from} where ${base} and cases.is_open`);
  const byStatus = await sqlRows<{ key: string; n: number }>(db, sql`select cases.status as key, count(*)::int as n from ${from} where ${base} and cases.is_open group by 1 order by 2 desc`);

  const text = (k: string | null, fallback: string) => (k === null || k === '' ? fallback : k);
  return {
    from: query.from, to: query.to, generatedAt: now.toISOString(),
    satisfaction: {
      responses: csat?.n ?? 0, average: round(csat?.avg ?? null), satisfiedRate: csat?.n ? round(csat.satisfied / csat.n, 4) : null,
      trend: trend.map((t) => ({ month: t.month, responses: t.n, average: round(t.avg) })),
    },
    volume: {
      opened: totals?.opened ?? 0, resolved: totals?.resolved ?? 0,
      byCategory: byCategory.map((r) => ({ key: r.key ?? '', label: text(r.key, reportText(lang, 'uncategorised')), count: r.n })),
      byChannel: byChannel.map((r) => ({ key: r.key ?? '', label: valueLabel(lang, r.key ?? ''), count: r.n })),
      byDepartment: byDepartment.map((r) => ({ key: r.key ?? '', label: text(r.name, reportText(lang, 'noDepartment')), count: r.n })),
      byType: byType.map((r) => ({ key: r.key ?? '', label: valueLabel(lang, r.key ?? ''), count: r.n })),
      byRootCause: byRootCause.map((r) => ({ key: r.key ?? '', label: text(r.key, reportText(lang, 'none')), count: r.n })),
    },
    topIssues: topIssues.map((t) => ({ category: text(t.category, reportText(lang, 'uncategorised')), count: t.n, reopened: t.reopened })),
    actionsTaken: actions.map((a) => ({ caseNumber: a.number, category: a.category, rootCause: a.root_cause, actionTaken: a.action_taken, resolvedAt: new Date(a.resolved_at).toISOString() })),
    firstResponse: minutesSummary(fr, frUnmeasured),
    resolution: minutesSummary(res, resUnmeasured),
    backlog: {
      open: backlog?.open ?? 0, breached: backlog?.breached ?? 0, olderThan7Days: backlog?.old ?? 0,
      byStatus: byStatus.map((s) => ({ key: s.key, label: valueLabel(lang, s.key), count: s.n })),
    },
  };
}
