// Loyalty engine benchmark (issue 3). By default the issue's full scale: 100,000 members,
// 1,000,000 purchases × 3 lines, 10 active rules, 4 tiers. `--scale 0.1` runs a tenth of it
// (a value above 100 is read as a purchase count, members = purchases / 10).
// Purchases go through the HTTP API of a real server (a `vefa serve --role api` process on
// PostgreSQL, the bench's own process on PGlite): batches of 1,000 to
// POST /api/v1/loyalty/purchases/batch from parallel tills, then single purchases at a fixed
// 300 requests/s, open loop (a request's latency counts from when it was due, so a slow
// server cannot slow the load down and hide its queue). The ingest reference inserts the
// same ledger rows with plain multi-row INSERTs, with the same number of parallel writers:
// 2–4 on PostgreSQL by core count, 1 on PGlite; LOYALTY_BENCH_WIDTH=N overrides it.
// LOYALTY_BENCH_SERVER_ARGS passes Node flags to the server process (e.g. "--cpu-prof").
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { PurchaseInput } from '@vefa/contract';
import type { z } from 'zod';
import { ROLE_PERMISSIONS } from '@vefa/domain';
import { openPglite, openPostgres, sqlRows, type Database } from '@vefa/server/platform/db/database';
import type { Actor } from '@vefa/server/platform/auth/actor';
import { buildWorkspace, signIn, userIdOf } from '@vefa/server/test/testApp';
import { buildApp } from '@vefa/server/platform/http/app';
import { readConfig } from '@vefa/server/platform/config';
import { createProgramme, createTier } from '@vefa/server/modules/loyalty/programmes';
import { createRule } from '@vefa/server/modules/loyalty/rules';
import { expirePoints } from '@vefa/server/modules/loyalty/maintenance';
import { checkLedger } from '@vefa/server/modules/loyalty/ledgerCheck';
import { BENCH_RULES, measureRuleEvalsPerSecond } from './loyaltyRules.ts';
import { ratioOf, type Benchmark, type BenchContext } from './report.ts';

type PurchaseIn = z.infer<typeof PurchaseInput>;

async function freshPostgres(url: string, name: string): Promise<{ database: Database; url: string }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { database: await openPostgres(target.toString(), 20), url: target.toString() };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
}

/** --scale: a factor of the issue's full scale; a value above 100 is a purchase count. */
export function loyaltyScale(scale: number | null): { purchases: number; members: number } {
  const purchases = scale === null ? 1_000_000 : scale > 100 ? Math.round(scale) : Math.round(1_000_000 * scale);
  return { purchases, members: Math.max(100, Math.round(purchases / 10)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open-loop load: request i is due at start + i / rate whatever happened to the others;
 * its latency runs from when it was due, so queueing in the server counts.
 */
async function openLoop(rate: number, count: number, send: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inflight.push(send(i).then((ok) => { if (!ok) errors++; }, (error: unknown) => {
      errors++;
      firstError ||= String(error instanceof Error ? error.cause ?? error.message : error);
    }).then(() => { latencies.push(performance.now() - due); }));
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - start) / 1000;
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), rate: Number((count / seconds).toFixed(1)), errors, firstError };
}

interface Server { url: string; stop(): Promise<void> }

