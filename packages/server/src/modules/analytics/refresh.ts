// The analytics refresh: read purchases, fit BG/NBD + Gamma-Gamma, score
// every customer (P(alive), expected purchases, CLV, churn band, RFM), store
// the scores in batches and the run's parameters, diagnostics and views, so
// runs can be compared. Runs on demand and nightly, as a durable job.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  analyzeCustomers, cohortTriangle, dayLabel, daysFromCivil, fitBgNbd, groupingPays, groupTriples, rfmScores, RFM_SEGMENTS,
  CHURN_RISK_BANDS, summariseTransactions, trends, type CustomerSummary, type BgNbdFit, type CustomerAnalysis, type GammaGammaFit,
  type TransactionColumns,
} from '@vefa/domain';
import type { AnalyticsDiagnostics, AnalyticsParams, AnalyticsRun, AnalyticsRunStart } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlChanged, sqlRows, type Database, type Db, type Queryable } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { notFound } from '../../platform/http/problem.ts';
import { analyticsRuns, type StoredRunOptions, type StoredRunViews } from './schema.ts';
import { frequencyHistogram, holdoutByFrequency } from './diagnostics.ts';
import { readPurchaseDays, type PurchaseDays } from './purchases.ts';

export const REFRESH_JOB = 'analytics.refresh';
/** Changes whenever the models or scoring rules change, so runs before and after can be told apart. */
export const MODEL_VERSION = 'vefa-analytics/1 (BG/NBD ML, Gamma-Gamma, CLV, RFM quantiles, churn bands 0.7/0.3)';
/** Finished runs whose per-customer scores are kept (parameters are kept for every run). */
export const KEEP_SCORED_RUNS = 3;
const WRITE_BATCH = 50_000;
/** Below this P(alive) no next purchase date is predicted. */
const NEXT_PURCHASE_MIN_ALIVE = 0.3;

/** A refresh that cannot produce results from the data as it is: the run fails with this message, without retries. */
export class AnalyticsInputError extends Error {}

type RunRow = typeof analyticsRuns.$inferSelect;

