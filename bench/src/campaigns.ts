// Campaigns benchmark (issue 7). Full scale: 1,000,000 customers and 10,000,000 purchases on
// PostgreSQL; `--scale 0.01` runs a hundredth (10,000 customers, 100,000 purchases). Figures:
// segment_count_ms — live count of a five-condition segment (consent, language, purchases and
//   spend in 90 days, days since last purchase), median of 5 after one warm-up;
// issue_200k_s — draw the audience (20% of customers, 200,000 at full scale), hold out 10%,
//   post bonus points to the ledger and queue the e-mails, in batches of 1,000;
// measure_s — treated vs control over the window with CIs, bootstrap and the daily series.
// Data is generated set-based in SQL; purchases go to the sales-history table (transactions), and its
// trigger keeps the per-customer purchase history the behaviour conditions read (migration 0013).
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { ROLE_PERMISSIONS } from '@vefa/domain';
import { openPglite, openPostgres, sqlRows, type Database } from '@vefa/server/platform/db/database';
import type { Actor } from '@vefa/server/platform/auth/actor';
import { buildWorkspace, userIdOf } from '@vefa/server/test/testApp';
import { createProgramme } from '@vefa/server/modules/loyalty/programmes';
import { countSegment, createSegment } from '@vefa/server/modules/campaigns/segments';
import { createCampaign, launchCampaign } from '@vefa/server/modules/campaigns/campaigns';
import { drawAudience } from '@vefa/server/modules/campaigns/audience';
import { issueBatch } from '@vefa/server/modules/campaigns/issue';
import { measureCampaign } from '@vefa/server/modules/campaigns/results';
import type { Benchmark, BenchContext } from './report.ts';
import { freshPostgres } from './freshDatabase.ts';

const FIVE_CONDITIONS = {
  type: 'group', combinator: 'and', conditions: [
    { type: 'condition', field: 'consent', op: 'granted', key: 'email' },
    { type: 'condition', field: 'profile.language', op: 'in', value: ['az', 'tr'] },
    { type: 'condition', field: 'behaviour.purchases', op: 'gte', value: 2, period: { lastDays: 90 } },
    { type: 'condition', field: 'behaviour.spend', op: 'gte', value: 5000, period: { lastDays: 90 } },
    { type: 'condition', field: 'behaviour.daysSinceLastPurchase', op: 'lte', value: 60 },
  ],
};

async function seed(database: Database, ws: string, programmeId: string, customers: number, purchases: number, progress: (m: string) => void) {
  const db = database.db;
  const step = 50_000;
  for (let from = 1; from <= customers; from += step) {
    const to = Math.min(customers, from + step - 1);
    progress(`customers ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')}`);
    await db.execute(sql`insert into customers (workspace_id, id, kind, display_name, first_name, name_key, email, language, tags)
      select ${ws}::uuid, gen_random_uuid(), 'person', 'Müştəri ' || i, 'Müştəri', 'musteri ' || i, 'c' || i || '@bench.test',
        (array['az', 'tr', 'en'])[1 + i % 3], case when i % 5 = 0 then array['bench'] else '{}'::text[] end
      from generate_series(${from}::int, ${to}::int) i`);
  }
  progress('consents and members');
  await db.execute(sql`insert into consents (workspace_id, customer_id, channel, granted, source)
    select workspace_id, id, 'email', (hashtext(id::text) % 10) <> 0, 'bench' from customers where workspace_id = ${ws}`);
  await db.execute(sql`insert into loyalty_members (workspace_id, id, programme_id, customer_id, card_number, referral_code, joined_on)
    select workspace_id, gen_random_uuid(), ${programmeId}::uuid, id, 'B' || row_number() over (), 'R' || row_number() over (), current_date
    from customers where workspace_id = ${ws}`);
  // Each customer's purchases in one statement with the others of a block of 50,000 customers (as a
  // sales-history import does): the purchase-history trigger then adds one row per customer per block.
  const perCustomer = Math.round(purchases / customers);
  let after = '00000000-0000-0000-0000-000000000000';
  for (let done = 0; done < customers; done += 50_000) {
    progress(`purchases ${(done * perCustomer).toLocaleString('en-US')}–${(Math.min(customers, done + 50_000) * perCustomer).toLocaleString('en-US')}`);
    const [last] = await sqlRows<{ id: string | null }>(db, sql`select id::text as id from (select id from customers
      where workspace_id = ${ws} and id > ${after} order by id limit 50000) c order by id desc limit 1`);
    if (!last?.id) break;
    await db.execute(sql`insert into transactions (workspace_id, customer_id, occurred_at, amount_minor, currency, source, external_ref)
      select ${ws}::uuid, c.id, now() - (random() * 180) * interval '1 day', (500 + random() * 6000)::int, 'AZN', 'import', c.id || '-' || g
      from customers c cross join generate_series(1, ${perCustomer}::int) g
      where c.workspace_id = ${ws} and c.id > ${after} and c.id <= ${last.id}`);
    after = last.id;
  }
  // After a bulk load, as autovacuum would (it is off on CI): statistics and the visibility map index-only scans need.
  await db.execute(sql`vacuum analyze`);
}

const DATABASE = 'vefa_bench_campaigns';
const SEEDED = 'bench campaigns seeded';

/** The bench database as an earlier run left it (migrated on open), or null when there is none. */
async function existingPostgres(url: string, name: string): Promise<Database | null> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
  await admin.end();
  if (found.rowCount === 0) return null;
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openPostgres(target.toString(), 10);
}