/** PostgreSQL: a real `vefa serve --role api` process. PGlite (one process only): the bench's own. */
async function startServer(database: Database, databaseUrl: string | null): Promise<Server> {
  if (databaseUrl === null) {
    const app = await buildApp({ config: readConfig({}, { webDistDir: '/nonexistent' }), database, logger: false, rateLimitPerMinute: 100_000_000 });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return { url, stop: () => app.close() };
  }
  const port = 44_000 + (process.pid % 1000);
  const bin = path.resolve(import.meta.dirname, '../../packages/server/bin/vefa.mjs');
  const child: ChildProcess = spawn(process.execPath, [...(process.env.LOYALTY_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean), bin, 'serve', '--port', String(port), '--role', 'api', '--no-demo'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', VEFA_RATE_LIMIT_PER_MINUTE: '100000000' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${url}/health`)).ok) {
        return { url, stop: async () => { const exited = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await exited; } };
      }
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** An API key for the tills, made the way a person makes one (owner signed in). */
async function tillKey(database: Database, ownerEmail: string): Promise<string> {
  const app = await buildApp({ config: readConfig({}, { webDistDir: '/nonexistent' }), database, logger: false, rateLimitPerMinute: 100_000 });
  await app.ready();
  try {
    const owner = await signIn(app, ownerEmail);
    const res = await owner.request('POST', '/api/v1/api-keys', { name: 'bench till', scopes: ['loyalty:transact', 'loyalty:read'] });
    if (res.statusCode !== 201) throw new Error(`api key: ${res.body}`);
    const secret: unknown = res.json().secret;
    if (typeof secret !== 'string') throw new Error('api key without a secret');
    return secret;
  } finally {
    await app.close();
  }
}

/** The same ledger rows again, by plain parameterised multi-row INSERTs (1,000 rows each). */
async function insertReference(database: Database, rows: readonly Record<string, unknown>[]) {
  const columns = ['workspace_id', 'programme_id', 'posting_id', 'posting_kind', 'account', 'member_id', 'lot_id', 'amount', 'cause_kind', 'cause', 'occurred_at'];
  const params: unknown[] = [];
  const tuples = rows.map((r, i) => {
    for (const c of columns) params.push(r[c]);
    return `(${columns.map((c, j) => `$${i * columns.length + j + 1}${c === 'cause' ? '::jsonb' : ''}`).join(',')})`;
  });
  const text = `insert into ledger_reference (${columns.join(',')}) values ${tuples.join(',')}`;
  if (database.pool) await database.pool.query(text, params);
  else {
    const literal = (v: unknown) => (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : `'${String(v instanceof Date ? v.toISOString() : v).replace(/'/g, "''")}'`);
    await database.db.execute(sql.raw(`insert into ledger_reference (${columns.join(',')}) values ${rows.map((r) => `(${columns.map((c) => `${literal(r[c])}${c === 'cause' ? '::jsonb' : ''}`).join(',')})`).join(',')}`));
  }
}

/** Deterministic pseudo-random numbers, so runs compare. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    // mulberry32: every bit well mixed (a plain LCG's low bits cycle quickly).
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

const CATEGORIES = ['dairy', 'bread', 'cheese', 'fruit', 'drinks', 'meat'];

function makePurchases(count: number, memberIds: readonly string[], offset: number): PurchaseIn[] {
  const next = rng(offset + 7);
  const now = Date.now();
  const out: PurchaseIn[] = [];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    out.push({
      externalId: `BENCH-${n}`, member: { memberId: memberIds[next(memberIds.length)] ?? '' },
      occurredAt: new Date(now - next(300) * 86_400_000 - next(86_400_000)).toISOString(), storeId: `s${next(20)}`, channel: next(3) === 0 ? 'web' : 'store',
      lines: [0, 1, 2].map((j) => ({
        id: `l${j}`, sku: `sku${next(5000)}`, category: CATEGORIES[next(CATEGORIES.length)] ?? 'dairy', brand: `b${next(10)}`,
        quantity: 1 + next(4), unitPriceMinor: 50 + next(5000), ...(next(3) === 0 ? { discountMinor: next(50) } : {}),
      })),
    });
  }
  return out;
}

async function seedMembers(database: Database, workspaceId: string, programmeId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, count - start) }, (_, k) => {
      const i = start + k;
      return { customer_id: crypto.randomUUID(), member_id: crypto.randomUUID(), name: `Bench Member ${i}`, card: String(8_000_000_000_000_000 + i), code: `RB${String(i).padStart(8, '0')}` };
    });
    const json = JSON.stringify(rows);
    await database.db.execute(sql`insert into customers (workspace_id, id, kind, display_name, first_name, name_key)
      select ${workspaceId}::uuid, customer_id, 'person', name, name, lower(name) from jsonb_to_recordset(${json}::jsonb) as x(customer_id uuid, name text)`);
    await database.db.execute(sql`insert into loyalty_members (workspace_id, id, programme_id, customer_id, card_number, referral_code, joined_on)
      select ${workspaceId}::uuid, member_id, ${programmeId}::uuid, customer_id, card, code, current_date - 400
      from jsonb_to_recordset(${json}::jsonb) as x(member_id uuid, customer_id uuid, card text, code text)`);
    await database.db.execute(sql`insert into loyalty_member_balances (workspace_id, member_id)
      select ${workspaceId}::uuid, member_id from jsonb_to_recordset(${json}::jsonb) as x(member_id uuid)`);
    ids.push(...rows.map((r) => r.member_id));
  }
  return ids;
}

/** Runs `jobs` with at most `width` in flight. */
async function pool<T>(jobs: readonly (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      if (job) results[i] = await job();
    }
  }));
  return results;
}