export function presentRun(row: RunRow): AnalyticsRun {
  const status = (['queued', 'running', 'done', 'failed'] as const).find((s) => s === row.status) ?? 'failed';
  const counts = row.counts ?? { transactions: 0, customers: 0, excluded: 0, scored: 0, churn: { low: 0, medium: 0, high: 0 } };
  return {
    id: row.id, status, trigger: row.trigger === 'schedule' ? 'schedule' : 'manual', stage: row.stage, progress: row.progress,
    modelVersion: row.modelVersion, options: row.options, currency: row.currency, counts, params: row.params ?? null,
    diagnostics: row.diagnostics ?? null, error: row.error, createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null, finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function workspaceSettings(db: Queryable, workspaceId: string) {
  const [ws] = await db.select({ currency: workspaces.currency, timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw notFound('Workspace');
  return ws;
}

const DEFAULT_OPTIONS: StoredRunOptions = { until: null, unit: 'week', horizon: 52, clvMonths: 12, monthlyDiscountRate: 0.01, rfmBins: 5 };

async function insertRun(db: Queryable, workspaceId: string, trigger: 'manual' | 'schedule', options: StoredRunOptions, createdBy: string | null) {
  const { currency } = await workspaceSettings(db, workspaceId);
  const [row] = await db.insert(analyticsRuns).values({
    workspaceId, id: crypto.randomUUID(), trigger, modelVersion: MODEL_VERSION, options, currency, createdBy,
  }).returning();
  if (!row) throw new Error('run insert returned nothing');
  return row;
}

/** Starts a refresh, or returns the one already queued or running for the workspace. */
export async function startRefresh(db: Db, actor: Actor, input: AnalyticsRunStart) {
  return db.transaction(async (tx) => {
    const [active] = await tx.select().from(analyticsRuns)
      .where(and(eq(analyticsRuns.workspaceId, actor.workspaceId), inArray(analyticsRuns.status, ['queued', 'running'])))
      .orderBy(desc(analyticsRuns.createdAt)).limit(1);
    if (active) return { run: presentRun(active), created: false };
    const options: StoredRunOptions = { ...DEFAULT_OPTIONS, ...input, until: input.until ?? null };
    const row = await insertRun(tx, actor.workspaceId, 'manual', options, actor.userId);
    await enqueueJob(tx, actor.workspaceId, REFRESH_JOB, { runId: row.id });
    await recordAudit(tx, actor, { action: 'analytics.refresh_started', entityType: 'analytics_run', entityId: row.id, after: { options } });
    return { run: presentRun(row), created: true };
  });
}

export async function getRun(db: Db, workspaceId: string, id: string) {
  const [row] = await db.select().from(analyticsRuns).where(and(eq(analyticsRuns.workspaceId, workspaceId), eq(analyticsRuns.id, id)));
  if (!row) throw notFound('Analytics run');
  return presentRun(row);
}

export async function listRuns(db: Db, workspaceId: string) {
  const rows = await db.select().from(analyticsRuns).where(eq(analyticsRuns.workspaceId, workspaceId)).orderBy(desc(analyticsRuns.createdAt)).limit(50);
  // The list compares runs; diagnostics stay on the run's own page.
  return rows.map((r) => ({ ...presentRun(r), diagnostics: null }));
}

/** The workspace's latest finished run: what every view and score reads. */
export async function latestRun(db: Queryable, workspaceId: string) {
  const [row] = await db.select().from(analyticsRuns)
    .where(and(eq(analyticsRuns.workspaceId, workspaceId), eq(analyticsRuns.status, 'done')))
    .orderBy(desc(analyticsRuns.finishedAt)).limit(1);
  return row ?? null;
}

/**
 * Nightly: one queued refresh per workspace and local date, at 02:00 in the
 * workspace's time zone. The dedupe key makes this safe to call from every
 * start-up and after every run.
 */
export async function scheduleNightly(db: Queryable, workspaceId: string) {
  const { timeZone } = await workspaceSettings(db, workspaceId);
  const [next] = await sqlRows<{ at: string; day: string }>(db, sql`
    select ((date_trunc('day', now() at time zone ${timeZone}) + interval '1 day 2 hours') at time zone ${timeZone})::text as at,
      to_char(date_trunc('day', now() at time zone ${timeZone}) + interval '1 day', 'YYYY-MM-DD') as day`);
  if (!next) return;
  await enqueueJob(db, workspaceId, REFRESH_JOB, { nightly: next.day }, { runAt: new Date(next.at), dedupeKey: `nightly:${next.day}` });
}

export async function scheduleAllNightly(db: Db) {
  const rows = await db.select({ id: workspaces.id }).from(workspaces);
  for (const ws of rows) await scheduleNightly(db, ws.id);
}

/** The job: a requested run, or the nightly one (skipped while the workspace has no sales history). */
export async function performRefreshJob(database: Database, workspaceId: string, payload: Record<string, unknown>) {
  const db = database.db;
  try {
    if (typeof payload.runId === 'string') {
      await performRefresh(database, workspaceId, payload.runId);
    } else {
      const [any] = await sqlRows<{ one: number }>(db, sql`select 1 as one from transactions where workspace_id = ${workspaceId} limit 1`);
      if (any) {
        const row = await insertRun(db, workspaceId, 'schedule', DEFAULT_OPTIONS, null);
        await performRefresh(database, workspaceId, row.id);
      }
    }
  } finally {
    await scheduleNightly(db, workspaceId);
  }
}

interface Progress { stage: string; progress: number }

/** Runs one refresh to the end; the run row shows its stage and progress while it works. */
export async function performRefresh(database: Database, workspaceId: string, runId: string, onProgress?: (p: Progress) => void) {
  const db = database.db;
  const where = and(eq(analyticsRuns.workspaceId, workspaceId), eq(analyticsRuns.id, runId));
  const [run] = await db.select().from(analyticsRuns).where(where);
  if (!run) throw notFound('Analytics run');
  if (run.status === 'done') return presentRun(run);
  const step = async (stage: string, progress: number, extra: Partial<typeof analyticsRuns.$inferInsert> = {}) => {
    await db.update(analyticsRuns).set({ stage, progress, ...extra }).where(where);
    onProgress?.({ stage, progress });
  };
  await step('loading', 0.02, { status: 'running', startedAt: new Date(), error: null, finishedAt: null });
  try {
    // A retried run starts clean.
    await sqlChanged(db, sql`delete from customer_scores where workspace_id = ${workspaceId} and run_id = ${runId}`);
    const { timeZone } = await workspaceSettings(db, workspaceId);
    const purchases = await readPurchaseDays(database, workspaceId, timeZone);
    await step('fitting', 0.3);
    const result = computeRun(purchases, run.options);
    await step('writing', 0.55, { counts: result.counts });
    await writeScores(database, workspaceId, runId, purchases.customerIds, result, (done) => step('writing', 0.55 + 0.4 * (done / Math.max(1, result.summary.x.length))));
    const [finished] = await db.update(analyticsRuns).set({
      status: 'done', stage: 'done', progress: 1, params: result.params, diagnostics: result.diagnostics, views: result.views,
      counts: result.counts, finishedAt: new Date(),
    }).where(where).returning();
    onProgress?.({ stage: 'done', progress: 1 });
    await pruneScores(db, workspaceId);
    if (!finished) throw notFound('Analytics run');
    return presentRun(finished);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await sqlChanged(db, sql`delete from customer_scores where workspace_id = ${workspaceId} and run_id = ${runId}`).catch(() => 0);
    await db.update(analyticsRuns).set({ status: 'failed', stage: 'failed', error: message.slice(0, 2000), finishedAt: new Date() }).where(where);
    if (error instanceof AnalyticsInputError) return getRun(db, workspaceId, runId);
    throw error;
  }
}

/** Scores of all but the latest few finished runs go; the runs themselves (parameters, diagnostics) stay. */
async function pruneScores(db: Db, workspaceId: string) {
  await sqlChanged(db, sql`
    delete from customer_scores where workspace_id = ${workspaceId} and run_id in (
      select id from analytics_runs where workspace_id = ${workspaceId} and status = 'done'
      order by finished_at desc offset ${KEEP_SCORED_RUNS})`);
}

export interface RunResult {
  summary: CustomerSummary;
  analysis: CustomerAnalysis;
  rfm: ReturnType<typeof rfmScores>;
  until: number;
  nextPurchaseDay: Float64Array;
  params: AnalyticsParams;
  diagnostics: AnalyticsDiagnostics;
  views: StoredRunViews;
  counts: { transactions: number; customers: number; excluded: number; scored: number; churn: { low: number; medium: number; high: number } };
}

function dayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return daysFromCivil(y ?? 1970, m ?? 1, d ?? 1);
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v) : 0);
const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
const estimate = (value: number, se: number) => ({ value, standardError: Number.isFinite(se) && se > 0 ? se : null });

export function presentParams(bgnbd: BgNbdFit, gammaGamma: GammaGammaFit): AnalyticsParams {
  return {
    bgnbd: {
      r: estimate(bgnbd.params.r, bgnbd.standardErrors.r), alpha: estimate(bgnbd.params.alpha, bgnbd.standardErrors.alpha),
      a: estimate(bgnbd.params.a, bgnbd.standardErrors.a), b: estimate(bgnbd.params.b, bgnbd.standardErrors.b),
      logLikelihood: bgnbd.logLikelihood, customers: Math.round(bgnbd.customers), converged: bgnbd.converged,
    },
    gammaGamma: {
      p: estimate(gammaGamma.params.p, gammaGamma.standardErrors.p), q: estimate(gammaGamma.params.q, gammaGamma.standardErrors.q),
      gamma: estimate(gammaGamma.params.gamma, gammaGamma.standardErrors.gamma), logLikelihood: finiteOr(gammaGamma.logLikelihood, 0),
      customers: gammaGamma.customers, excluded: gammaGamma.excluded, populationMeanSpendMinor: finiteOr(gammaGamma.populationMeanSpend, 0),
      converged: gammaGamma.converged,
    },
  };
}

/** The pure part of a refresh, on typed arrays. */
export function computeRun(purchases: PurchaseDays & TransactionColumns, options: StoredRunOptions): RunResult {
  if (purchases.days.length === 0) throw new AnalyticsInputError('No purchases yet: import transactions (POST /analytics/transactions/files) before refreshing');
  let lastDay = -Infinity;
  let firstDay = Infinity;
  for (const d of purchases.days) { if (d > lastDay) lastDay = d; if (d < firstDay) firstDay = d; }
  const until = options.until ? dayOf(options.until) : lastDay;
  const unit = options.unit;
  const perUnit = unit === 'week' ? 7 : 1;
  const summary = summariseTransactions(purchases, { until, unit });
  const n = summary.x.length;
  if (n === 0) throw new AnalyticsInputError(`No customer has a purchase (a day with a positive net amount) on or before ${dayLabel(until)}`);
  let repeaters = 0;
  for (const x of summary.x) if (x > 0) repeaters++;
  if (repeaters === 0) throw new AnalyticsInputError('No customer has bought twice: the models need repeat purchases to learn from');
  const analysis = analyzeCustomers(summary, { unit, horizon: options.horizon, clvMonths: options.clvMonths, monthlyDiscountRate: options.monthlyDiscountRate });
  const { r, alpha, a, b } = analysis.bgnbd.params;
  if (![r, alpha, a, b, analysis.bgnbd.logLikelihood].every(Number.isFinite)) {
    throw new AnalyticsInputError('The BG/NBD fit did not converge to finite parameters on this data');
  }

  const recencyDays = new Float64Array(n);
  const frequency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recencyDays[i] = until - (summary.lastDay[i] ?? until);
    frequency[i] = (summary.x[i] ?? 0) + 1;
  }
  const rfm = rfmScores({ recencyDays, frequency, monetary: summary.totalSpend }, options.rfmBins);

  const nextPurchaseDay = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const alive = analysis.pAlive[i] ?? 0;
    const expected = analysis.expectedPurchases[i] ?? 0;
    if (alive < NEXT_PURCHASE_MIN_ALIVE || !(expected > 0)) continue;
    const days = (options.horizon * perUnit * alive) / expected;
    if (Number.isFinite(days) && days <= 3650) nextPurchaseDay[i] = until + Math.max(1, Math.round(days));
  }

  const diagnostics: AnalyticsDiagnostics = {
    holdout: holdoutDiagnostics(purchases, summary, analysis.bgnbd, until, lastDay, firstDay, unit),
    frequencyHistogram: frequencyHistogram(analysis.bgnbd.params, summary.x, summary.T),
  };
  const cells = [];
  for (let ri = 1; ri <= rfm.bins; ri++) {
    for (let fi = 1; fi <= rfm.bins; fi++) {
      const cell = (ri - 1) * rfm.bins + (fi - 1);
      cells.push({ r: ri, f: fi, customers: rfm.gridCount[cell] ?? 0, revenueMinor: round(rfm.gridRevenue[cell] ?? 0) });
    }
  }
  const trend = (period: 'week' | 'month') => trends(purchases, period).map((p) => ({
    start: p.start, revenueMinor: round(p.revenue), orders: p.orders, activeCustomers: p.activeCustomers,
    averageBasketMinor: round(p.averageBasket), change: p.change,
  }));
  const views: StoredRunViews = {
    until: dayLabel(until),
    rfm: { bins: rfm.bins, cells, segments: rfm.segments.map((s) => ({ segment: s.segment, customers: s.customers, revenueMinor: round(s.revenue) })) },
    cohorts: cohortTriangle(purchases).map((c) => ({ cohort: c.cohort, customers: c.customers, active: c.active, retention: c.retention, revenueMinor: c.revenue.map(round) })),
    trends: { week: trend('week'), month: trend('month') },
  };
  return {
    summary, analysis, rfm, until, nextPurchaseDay, diagnostics, views,
    params: presentParams(analysis.bgnbd, analysis.gammaGamma),
    counts: { transactions: purchases.transactions, customers: n + summary.excluded, excluded: summary.excluded, scored: n, churn: analysis.churnCounts },
  };
}

