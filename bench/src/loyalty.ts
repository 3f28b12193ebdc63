// Loyalty engine benchmark (issue 3). Scale = purchases (members = purchases / 10); the issue's
// full scale is 1,000,000 purchases over 100,000 members: `npm run bench -- loyalty --scale 1000000`.
// Ingest and its reference run with the same number of parallel writers ("tills"): 2–4 on
// PostgreSQL by core count, 1 on PGlite; LOYALTY_BENCH_WIDTH=N overrides it.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { PurchaseInput } from '@vefa/contract';
import type { z } from 'zod';
import { ROLE_PERMISSIONS } from '@vefa/domain';
import { openPglite, openPostgres, sqlRows, type Database } from '@vefa/server/platform/db/database';
import type { Actor } from '@vefa/server/platform/auth/actor';
import { buildWorkspace, userIdOf } from '@vefa/server/test/testApp';
import { createProgramme, createTier } from '@vefa/server/modules/loyalty/programmes';
import { createRule } from '@vefa/server/modules/loyalty/rules';
import { recordPurchase, recordPurchaseBatch } from '@vefa/server/modules/loyalty/purchases';
import { memberBalance, memberView } from '@vefa/server/modules/loyalty/members';
import { expirePoints } from '@vefa/server/modules/loyalty/maintenance';
import { checkLedger } from '@vefa/server/modules/loyalty/ledgerCheck';
import { BENCH_RULES, measureRuleEvalsPerSecond } from './loyaltyRules.ts';
import { ratioOf, type Benchmark, type BenchContext } from './report.ts';

type PurchaseIn = z.infer<typeof PurchaseInput>;