export const loyaltyBenchmark: Benchmark = {
  id: 'loyalty',
  description: 'Purchase ingest through the batch API vs plain INSERT of the same ledger rows, single purchases at 300 req/s, balance reads, rule evaluation, expiry run',
  async run(ctx: BenchContext) {
    const { purchases, members } = loyaltyScale(ctx.scale);
    const fresh = ctx.db === 'postgres' ? await freshPostgres(ctx.databaseUrl, 'vefa_bench_loyalty') : null;
    const database = fresh ? fresh.database : await openPglite('memory');
    const width = Number(process.env.LOYALTY_BENCH_WIDTH ?? 0) || (ctx.db === 'postgres' ? Math.max(2, Math.min(4, os.cpus().length)) : 1);
    let server: Server | null = null;
    try {
      ctx.progress(`set-up: ${members.toLocaleString('en-US')} members, 10 rules, 4 tiers`);
      const ws = await buildWorkspace(database, `bench-loyalty-${Date.now()}`, ['owner']);
      const actor: Actor = {
        type: 'api_key', workspaceId: ws.id, userId: await userIdOf(database, ws.people.owner ?? ''), apiKeyId: null, name: 'bench till',
        role: 'owner', permissions: ROLE_PERMISSIONS.owner, departmentId: null, csrfToken: null,
      };
      const programme = await createProgramme(database.db, actor, {
        name: 'Bench', pointValueMinor: 1, returnWindowDays: 0, expiryMonths: 12, expiryWarningDays: 30, negativeBalance: 'allow',
        earning: { earnOnDiscountedLines: true }, burning: { minPoints: 1, maxBillPercent: 100 },
        tierSettings: { window: { kind: 'rolling', days: 365 }, review: { month: 1, day: 1 }, graceDays: 30 },
        referral: { referrerPoints: 0, refereePoints: 0, minPurchaseMinor: 0, maxRewardsPerReferrer: null },
      });
      for (const rule of BENCH_RULES) {
        const { id: _id, ...json } = rule;
        await createRule(database.db, actor, { programmeId: programme.id, rule: Object.fromEntries(Object.entries(json)), active: true });
      }
      for (const [rank, name, points, mult] of [[0, 'Bronze', null, 100], [1, 'Silver', 1000, 110], [2, 'Gold', 5000, 125], [3, 'Platinum', 20000, 150]] as const) {
        await createTier(database.db, actor, programme.id, { name, rank, requires: points === null ? {} : { points }, earningMultiplierPercent: mult });
      }
      const memberIds = await seedMembers(database, ws.id, programme.id, members);
      // What autovacuum does on a real server; the shared test server runs with it off, and a
      // planner that has never seen statistics would price these tables as empty.
      const autovacuumOff = fresh !== null && (await sqlRows<{ autovacuum: string }>(database.db, sql`show autovacuum`))[0]?.autovacuum === 'off';
      const analyze = async () => {
        if (autovacuumOff) await database.db.execute(sql`analyze customers, timeline_entries, loyalty_members, loyalty_member_balances, loyalty_purchases, loyalty_purchase_lines, loyalty_lots, loyalty_tier_activity, loyalty_rule_usage, loyalty_ledger_entries`);
      };
      await analyze();
      const key = await tillKey(database, ws.people.owner ?? '');
      server = await startServer(database, fresh ? fresh.url : null);
      const api = server.url;
      const post = (url: string, body: unknown) => fetch(`${api}/api/v1${url}`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });

      // 1. Ingest through POST /loyalty/purchases/batch, several tills at once. Batches are made
      //    as they are sent, so a million purchases never sit in memory at once.
      const batchCount = Math.ceil(purchases / 1000);
      ctx.progress(`ingest: ${purchases.toLocaleString('en-US')} purchases × 3 lines in ${batchCount} batches of 1,000, ${width} tills in parallel`);
      let done = 0;
      let created = 0;
      const step = Math.max(1000, Math.round(purchases / 20 / 1000) * 1000);
      const ingestStart = performance.now();
      await pool(Array.from({ length: batchCount }, (_, b) => async () => {
        const batch = makePurchases(Math.min(1000, purchases - b * 1000), memberIds, b * 1000);
        const res = await post('/loyalty/purchases/batch', { purchases: batch });
        const body: unknown = await res.json();
        if (res.status !== 200) throw new Error(`batch ${b}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
        created += Number((body as { created?: unknown }).created ?? 0);
        done += batch.length;
        if (done % 100_000 < batch.length) await analyze();
        if (done % step < batch.length) {
          const s = (performance.now() - ingestStart) / 1000;
          ctx.progress(`  ${done.toLocaleString('en-US')} / ${purchases.toLocaleString('en-US')} purchases, ${Math.round(done / s).toLocaleString('en-US')}/s`);
        }
      }), width);
      const ingestSeconds = (performance.now() - ingestStart) / 1000;
      if (created !== purchases) throw new Error(`only ${created} of ${purchases} purchases were created`);
      const ingestRate = purchases / ingestSeconds;

      // 2. Reference: the same ledger rows with plain multi-row INSERTs into a copy of the table
      //    (same indexes), read back a page at a time; only the INSERTs are timed.
      await database.db.execute(sql`create table ledger_reference (like loyalty_ledger_entries including defaults including identity including indexes)`);
      let refSeconds = 0;
      let entryCount = 0;
      let afterId = 0;
      for (;;) {
        const entries = await sqlRows<Record<string, unknown> & { id: number }>(database.db, sql`
          select id, workspace_id, programme_id, posting_id, posting_kind, account, member_id, lot_id, amount, cause_kind, cause::text as cause, occurred_at
          from loyalty_ledger_entries where workspace_id = ${ws.id} and id > ${afterId} order by id limit 100000`);
        if (entries.length === 0) break;
        afterId = Number(entries[entries.length - 1]?.id ?? afterId);
        entryCount += entries.length;
        const chunks: Record<string, unknown>[][] = [];
        for (let i = 0; i < entries.length; i += 1000) chunks.push(entries.slice(i, i + 1000));
        const refStart = performance.now();
        await pool(chunks.map((chunk) => () => insertReference(database, chunk)), width);
        refSeconds += (performance.now() - refStart) / 1000;
        if (entryCount % 1_000_000 < entries.length) ctx.progress(`  reference: ${entryCount.toLocaleString('en-US')} ledger rows`);
      }
      ctx.progress(`reference: ${entryCount.toLocaleString('en-US')} ledger rows by multi-row INSERT in ${refSeconds.toFixed(1)} s; ingest took ${ingestSeconds.toFixed(1)} s`);
      await database.db.execute(sql`drop table ledger_reference`);
      const refRate = purchases / refSeconds;
      ctx.report({ name: 'ingest_purchases_per_s', value: Math.round(ingestRate), unit: 'purchases/s', better: 'higher', target: '>= 10000' });
      ctx.report({ name: 'ledger_entries_per_purchase', value: Number((entryCount / purchases).toFixed(2)), unit: 'entries', better: 'lower' });
      ctx.report({
        name: 'ingest_ratio_to_insert', value: ratioOf(ingestRate, refRate, 'higher'), unit: 'ratio', better: 'higher', target: '>= 0.5',
        reference: { name: 'insert_same_ledger_rows_purchases_per_s', value: Math.round(refRate) },
      });

      // 3. Single purchases at a fixed 300 requests/s, open loop, through POST /loyalty/purchases.
      const singleCount = Math.max(600, Math.min(6000, Math.round(purchases / 200)));
      ctx.progress(`single purchases: ${singleCount.toLocaleString('en-US')} at 300 req/s, open loop`);
      const singles = makePurchases(singleCount, memberIds, purchases + 1);
      const single = await openLoop(300, singleCount, async (i) => {
        const res = await post('/loyalty/purchases', singles[i]);
        const text = await res.text();
        if (res.status !== 201) throw new Error(`${res.status} ${text.slice(0, 200)}`);
        return true;
      });
      ctx.report({ name: 'purchase_p99_ms', value: single.p99, unit: 'ms', better: 'lower', target: '<= 20 at 300 req/s' });
      ctx.report({ name: 'purchase_p50_ms', value: single.p50, unit: 'ms', better: 'lower' });
      ctx.report({ name: 'purchase_rate_achieved', value: single.rate, unit: 'req/s', better: 'higher' });
      // An overloaded server fails requests (timeouts, resets): count them rather than stop the run.
      ctx.report({ name: 'purchase_errors', value: single.errors, unit: 'requests', better: 'lower' });
      if (single.errors > 0) ctx.progress(`  ${single.errors} single purchases failed, e.g. ${single.firstError}`);

      // 4. Reads: the till's balance check, and the member view of the customer 360, at 300 req/s.
      const next = rng(99);
      const get = (url: string) => fetch(`${api}/api/v1${url}`, { headers: { authorization: `Bearer ${key}` } });
      const balances = await openLoop(300, 3000, async () => {
        const res = await get(`/loyalty/members/${memberIds[next(memberIds.length)] ?? ''}/balance?expiringWithinDays=30`);
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 200)}`);
        return true;
      });
      ctx.report({ name: 'balance_p99_ms', value: balances.p99, unit: 'ms', better: 'lower', target: '<= 5' });
      const views = await openLoop(100, 1000, async () => {
        const res = await get(`/loyalty/members/${memberIds[next(memberIds.length)] ?? ''}`);
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 200)}`);
        return true;
      });
      ctx.report({ name: 'member_view_p99_ms', value: views.p99, unit: 'ms', better: 'lower' });
      ctx.report({ name: 'read_errors', value: balances.errors + views.errors, unit: 'requests', better: 'lower' });
      if (balances.errors + views.errors > 0) ctx.progress(`  ${balances.errors + views.errors} reads failed, e.g. ${balances.firstError || views.firstError}`);
      await server.stop();
      server = null;

      // 5. Rules in memory.
      ctx.progress('rule evaluation in memory');
      ctx.report({ name: 'rule_evals_per_s_per_core', value: measureRuleEvalsPerSecond(2000), unit: 'evals/s', better: 'higher', target: '>= 1000000' });

      // 6. Nightly expiry over every member (every lot past its last day).
      ctx.progress(`expiry run over ${members.toLocaleString('en-US')} members`);
      const expStart = performance.now();
      const expired = await expirePoints(database.db, ws.id, programme.id, '2199-01-01', width);
      const expirySeconds = (performance.now() - expStart) / 1000;
      ctx.report({ name: 'expiry_run_s', value: Number(expirySeconds.toFixed(2)), unit: 's', better: 'lower', target: '<= 30 at 100,000 members' });
      ctx.report({ name: 'expiry_members', value: expired.members, unit: 'members', better: 'higher' });

      ctx.progress('ledger check');
      const check = await checkLedger(database.db, ws.id);
      ctx.report({ name: 'ledger_check_ok', value: check.ok ? 1 : 0, unit: 'bool', better: 'higher' });
      ctx.report({ name: 'purchases', value: purchases, unit: 'purchases', better: 'higher' });
      ctx.report({ name: 'members', value: members, unit: 'members', better: 'higher' });
    } finally {
      await server?.stop();
      await database.close();
    }
  },
};