/**
 * Calibration vs hold-out. With purchases after the calibration end, those
 * are the hold-out and the run's own fit is checked. Without, the history is
 * split (the last third held out, at least a week) and a separate fit on the
 * earlier part is checked against it. Null when neither is possible.
 */
function holdoutDiagnostics(
  purchases: TransactionColumns, summary: CustomerSummary, fit: BgNbdFit, until: number, lastDay: number, firstDay: number, unit: 'day' | 'week',
): AnalyticsDiagnostics['holdout'] {
  const perUnit = unit === 'week' ? 7 : 1;
  let source: 'after_until' | 'split' = 'after_until';
  let calibrationEnd = until;
  let holdoutEnd = lastDay;
  let calibration = summary;
  let params = fit.params;
  if (lastDay <= until) {
    const length = Math.floor((until - firstDay) / 3);
    if (length < 7) return null;
    source = 'split';
    calibrationEnd = until - length;
    holdoutEnd = until;
    calibration = summariseTransactions(purchases, { until: calibrationEnd, unit });
    let repeaters = 0;
    for (const x of calibration.x) if (x > 0) repeaters++;
    if (calibration.x.length < 10 || repeaters === 0) return null;
    const split = fitBgNbd(groupingPays(calibration) ? groupTriples(calibration) : calibration);
    if (![split.params.r, split.params.alpha, split.params.a, split.params.b].every(Number.isFinite)) return null;
    params = split.params;
  }
  const end = summariseTransactions(purchases, { until: holdoutEnd, unit });
  const xAtEnd = new Map<string | number, number>();
  end.ids.forEach((id, k) => xAtEnd.set(id, end.x[k] ?? 0));
  const holdout = new Float64Array(calibration.x.length);
  calibration.ids.forEach((id, k) => { holdout[k] = Math.max(0, (xAtEnd.get(id) ?? 0) - (calibration.x[k] ?? 0)); });
  const length = (holdoutEnd - calibrationEnd) / perUnit;
  const byFrequency = holdoutByFrequency(params, calibration, holdout, length);
  return {
    source, calibrationEnd: dayLabel(calibrationEnd), holdoutEnd: dayLabel(holdoutEnd), length,
    customers: calibration.x.length, totalActual: byFrequency.totalActual, totalExpected: byFrequency.totalExpected, byFrequency: byFrequency.byFrequency,
  };
}