async function freshPostgres(url: string, name: string): Promise<Database> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openPostgres(target.toString(), 20);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
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
  description: 'Purchase ingest through the batch API service vs plain INSERT of the same ledger rows, balance reads, rule evaluation, expiry run',
  async run(ctx: BenchContext) {
    const purchases = ctx.scale ?? 100_000;
    const members = Math.max(100, Math.round(purchases / 10));
    const database = ctx.db === 'postgres' ? await freshPostgres(ctx.databaseUrl, 'vefa_bench_loyalty') : await openPglite('memory');
    const width = Number(process.env.LOYALTY_BENCH_WIDTH ?? 0) || (ctx.db === 'postgres' ? Math.max(2, Math.min(4, os.cpus().length)) : 1);
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

      // 1. Ingest through the batch service (what POST /loyalty/purchases/batch runs), several tills at once.
      // Batches are generated as they are sent, so a million purchases never sit in memory at once.
      const batchCount = Math.ceil(purchases / 1000);
      ctx.progress(`ingest: ${purchases.toLocaleString('en-US')} purchases × 3 lines in ${batchCount} batches, ${width} in parallel`);
      let done = 0;
      const ingestStart = performance.now();
      const results = await pool(Array.from({ length: batchCount }, (_, b) => async () => {
        const batch = makePurchases(Math.min(1000, purchases - b * 1000), memberIds, b * 1000);
        const r = await recordPurchaseBatch(database.db, actor, batch);
        done += batch.length;
        if (done % 20_000 < batch.length) ctx.progress(`  ${done.toLocaleString('en-US')} purchases`);
        return r;
      }), width);
      const ingestSeconds = (performance.now() - ingestStart) / 1000;
      const created = results.reduce((s, r) => s + r.created, 0);
      if (created !== purchases) throw new Error(`only ${created} of ${purchases} purchases were created`);
      const ingestRate = purchases / ingestSeconds;

      // 2. Reference: the same ledger rows with plain multi-row INSERTs into a copy of the table (same
      //    indexes), read back a page at a time; only the INSERTs are timed.
      await database.db.execute(sql`create table ledger_reference (like loyalty_ledger_entries including defaults including identity including indexes)`);
      let refSeconds = 0;
      let entryCount = 0;
      let afterId = 0;
      for (;;) {
        const entries = await sqlRows<Record<string, unknown> & { id: number }>(database.db, sql`
          select id, workspace_id, programme_id, posting_id, posting_kind, account, member_id, lot_id, amount, cause_kind, cause::text as cause, occurred_at
          from loyalty_ledger_entries where workspace_id = ${ws.id} and id > ${afterId} order by id limit 50000`);
        if (entries.length === 0) break;
        afterId = Number(entries[entries.length - 1]?.id ?? afterId);
        entryCount += entries.length;
        const chunks: Record<string, unknown>[][] = [];
        for (let i = 0; i < entries.length; i += 1000) chunks.push(entries.slice(i, i + 1000));
        const refStart = performance.now();
        await pool(chunks.map((chunk) => async () => {
          await database.db.execute(sql`insert into ledger_reference (workspace_id, programme_id, posting_id, posting_kind, account, member_id, lot_id, amount, cause_kind, cause, occurred_at) values ${sql.join(
            chunk.map((e) => sql`(${e.workspace_id}, ${e.programme_id}, ${e.posting_id}, ${e.posting_kind}, ${e.account}, ${e.member_id}, ${e.lot_id}, ${e.amount}, ${e.cause_kind}, ${e.cause}::jsonb, ${e.occurred_at})`),
            sql`, `)}`);
        }), width);
        refSeconds += (performance.now() - refStart) / 1000;
      }
      ctx.progress(`reference: ${entryCount.toLocaleString('en-US')} ledger rows by multi-row INSERT`);
      await database.db.execute(sql`drop table ledger_reference`);
      const refRate = purchases / refSeconds;
      ctx.report({ name: 'ingest_purchases_per_s', value: Math.round(ingestRate), unit: 'purchases/s', better: 'higher', target: '>= 10000' });
      ctx.report({ name: 'ledger_entries_per_purchase', value: Number((entryCount / purchases).toFixed(2)), unit: 'entries', better: 'lower' });
      ctx.report({
        name: 'ingest_ratio_to_insert', value: ratioOf(ingestRate, refRate, 'higher'), unit: 'ratio', better: 'higher', target: '>= 0.5',
        reference: { name: 'insert_same_ledger_rows_purchases_per_s', value: Math.round(refRate) },
      });

      // 3. Single purchases, one after another (a till waiting for its answer).
      const singles = makePurchases(500, memberIds, purchases + 1);
      const single: number[] = [];
      for (const p of singles) {
        const t = performance.now();
        await recordPurchase(database.db, actor, p);
        single.push(performance.now() - t);
      }
      ctx.report({ name: 'purchase_p99_ms', value: percentile(single, 0.99), unit: 'ms', better: 'lower', target: '<= 20 (sequential here, not at 300 req/s)' });

      // 4. Reads: the till's balance check (one indexed read), and the full member view of the customer 360.
      const next = rng(99);
      const reads: number[] = [];
      for (let i = 0; i < 3000; i++) {
        const t = performance.now();
        await memberBalance(database.db, ws.id, memberIds[next(memberIds.length)] ?? '');
        reads.push(performance.now() - t);
      }
      ctx.report({ name: 'balance_p99_ms', value: percentile(reads, 0.99), unit: 'ms', better: 'lower', target: '<= 5' });
      const views: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const t = performance.now();
        await memberView(database.db, ws.id, memberIds[next(memberIds.length)] ?? '');
        views.push(performance.now() - t);
      }
      ctx.report({ name: 'member_view_p99_ms', value: percentile(views, 0.99), unit: 'ms', better: 'lower' });

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

      const check = await checkLedger(database.db, ws.id);
      ctx.report({ name: 'ledger_check_ok', value: check.ok ? 1 : 0, unit: 'bool', better: 'higher' });
      ctx.report({ name: 'purchases', value: purchases, unit: 'purchases', better: 'higher' });
      ctx.report({ name: 'members', value: members, unit: 'members', better: 'higher' });
    } finally {
      await database.close();
    }
  },
};