/** A workspace whose seeding finished at this many customers, with its programme. */
async function seededWorkspace(database: Database, customers: number) {
  const [row] = await sqlRows<{ id: string; slug: string; programme_id: string }>(database.db, sql`select w.id, w.slug, p.id as programme_id
    from workspaces w join loyalty_programmes p on p.workspace_id = w.id and p.name = 'Bench'
    where w.name = ${`${SEEDED} ${customers}`} order by w.created_at desc limit 1`);
  return row ? { id: row.id, slug: row.slug, programmeId: row.programme_id } : null;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export async function runCampaignsBench(ctx: BenchContext) {
  const scale = ctx.scale ?? 1;
  const customers = Math.max(1000, Math.round(1_000_000 * scale));
  const purchases = customers * 10;
  // VEFA_BENCH_REUSE=1 keeps the seeded database of an earlier run at the same scale (building 10M
  // purchases takes long); without it, or when none fits, the database is made anew.
  const reuse = ctx.db === 'postgres' && process.env.VEFA_BENCH_REUSE === '1';
  const database = ctx.db === 'postgres'
    ? (reuse ? await existingPostgres(ctx.databaseUrl, DATABASE) : null) ?? await freshPostgres(ctx.databaseUrl, DATABASE, 10)
    : await openPglite('memory');
  try {
    const seeded = reuse ? await seededWorkspace(database, customers) : null;
    if (seeded) ctx.progress(`reusing the seeded workspace ${seeded.slug}`);
    const w = seeded ?? await buildWorkspace(database, `bench-campaigns-${Date.now()}`, ['owner']);
    const actor: Actor = {
      type: 'user', workspaceId: w.id, userId: await userIdOf(database, `owner@${w.slug}.test`), apiKeyId: null, name: 'bench',
      role: 'owner', permissions: ROLE_PERMISSIONS.owner, departmentId: null, csrfToken: null,
    };
    const programme = seeded ? { id: seeded.programmeId } : await createProgramme(database.db, actor, {
      name: 'Bench', currency: 'AZN', pointValueMinor: 1, returnWindowDays: 0, expiryMonths: 12, expiryWarningDays: 30, negativeBalance: 'allow',
      earning: { earnOnDiscountedLines: true }, burning: { minPoints: 1, maxBillPercent: 100 },
      tierSettings: { window: { kind: 'rolling', days: 365 }, review: { month: 1, day: 1 }, graceDays: 30 },
      referral: { referrerPoints: 0, refereePoints: 0, minPurchaseMinor: 0, maxRewardsPerReferrer: null },
    });
    if (!seeded) {
      await seed(database, w.id, programme.id, customers, purchases, ctx.progress);
      await database.db.execute(sql`update workspaces set name = ${`${SEEDED} ${customers}`} where id = ${w.id}`);
    } else {
      // Migrations added since may have rewritten tables: the same state a fresh seed ends in.
      await database.db.execute(sql`vacuum analyze`);
    }

    ctx.progress('segment count');
    await countSegment(database.db, w.id, FIVE_CONDITIONS);
    const samples: number[] = [];
    let matched = 0;
    for (let i = 0; i < 5; i++) {
      const r = await timed(() => countSegment(database.db, w.id, FIVE_CONDITIONS));
      samples.push(r.ms);
      matched = r.value.count;
    }
    samples.sort((a, b) => a - b);
    const countMs = Number((samples[2] ?? 0).toFixed(1));
    ctx.report({ name: 'segment_count_ms', value: countMs, unit: 'ms', better: 'lower', target: `≤ 500 at 1M customers (${matched.toLocaleString('en-US')} of ${customers.toLocaleString('en-US')} matched)` });

    const segment = await createSegment(database.db, actor, { name: 'bench 20%', kind: 'dynamic', definition: { type: 'condition', field: 'tag', op: 'has', value: 'bench' } });
    const campaign = await createCampaign(database.db, actor, {
      name: 'Bench points', segmentId: segment.id, offer: { kind: 'points', programmeId: programme.id, points: 100 }, channel: 'email',
      templates: { az: { subject: 'Salam {{firstName}}', body: '{{points}} bonus' } }, controlShare: 0.1, stratifyBy: 'none',
      startsAt: new Date(Date.now() - 7 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), postWindowDays: 14,
      currency: 'AZN', budgetMinor: null, messageCostMinor: 2, grossMarginPercent: 30, frequencyCap: null, plannedCustomers: null,
    });
    await launchCampaign(database.db, actor, campaign.id);
    ctx.progress(`issuing to ${(customers / 5).toLocaleString('en-US')} customers`);
    let issued = 0;
    const issue = await timed(async () => {
      await drawAudience(database.db, w.id, campaign.id);
      for (;;) {
        const batch = await issueBatch(database.db, w.id, campaign.id, 1000);
        issued += batch.issued;
        if (batch.claimed === 0) break;
      }
    });
    const audience = customers / 5;
    ctx.report({ name: 'issue_200k_s', value: Number((issue.ms / 1000).toFixed(2)), unit: 's', better: 'lower', target: `≤ 60 for 200,000 (here ${audience.toLocaleString('en-US')} drawn, ${issued.toLocaleString('en-US')} treated)` });

    ctx.progress('measuring');
    await measureCampaign(database.db, w.id, campaign.id);
    const measure = await timed(() => measureCampaign(database.db, w.id, campaign.id));
    ctx.report({ name: 'measure_s', value: Number((measure.ms / 1000).toFixed(2)), unit: 's', better: 'lower', target: `≤ 2 (verdict ${measure.value.verdict.code})` });
  } finally {
    await database.close();
  }
}

export const campaignsBenchmark: Benchmark = {
  id: 'campaigns',
  description: 'Segment count (5 conditions), issue a campaign to 20% of 1M customers, measure treated vs control over 10M purchases',
  run: runCampaignsBench,
};