/** Array literal for unnest(): values here are uuids, numbers, dates and segment names, which need no quoting. */
const arrayText = (values: readonly (string | number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/**
 * Scores in batches of 50,000 rows: one COPY stream on PostgreSQL, one
 * INSERT … SELECT FROM unnest(arrays) per batch on PGlite. Never row by row.
 */
async function writeScores(database: Database, workspaceId: string, runId: string, customerIds: string[], result: RunResult, onBatch: (done: number) => Promise<void>) {
  if (database.pool) return copyScores(database.pool, workspaceId, runId, customerIds, result, onBatch);
  const db = database.db;
  const { summary, analysis, rfm, nextPurchaseDay } = result;
  const n = summary.x.length;
  for (let from = 0; from < n; from += WRITE_BATCH) {
    const to = Math.min(n, from + WRITE_BATCH);
    const ids: string[] = [];
    const cols = { r: [] as number[], f: [] as number[], m: [] as number[], seg: [] as string[], purchases: [] as number[], revenue: [] as number[],
      last: [] as string[], alive: [] as number[], expected: [] as number[], spend: [] as number[], clv: [] as number[], band: [] as string[], next: [] as (string | null)[] };
    for (let i = from; i < to; i++) {
      ids.push(customerIds[Number(summary.ids[i])] ?? '');
      cols.r.push(rfm.r[i] ?? 1);
      cols.f.push(rfm.f[i] ?? 1);
      cols.m.push(rfm.m[i] ?? 1);
      cols.seg.push(RFM_SEGMENTS[rfm.segment[i] ?? 0] ?? 'lost');
      cols.purchases.push((summary.x[i] ?? 0) + 1);
      cols.revenue.push(round(summary.totalSpend[i] ?? 0));
      cols.last.push(dayLabel(summary.lastDay[i] ?? 0));
      cols.alive.push(finiteOr(analysis.pAlive[i] ?? 0, 0));
      cols.expected.push(finiteOr(analysis.expectedPurchases[i] ?? 0, 0));
      cols.spend.push(round(analysis.expectedSpend[i] ?? 0));
      cols.clv.push(round(analysis.clv[i] ?? 0));
      cols.band.push(CHURN_RISK_BANDS[analysis.churnBand[i] ?? 2] ?? 'high');
      const next = nextPurchaseDay[i] ?? NaN;
      cols.next.push(Number.isFinite(next) ? dayLabel(next) : null);
    }
    await db.execute(sql`
      insert into customer_scores (workspace_id, run_id, customer_id, recency_score, frequency_score, monetary_score, rfm_segment,
        purchases, revenue_minor, last_purchase_on, p_alive, expected_purchases, expected_spend_minor, clv_minor, churn_band, next_purchase_expected_at)
      select ${workspaceId}, ${runId}, v.* from unnest(${arrayText(ids)}::uuid[], ${arrayText(cols.r)}::int2[], ${arrayText(cols.f)}::int2[],
        ${arrayText(cols.m)}::int2[], ${arrayText(cols.seg)}::text[], ${arrayText(cols.purchases)}::int4[], ${arrayText(cols.revenue)}::int8[],
        ${arrayText(cols.last)}::date[], ${arrayText(cols.alive)}::float8[], ${arrayText(cols.expected)}::float8[], ${arrayText(cols.spend)}::int8[],
        ${arrayText(cols.clv)}::int8[], ${arrayText(cols.band)}::text[], ${arrayText(cols.next)}::date[]) as v`);
    await onBatch(to);
  }
}

async function copyScores(pool: pg.Pool, workspaceId: string, runId: string, customerIds: string[], result: RunResult, onBatch: (done: number) => Promise<void>) {
  const { summary, analysis, rfm, nextPurchaseDay } = result;
  const n = summary.x.length;
  const prefix = `${workspaceId}\t${runId}\t`;
  async function* batches() {
    for (let from = 0; from < n; from += WRITE_BATCH) {
      const to = Math.min(n, from + WRITE_BATCH);
      const lines: string[] = [];
      for (let i = from; i < to; i++) {
        const next = nextPurchaseDay[i] ?? NaN;
        lines.push(`${prefix}${customerIds[Number(summary.ids[i])] ?? ''}\t${rfm.r[i] ?? 1}\t${rfm.f[i] ?? 1}\t${rfm.m[i] ?? 1}\t${RFM_SEGMENTS[rfm.segment[i] ?? 0] ?? 'lost'}\t`
          + `${(summary.x[i] ?? 0) + 1}\t${round(summary.totalSpend[i] ?? 0)}\t${dayLabel(summary.lastDay[i] ?? 0)}\t${finiteOr(analysis.pAlive[i] ?? 0, 0)}\t`
          + `${finiteOr(analysis.expectedPurchases[i] ?? 0, 0)}\t${round(analysis.expectedSpend[i] ?? 0)}\t${round(analysis.clv[i] ?? 0)}\t`
          + `${CHURN_RISK_BANDS[analysis.churnBand[i] ?? 2] ?? 'high'}\t${Number.isFinite(next) ? dayLabel(next) : '\\N'}`);
      }
      yield `${lines.join('\n')}\n`;
      await onBatch(to);
    }
  }
  const client = await pool.connect();
  try {
    await pipeline(Readable.from(batches()), client.query(copyFrom(`copy customer_scores (workspace_id, run_id, customer_id, recency_score, frequency_score,
      monetary_score, rfm_segment, purchases, revenue_minor, last_purchase_on, p_alive, expected_purchases, expected_spend_minor, clv_minor, churn_band,
      next_purchase_expected_at) from stdin`)));
  } finally {
    client.release();
  }
}
