import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCustomers, daysFromCivil, parseCdnowMaster, summariseTransactions } from '@vefa/domain';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { runTransactionImport } from './transactionImport.ts';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../platform/db/database.ts';
import { performRefresh, performRefreshJob, REFRESH_JOB, scheduleAllNightly } from './refresh.ts';

const MASTER = new URL('../../../../../../shared/data/cdnow/CDNOW_master.txt', import.meta.url);

let ctx: TestContext;
let owner: Client;
let viewer: Client;
let specialist: Client;
let workspaceId = '';

/** Same to 4 significant figures. */
const sameTo4 = (actual: number, expected: number) => expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(5e-5);

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'ana', ['owner', 'viewer', 'loyalty_specialist']);
  workspaceId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  specialist = await signIn(ctx.app, ws.people.loyalty_specialist ?? '');
});
afterAll(() => ctx.close());

async function upload(client: Client, content: string | Buffer, fileName = 'sales.csv') {
  return client.request('POST', `/api/v1/analytics/transactions/files?fileName=${encodeURIComponent(fileName)}`, content, { 'content-type': 'text/plain' });
}

async function importToEnd(fileId: string, columns?: Record<string, string>) {
  const started = await owner.request('POST', '/api/v1/analytics/transaction-imports', { fileId, ...(columns ? { columns } : {}) });
  expect(started.statusCode, started.body).toBe(202);
  // No worker runs in tests: perform the queued job the way it would.
  await runTransactionImport(ctx.database.db, workspaceId, started.json().id);
  return (await owner.request('GET', `/api/v1/analytics/transaction-imports/${started.json().id}`)).json();
}

async function refresh(body: Record<string, unknown>) {
  const started = await owner.request('POST', '/api/v1/analytics/runs', body);
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ status: 'queued', progress: 0 });
  const stages: string[] = [];
  await performRefresh(ctx.database, workspaceId, started.json().id, (p) => stages.push(p.stage));
  expect(stages).toEqual(expect.arrayContaining(['loading', 'fitting', 'writing', 'done']));
  return (await owner.request('GET', `/api/v1/analytics/runs/${started.json().id}`)).json();
}

