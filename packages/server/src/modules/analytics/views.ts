// What the analytics pages read: the latest finished run's aggregates, the
// customers behind an RFM cell or segment, and one customer's scores.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { CohortsView, CustomerScore, CustomerScores, RfmCustomersQuery, RfmOverview, TrendsView } from '@vefa/contract';
import { RFM_SEGMENT_NAMES } from '@vefa/contract';
import { sqlRows, type Db } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { notFound } from '../../platform/http/problem.ts';
import { findCustomerRow } from '../customers/customerService.ts';
import { latestRun } from './refresh.ts';

async function currencyOf(db: Db, workspaceId: string) {
  const [ws] = await db.select({ currency: workspaces.currency }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw notFound('Workspace');
  return ws.currency;
}

const segmentOf = (s: string) => RFM_SEGMENT_NAMES.find((name) => name === s) ?? 'lost';
const bandOf = (s: string) => (s === 'low' || s === 'medium' ? s : 'high');

export async function rfmOverview(db: Db, workspaceId: string): Promise<RfmOverview> {
  const run = await latestRun(db, workspaceId);
  if (!run?.views) return { runId: null, computedAt: null, currency: await currencyOf(db, workspaceId), bins: 5, cells: [], segments: [] };
  const { rfm } = run.views;
  return {
    runId: run.id, computedAt: run.finishedAt?.toISOString() ?? null, currency: run.currency, bins: rfm.bins, cells: rfm.cells,
    segments: rfm.segments.map((s) => ({ ...s, segment: segmentOf(s.segment) })),
  };
}

export async function cohortsView(db: Db, workspaceId: string): Promise<CohortsView> {
  const run = await latestRun(db, workspaceId);
  if (!run?.views) return { runId: null, computedAt: null, currency: await currencyOf(db, workspaceId), cohorts: [] };
  return { runId: run.id, computedAt: run.finishedAt?.toISOString() ?? null, currency: run.currency, cohorts: run.views.cohorts };
}

export async function trendsView(db: Db, workspaceId: string, period: 'week' | 'month'): Promise<TrendsView> {
  const run = await latestRun(db, workspaceId);
  if (!run?.views) return { runId: null, computedAt: null, currency: await currencyOf(db, workspaceId), period, points: [] };
  return { runId: run.id, computedAt: run.finishedAt?.toISOString() ?? null, currency: run.currency, period, points: run.views.trends[period] };
}

interface ScoreRow {
  customer_id: string; display_name: string; external_id: string | null; recency_score: number; frequency_score: number; monetary_score: number;
  rfm_segment: string; purchases: number; revenue_minor: number | string; last_purchase_on: string | Date; p_alive: number; churn_band: string;
  expected_purchases: number; expected_spend_minor: number | string; clv_minor: number | string; next_purchase_expected_at: string | Date | null;
}

const dateText = (v: string | Date) => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

function presentScore(row: ScoreRow): CustomerScore {
  return {
    customerId: row.customer_id, displayName: row.display_name, externalId: row.external_id,
    recency: row.recency_score, frequency: row.frequency_score, monetary: row.monetary_score, rfmSegment: segmentOf(row.rfm_segment),
    purchases: row.purchases, revenueMinor: Number(row.revenue_minor), lastPurchaseOn: dateText(row.last_purchase_on),
    pAlive: row.p_alive, churnRisk: bandOf(row.churn_band), expectedPurchases: row.expected_purchases,
    expectedSpendMinor: Number(row.expected_spend_minor), clvMinor: Number(row.clv_minor),
    nextPurchaseExpectedOn: row.next_purchase_expected_at === null ? null : dateText(row.next_purchase_expected_at),
  };
}

const SCORE_COLUMNS = sql`s.customer_id::text as customer_id, c.display_name, c.external_id, s.recency_score, s.frequency_score, s.monetary_score,
  s.rfm_segment, s.purchases, s.revenue_minor, s.last_purchase_on::text as last_purchase_on, s.p_alive, s.churn_band, s.expected_purchases,
  s.expected_spend_minor, s.clv_minor, s.next_purchase_expected_at::text as next_purchase_expected_at`;

type DrillCursor = { run: string; clv: number; id: string };
const isDrillCursor = (v: unknown): v is DrillCursor =>
  typeof v === 'object' && v !== null && 'run' in v && 'clv' in v && 'id' in v && typeof v.run === 'string' && typeof v.clv === 'number' && typeof v.id === 'string';

/** Customers in an RFM cell, segment or churn band of the latest run, highest CLV first, keyset-paged. */
export async function rfmCustomers(db: Db, workspaceId: string, query: RfmCustomersQuery) {
  const cursor = decodeCursor(query.cursor, isDrillCursor);
  const runId = cursor?.run ?? (await latestRun(db, workspaceId))?.id;
  if (!runId) return { items: [], nextCursor: null };
  const filters: SQL[] = [sql`s.workspace_id = ${workspaceId}`, sql`s.run_id = ${runId}`];
  if (query.segment) filters.push(sql`s.rfm_segment = ${query.segment}`);
  if (query.r !== undefined) filters.push(sql`s.recency_score = ${query.r}`);
  if (query.f !== undefined) filters.push(sql`s.frequency_score = ${query.f}`);
  if (query.m !== undefined) filters.push(sql`s.monetary_score = ${query.m}`);
  if (query.churnRisk) filters.push(sql`s.churn_band = ${query.churnRisk}`);
  if (cursor) filters.push(sql`(s.clv_minor < ${cursor.clv} or (s.clv_minor = ${cursor.clv} and s.customer_id > ${cursor.id}))`);
  const rows = await sqlRows<ScoreRow>(db, sql`
    select ${SCORE_COLUMNS} from customer_scores s
    join customers c on c.workspace_id = s.workspace_id and c.id = s.customer_id
    where ${sql.join(filters, sql` and `)}
    order by s.clv_minor desc, s.customer_id limit ${query.limit + 1}`);
  const items = rows.slice(0, query.limit).map(presentScore);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ run: runId, clv: last.clvMinor, id: last.customerId }) : null };
}

/** One customer's scores from the latest run (for the customer 360). */
export async function customerScoresOf(db: Db, workspaceId: string, customerId: string): Promise<CustomerScores> {
  const customer = await findCustomerRow(db, workspaceId, customerId);
  const run = await latestRun(db, workspaceId);
  if (!run) return { customerId, runId: null, computedAt: null, horizon: null, unit: null, currency: await currencyOf(db, workspaceId), score: null };
  // A merged record's scores live on the customer it was merged into from the next run on.
  const target = customer.mergedIntoId ?? customer.id;
  const rows = await sqlRows<ScoreRow>(db, sql`
    select ${SCORE_COLUMNS} from customer_scores s
    join customers c on c.workspace_id = s.workspace_id and c.id = s.customer_id
    where s.workspace_id = ${workspaceId} and s.run_id = ${run.id} and s.customer_id = ${target}`);
  const row = rows[0];
  return {
    customerId, runId: run.id, computedAt: run.finishedAt?.toISOString() ?? null, horizon: run.options.horizon, unit: run.options.unit,
    currency: run.currency, score: row ? presentScore(row) : null,
  };
}