describe('CDNOW master, imported as it is', () => {
  let fileId = '';
  it('recognises the space-separated layout and its columns', async () => {
    const res = await upload(owner, readFileSync(MASTER), 'CDNOW_master.txt');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      format: 'spaces', rowCount: 69_659, columns: ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
      suggestedColumns: { customer: 'customer_id', date: 'date', amount: 'dollar_value' },
    });
    fileId = res.json().id;
  });

  it('imports every row, creating the customers, and a re-import counts nothing twice', async () => {
    const first = await importToEnd(fileId);
    expect(first).toMatchObject({ status: 'done', total: 69_659, processed: 69_659, inserted: 69_659, alreadyImported: 0, customersCreated: 23_570, failed: 0, errors: [] });
    const again = await importToEnd(fileId);
    expect(again).toMatchObject({ status: 'done', inserted: 0, alreadyImported: 69_659, customersCreated: 0, failed: 0 });
    const customer = (await owner.request('GET', '/api/v1/customers?q=00001')).json().items[0];
    expect(customer).toMatchObject({ externalId: '00001', displayName: '00001' });
  });

  let runId = '';
  it('refreshes to the domain fit (4 significant figures), with standard errors and diagnostics', async () => {
    const run = await refresh({ until: '1997-09-30', unit: 'week', horizon: 39 });
    runId = run.id;
    const log = parseCdnowMaster(readFileSync(MASTER, 'utf8'));
    const expected = analyzeCustomers(summariseTransactions(log, { until: daysFromCivil(1997, 9, 30), unit: 'week' }), { unit: 'week', horizon: 39, clvMonths: 12, monthlyDiscountRate: 0.01 });
    expect(run).toMatchObject({ status: 'done', stage: 'done', progress: 1, error: null, counts: { transactions: 69_659, customers: 23_570, scored: 23_500, excluded: 70 } });
    const { bgnbd, gammaGamma } = run.params;
    sameTo4(bgnbd.r.value, expected.bgnbd.params.r);
    sameTo4(bgnbd.alpha.value, expected.bgnbd.params.alpha);
    sameTo4(bgnbd.a.value, expected.bgnbd.params.a);
    sameTo4(bgnbd.b.value, expected.bgnbd.params.b);
    sameTo4(bgnbd.logLikelihood, expected.bgnbd.logLikelihood);
    sameTo4(gammaGamma.p.value, expected.gammaGamma.params.p);
    sameTo4(gammaGamma.q.value, expected.gammaGamma.params.q);
    sameTo4(gammaGamma.gamma.value, expected.gammaGamma.params.gamma);
    // The same figures on PGlite and PostgreSQL, written down.
    sameTo4(bgnbd.r.value, 0.2527368);
    sameTo4(bgnbd.alpha.value, 4.797582);
    sameTo4(bgnbd.a.value, 0.7225527);
    sameTo4(bgnbd.b.value, 2.158222);
    for (const p of [bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b, gammaGamma.p, gammaGamma.q, gammaGamma.gamma]) expect(p.standardError).toBeGreaterThan(0);
    const { holdout, frequencyHistogram } = run.diagnostics;
    expect(holdout).toMatchObject({ source: 'after_until', calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', customers: 23_500 });
    expect(holdout.totalExpected / holdout.totalActual).toBeGreaterThan(0.8);
    expect(holdout.totalExpected / holdout.totalActual).toBeLessThan(1.25);
    expect(frequencyHistogram.reduce((s: number, b: { actual: number }) => s + b.actual, 0)).toBe(23_500);
    expect(frequencyHistogram.reduce((s: number, b: { expected: number }) => s + b.expected, 0)).toBeCloseTo(23_500, 3);
    expect(JSON.stringify(run)).not.toMatch(/NaN|Infinity|null,"standardError"/);
  });

  it('is stable from run to run', async () => {
    const again = await refresh({ until: '1997-09-30', unit: 'week', horizon: 39 });
    const first = (await owner.request('GET', `/api/v1/analytics/runs/${runId}`)).json();
    for (const k of ['r', 'alpha', 'a', 'b'] as const) sameTo4(again.params.bgnbd[k].value, first.params.bgnbd[k].value);
    expect(again.modelVersion).toBe(first.modelVersion);
    const runs = (await owner.request('GET', '/api/v1/analytics/runs')).json().items;
    expect(runs.map((r: { id: string }) => r.id)).toEqual([again.id, runId]);
  });

  it('serves the RFM grid, segments and the customers behind a cell, paged', async () => {
    const rfm = (await viewer.request('GET', '/api/v1/analytics/rfm')).json();
    expect(rfm.bins).toBe(5);
    expect(rfm.cells).toHaveLength(25);
    expect(rfm.cells.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(23_500);
    expect(rfm.segments.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(23_500);
    const champions = rfm.segments.find((s: { segment: string }) => s.segment === 'champions');
    const first = (await viewer.request('GET', '/api/v1/analytics/rfm/customers?segment=champions&limit=50')).json();
    expect(first.items).toHaveLength(50);
    const second = (await viewer.request('GET', `/api/v1/analytics/rfm/customers?segment=champions&limit=50&cursor=${first.nextCursor}`)).json();
    const clvs = [...first.items, ...second.items].map((c: { clvMinor: number }) => c.clvMinor);
    expect(clvs).toEqual([...clvs].sort((x, y) => y - x));
    expect(new Set([...first.items, ...second.items].map((c: { customerId: string }) => c.customerId)).size).toBe(100);
    expect(champions.customers).toBeGreaterThan(100);
    const cell = (await viewer.request('GET', '/api/v1/analytics/rfm/customers?r=5&f=5&limit=200')).json();
    expect(cell.items.every((c: { recency: number; frequency: number }) => c.recency === 5 && c.frequency === 5)).toBe(true);
  });

  it('shows a customer’s scores on the 360', async () => {
    const customer = (await owner.request('GET', '/api/v1/customers?q=00002')).json().items[0];
    const scores = (await viewer.request('GET', `/api/v1/customers/${customer.id}/scores`)).json();
    expect(scores).toMatchObject({ customerId: customer.id, horizon: 39, unit: 'week', currency: 'AZN' });
    expect(scores.score).toMatchObject({ externalId: '00002', purchases: 1, pAlive: 1, churnRisk: 'low', lastPurchaseOn: '1997-01-12' });
    expect(scores.score.clvMinor).toBeGreaterThan(0);
    expect(scores.score.nextPurchaseExpectedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('builds the cohort triangle and trends with the previous-period change', async () => {
    const cohorts = (await viewer.request('GET', '/api/v1/analytics/cohorts')).json();
    expect(cohorts.cohorts.map((c: { cohort: string }) => c.cohort).slice(0, 3)).toEqual(['1997-01', '1997-02', '1997-03']);
    // 68 customers only ever bought for $0.00: never acquired, in no cohort.
    expect(cohorts.cohorts.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(23_502);
    expect(cohorts.cohorts[0].retention[0]).toBe(1);
    const trends = (await viewer.request('GET', '/api/v1/analytics/trends?period=month')).json();
    expect(trends.points).toHaveLength(18);
    expect(trends.points.reduce((s: number, p: { revenueMinor: number }) => s + p.revenueMinor, 0)).toBe(250_031_563);
    expect(trends.points[0].change.revenue).toBeNull();
    expect(typeof trends.points[1].change.revenue).toBe('number');
    const weekly = (await viewer.request('GET', '/api/v1/analytics/trends?period=week')).json();
    expect(weekly.points[0].start).toBe('1996-12-30');
  });
});

describe('bad input', () => {
  it('reports each bad line with column, value and what was expected, stores returns, and never NaN', async () => {
    const csv = [
      'order_id,customer_id,date,amount,currency',
      'O-1,C-1,2024-01-05,12.50,AZN',
      'O-2,C-1,05/01/2024,10,AZN',
      'O-3,C-1,2024-02-30,10,AZN',
      'O-4,C-2,20240110,abc,AZN',
      'O-5,C-2,2024-01-11,-4.50,AZN',
      'O-6,C-2,2024-01-12,7,USD',
      'O-1,C-3,2024-01-13,1,AZN',
      'O-7,,2024-01-14,1,AZN',
      'O-8,C-3,2024-01-15T10:30:00+04:00,"1 234,50",AZN',
    ].join('\n');
    const file = (await upload(owner, csv)).json();
    expect(file.suggestedColumns).toEqual({ customer: 'customer_id', date: 'date', amount: 'amount', currency: 'currency', transactionId: 'order_id' });
    const run = await importToEnd(file.id);
    expect(run).toMatchObject({ status: 'done', total: 9, inserted: 3, returns: 1, failed: 6 });
    expect(run.errors).toEqual([
      { line: 3, column: 'date', value: '05/01/2024', code: 'invalid_date', expected: 'a date: YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time' },
      { line: 4, column: 'date', value: '2024-02-30', code: 'invalid_date', expected: 'a date: YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time' },
      { line: 5, column: 'amount', value: 'abc', code: 'invalid_amount', expected: 'an amount like 12.50 or -3,20 (a negative amount is a return)' },
      { line: 7, column: 'currency', value: 'USD', code: 'other_currency', expected: 'AZN, the workspace currency (amounts are not converted)' },
      { line: 8, column: 'order_id', value: 'O-1', code: 'duplicate_transaction_id', expected: 'a transaction id not already used in this file (line 2 has it)' },
      { line: 9, column: 'customer_id', value: '', code: 'missing_customer', expected: 'a customer id' },
    ]);
    expect(JSON.stringify(run)).not.toContain('NaN');
  });

  it('refuses an empty file and one with a header only', async () => {
    const empty = await upload(owner, '');
    expect(empty.statusCode).toBe(422);
    const headerOnly = await upload(owner, 'customer_id,date,amount\n');
    expect(headerOnly.statusCode).toBe(422);
    expect(headerOnly.json().errors[0].code).toBe('no_rows');
  });

  it('names a missing column', async () => {
    const file = (await upload(owner, 'client,when,total\nA,2024-01-01,1\n')).json();
    const res = await owner.request('POST', '/api/v1/analytics/transaction-imports', { fileId: file.id, columns: { amount: 'price' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'body.columns.amount', code: 'unknown_column' });
  });

  it('fails a refresh without repeat purchases with a clear message, not NaN', async () => {
    const ws = await buildWorkspace(ctx.database, 'ana-empty', ['owner']);
    const client = await signIn(ctx.app, ws.people.owner ?? '');
    const started = (await client.request('POST', '/api/v1/analytics/runs', {})).json();
    await performRefresh(ctx.database, ws.id, started.id);
    const run = (await client.request('GET', `/api/v1/analytics/runs/${started.id}`)).json();
    expect(run).toMatchObject({ status: 'failed', params: null });
    expect(run.error).toMatch(/No purchases yet/);
    const file = (await client.request('POST', '/api/v1/analytics/transactions/files?fileName=one.csv', 'customer_id,date,amount\nA,2024-01-01,5\nB,2024-01-02,6\n', { 'content-type': 'text/csv' })).json();
    const imported = await client.request('POST', '/api/v1/analytics/transaction-imports', { fileId: file.id });
    await runTransactionImport(ctx.database.db, ws.id, imported.json().id);
    const second = (await client.request('POST', '/api/v1/analytics/runs', {})).json();
    await performRefresh(ctx.database, ws.id, second.id);
    const failed = (await client.request('GET', `/api/v1/analytics/runs/${second.id}`)).json();
    expect(failed.error).toMatch(/bought twice/);
    expect((await client.request('GET', '/api/v1/analytics/rfm')).json()).toMatchObject({ runId: null, cells: [] });
  });
});

describe('roles', () => {
  it('lets a viewer read but not refresh or import, and a loyalty specialist do both', async () => {
    expect((await viewer.request('POST', '/api/v1/analytics/runs', {})).statusCode).toBe(403);
    expect((await upload(viewer, 'customer_id,date,amount\nA,2024-01-01,1\n')).statusCode).toBe(403);
    expect((await viewer.request('GET', '/api/v1/analytics/runs')).statusCode).toBe(200);
    const started = await specialist.request('POST', '/api/v1/analytics/runs', {});
    expect(started.statusCode).toBe(202);
    // A second request while one is queued returns that run instead of queuing another.
    const again = await specialist.request('POST', '/api/v1/analytics/runs', {});
    expect(again.json().id).toBe(started.json().id);
  });
});

describe('scheduling and merges', () => {
  it('keeps exactly one nightly refresh queued per workspace, and a nightly job refreshes and queues the next', async () => {
    await scheduleAllNightly(ctx.database.db);
    await scheduleAllNightly(ctx.database.db);
    const queued = await sqlRows<{ dedupe_key: string; run_at: Date }>(ctx.database.db, sql`
      select dedupe_key, run_at from jobs where workspace_id = ${workspaceId} and kind = ${REFRESH_JOB} and dedupe_key like 'nightly:%'`);
    expect(queued).toHaveLength(1);
    expect(new Date(queued[0]?.run_at ?? 0).getTime()).toBeGreaterThan(Date.now());
    const before = (await owner.request('GET', '/api/v1/analytics/runs')).json().items.length;
    await performRefreshJob(ctx.database, workspaceId, { nightly: '2000-01-01' });
    const runs = (await owner.request('GET', '/api/v1/analytics/runs')).json().items;
    expect(runs).toHaveLength(before + 1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'done' });
    const after = await sqlRows<{ n: number }>(ctx.database.db, sql`
      select count(*)::int as n from jobs where workspace_id = ${workspaceId} and kind = ${REFRESH_JOB} and dedupe_key like 'nightly:%'`);
    expect(after[0]?.n).toBe(1);
  });

  it('moves sales history when customers merge', async () => {
    const find = async (q: string) => (await owner.request('GET', `/api/v1/customers?q=${q}`)).json().items[0];
    const keep = await find('00003');
    const duplicate = await find('00004');
    const countOf = async (id: string) => (await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from transactions where workspace_id = ${workspaceId} and customer_id = ${id}`))[0]?.n ?? 0;
    const total = (await countOf(keep.id)) + (await countOf(duplicate.id));
    expect((await owner.request('POST', `/api/v1/customers/${keep.id}/merge`, { duplicateId: duplicate.id })).statusCode).toBe(200);
    expect(await countOf(keep.id)).toBe(total);
    expect(await countOf(duplicate.id)).toBe(0);
  });
});
