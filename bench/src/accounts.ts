import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPglite, openPostgres, sqlRows, type Database } from '@vefa/server/platform/db/database';
import { buildWorkspace, TEST_PASSWORD } from '@vefa/server/test/testApp';
import { hashPassword } from '@vefa/server/platform/auth/secrets';
import { ensureDefaultPipeline, listStages } from '@vefa/server/modules/accounts/pipelines';
import type { Benchmark, BenchContext } from './report.ts';
import { freshPostgres } from './freshDatabase.ts';
import { load } from './httpLoad.ts';
import { startServerProcess, stopServerProcess } from './serverProcess.ts';

/**
 * Key accounts at the issue's scale (10,000 accounts, 200,000 deals, 2,000,000
 * activities; --scale N sets the accounts and the rest follows 1:20:200):
 * the kanban and the account page under concurrent load, and the team's
 * monthly report, through a real `vefa serve`.
 */
const MANAGERS = 20;

/** The data, made inside the database with generate_series: deterministic shapes, no round trip per row. */
async function generate(database: Database, ctx: BenchContext, accounts: number) {
  try {
    return await generateData(database, ctx, accounts);
  } catch (error) {
    // Drizzle wraps the driver's error; its cause says what PostgreSQL refused.
    throw new Error(`generating data failed: ${String((error as { cause?: unknown }).cause ?? error)}`);
  }
}

async function generateData(database: Database, ctx: BenchContext, accounts: number) {
  const db = database.db;
  const ws = await buildWorkspace(database, 'kambench', ['owner']);
  const hash = await hashPassword(TEST_PASSWORD);
  await db.execute(sql`insert into users (id, email, name, password_hash)
    select gen_random_uuid(), 'kam' || g || '@bench.test', 'Manager ' || g, ${hash} from generate_series(1, ${MANAGERS}::int) g`);
  await db.execute(sql`insert into memberships (workspace_id, user_id, role)
    select ${ws.id}, id, 'account_manager' from users where email like 'kam%@bench.test'`);
  ctx.progress(`companies and key accounts: ${accounts.toLocaleString()}`);
  await db.execute(sql`insert into customers (workspace_id, id, kind, display_name, company_name, name_key, created_at)
    select ${ws.id}, gen_random_uuid(), 'company', 'Şirkət ' || g || ' MMC', 'Şirkət ' || g || ' MMC', 'sirket ' || g || ' mmc', now() - (g % 700) * interval '1 day'
    from generate_series(1, ${accounts}::int) g`);
  await db.execute(sql`insert into key_accounts (workspace_id, customer_id, owner_id, tier, currency, plan, satisfaction, last_activity_at, created_at)
    select c.workspace_id, c.id, m.user_id, (array['strategic','key','growth','standard'])[1 + (row_number() over (order by c.id))::int % 4], 'AZN',
      '{"goals":["Grow share"],"challenges":[],"strategy":""}'::jsonb, 50 + (row_number() over (order by c.id))::int % 50,
      now() - ((row_number() over (order by c.id))::int % 120) * interval '1 day', c.created_at
    from customers c
    join lateral (select user_id from memberships where workspace_id = ${ws.id} and role = 'account_manager'
      order by user_id offset (abs(hashtext(c.id::text)) % ${MANAGERS}) limit 1) m on true
    where c.workspace_id = ${ws.id} and c.kind = 'company'`);
  const pipelineId = await ensureDefaultPipeline(db, ws.id);
  const stages = (await listStages(db, ws.id, pipelineId)).map((s) => s.id);
  // A plain table, not a temporary one: the pool may run the next statement on another connection.
  await db.execute(sql`drop table if exists bench_accounts`);
  await db.execute(sql`create table bench_accounts as
    select customer_id, owner_id, (row_number() over (order by customer_id))::int as rn from key_accounts where workspace_id = ${ws.id}`);
  const deals = accounts * 20;
  ctx.progress(`deals: ${deals.toLocaleString()} with stage history`);
  const stageArray = sql.raw(`(array[${stages.map((s) => `'${s}'::uuid`).join(',')}])`);
  await db.execute(sql`insert into account_deals (workspace_id, id, title, account_id, pipeline_id, stage_id, status, value_minor, currency, probability,
      owner_id, next_step, stage_entered_at, closed_at, lost_reason, created_at)
    select ${ws.id}, gen_random_uuid(), 'Deal ' || g, a.customer_id, ${pipelineId},
      ${stageArray}[case when g % 20 < 14 then 1 + g % 8 when g % 20 < 17 then 9 else 1 + g % 8 end],
      case when g % 20 < 14 then 'open' when g % 20 < 17 then 'won' else 'lost' end,
      (1000 + g % 5000) * 100, 'AZN', 10 + g % 80, a.owner_id, case when g % 3 = 0 then 'Call back' end,
      now() - (g % 400) * interval '1 day' - (g % 24) * interval '1 hour',
      case when g % 20 >= 14 then now() - (g % 400) * interval '1 day' end,
      case when g % 20 >= 17 then (array['Price','Timing','Competitor'])[1 + g % 3] end,
      now() - (g % 400 + 30) * interval '1 day'
    from generate_series(1, ${deals}::int) g join bench_accounts a on a.rn = 1 + g % ${accounts}`);
  await db.execute(sql`insert into account_deal_stage_history (workspace_id, id, deal_id, stage_id, entered_at, left_at)
    select d.workspace_id, gen_random_uuid(), d.id, ${stageArray}[1], d.created_at, d.stage_entered_at from account_deals d where d.workspace_id = ${ws.id}`);
  await db.execute(sql`insert into account_deal_stage_history (workspace_id, id, deal_id, stage_id, entered_at)
    select d.workspace_id, gen_random_uuid(), d.id, d.stage_id, d.stage_entered_at from account_deals d where d.workspace_id = ${ws.id}`);
  const acts = accounts * 200;
  const chunk = 250_000;
  for (let start = 0; start < acts; start += chunk) {
    ctx.progress(`activities: ${start.toLocaleString()} / ${acts.toLocaleString()}`);
    await db.execute(sql`insert into account_activities (workspace_id, id, kind, account_id, subject, direction, at, starts_at, ends_at, time_zone, done_at, owner_id)
      select ${ws.id}, gen_random_uuid(), (array['call','email','meeting','chat','call','email','fax'])[1 + g % 7], a.customer_id, 'Activity ' || g, 'outbound',
        now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute',
        case when g % 7 = 2 then now() - (g % 365) * interval '1 day' end, case when g % 7 = 2 then now() - (g % 365) * interval '1 day' + interval '1 hour' end,
        case when g % 7 = 2 then 'Asia/Baku' end, case when g % 7 = 2 then now() - (g % 365) * interval '1 day' end, a.owner_id
      from generate_series(${start + 1}::int, ${Math.min(acts, start + chunk)}::int) g join bench_accounts a on a.rn = 1 + g % ${accounts}`);
  }
  ctx.progress('contracts and orders');
  await db.execute(sql`insert into account_contracts (workspace_id, id, number, account_id, title, terms, value_minor, currency, starts_on, renewal_on, reminder_days, status)
    select ${ws.id}, gen_random_uuid(), 'C-' || a.rn, a.customer_id, 'Contract ' || a.rn, '', 1000000, 'AZN', current_date - 300, current_date + (a.rn % 400), 30, 'active'
    from bench_accounts a`);
  await db.execute(sql`insert into account_orders (workspace_id, id, number, contract_id, account_id, status, currency, lines, total_minor, due_on, history, created_at)
    select k.workspace_id, gen_random_uuid(), 'O-' || k.number || '-' || n, k.id, k.account_id,
      (array['received','confirmed','shipped','delivered','invoiced'])[1 + (n + length(k.number)) % 5], 'AZN', '[]'::jsonb, 50000,
      current_date + ((n * 7 + length(k.number)) % 40) - 20, '[]'::jsonb, now() - (n * 11 % 60) * interval '1 day'
    from account_contracts k cross join generate_series(1, 2) n where k.workspace_id = ${ws.id}`);
  await db.execute(sql`drop table bench_accounts`);
  if (database.kind === 'postgres') {
    ctx.progress('vacuum analyze');
    for (const t of ['customers', 'key_accounts', 'account_deals', 'account_deal_stage_history', 'account_activities', 'account_contracts', 'account_orders']) {
      await db.execute(sql.raw(`vacuum analyze ${t}`));
    }
  }
  const [manager] = await sqlRows<{ email: string }>(db, sql`select u.email from users u join key_accounts k on k.owner_id = u.id where k.workspace_id = ${ws.id}
    group by u.email order by count(*) desc limit 1`);
  const sample = await sqlRows<{ id: string }>(db, sql`select customer_id as id from key_accounts where workspace_id = ${ws.id} order by customer_id limit 2000`);
  return { ws, managerEmail: manager?.email ?? '', sample: sample.map((s) => s.id), deals, activities: acts };
}

async function signIn(base: string, email: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: TEST_PASSWORD }) });
  if (!login.ok) throw new Error(`sign-in failed for ${email}: ${login.status}`);
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}


export const accountsBenchmark: Benchmark = {
  id: 'accounts',
  description: 'key accounts: kanban and account page p99 under load, team monthly report time (10k accounts, 200k deals, 2M activities)',
  async run(ctx: BenchContext) {
    const accounts = ctx.scale ?? (ctx.db === 'postgres' ? 10_000 : 1_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vefa-bench-kam-'));
    const database = ctx.db === 'postgres' ? await freshPostgres(ctx.databaseUrl, 'vefa_bench_accounts') : await openPglite(dataDir);
    const started = performance.now();
    const data = await generate(database, ctx, accounts);
    ctx.report({ name: 'generate_s', value: Number(((performance.now() - started) / 1000).toFixed(1)), unit: 's', better: 'lower' });
    await database.close();

    const port = 3910;
    const env: Record<string, string> = ctx.db === 'postgres'
      ? { DATABASE_URL: new URL('/vefa_bench_accounts', ctx.databaseUrl).toString() } : { VEFA_DATA_DIR: dataDir, DATABASE_URL: '' };
    ctx.progress('starting the server');
    const server = await startServerProcess(env, port);
    const base = `http://127.0.0.1:${port}`;
    try {
      const owner = await signIn(base, data.ws.people.owner ?? '');
      const manager = await signIn(base, data.managerEmail);
      const concurrency = ctx.db === 'postgres' ? 20 : 4;
      const seconds = ctx.db === 'postgres' ? 10 : 5;
      ctx.report({ name: 'concurrency', value: concurrency, unit: 'connections', better: 'higher' });
      ctx.progress('warming up');
      await load(base, owner, ['/api/v1/accounts/board'], 2, concurrency);
      ctx.progress('kanban load (team board, every deal)');
      const team = await load(base, owner, ['/api/v1/accounts/board'], seconds, concurrency);
      ctx.progress('kanban load (one manager, owned and shared accounts)');
      const mine = await load(base, manager, ['/api/v1/accounts/board'], seconds, concurrency);
      ctx.report({ name: 'pipeline_p99_ms', value: Math.max(team.p99, mine.p99), unit: 'ms', better: 'lower', target: '<= 100' });
      ctx.report({ name: 'pipeline_team_p99_ms', value: team.p99, unit: 'ms', better: 'lower' });
      ctx.report({ name: 'pipeline_manager_p99_ms', value: mine.p99, unit: 'ms', better: 'lower' });
      ctx.report({ name: 'pipeline_rps', value: team.rps, unit: 'req/s', better: 'higher' });
      // The same requests one at a time: what one person waits for, without the queue of the shared machine.
      const single = await load(base, owner, ['/api/v1/accounts/board'], 3, 1);
      ctx.report({ name: 'pipeline_single_p99_ms', value: single.p99, unit: 'ms', better: 'lower' });
      ctx.progress('account page load');
      const pages = await load(base, owner, data.sample.map((id) => `/api/v1/accounts/${id}`), seconds, concurrency);
      ctx.report({ name: 'account360_p99_ms', value: pages.p99, unit: 'ms', better: 'lower', target: '<= 50' });
      ctx.report({ name: 'account360_rps', value: pages.rps, unit: 'req/s', better: 'higher' });
      const singlePage = await load(base, owner, data.sample.map((id) => `/api/v1/accounts/${id}`), 3, 1);
      ctx.report({ name: 'account360_single_p99_ms', value: singlePage.p99, unit: 'ms', better: 'lower' });
      ctx.progress('monthly report');
      const month = new Date().toISOString().slice(0, 7);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const r = await fetch(`${base}/api/v1/accounts/reports/monthly?month=${month}`, { headers: { cookie: owner } });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`report answered ${r.status}`);
        times.push((performance.now() - t0) / 1000);
      }
      ctx.report({ name: 'monthly_report_s', value: Number(Math.max(...times).toFixed(3)), unit: 's', better: 'lower', target: '<= 1' });
      // These machines are shared: the load average says how much of the CPU the run really had.
      ctx.report({ name: 'load_average_1m', value: Number(os.loadavg()[0]?.toFixed(1) ?? 0), unit: 'runnable', better: 'lower' });
      ctx.report({ name: 'http_errors', value: team.errors + mine.errors + pages.errors, unit: 'count', better: 'lower' });
      ctx.report({ name: 'accounts', value: accounts, unit: 'rows', better: 'higher' });
      ctx.report({ name: 'deals', value: data.deals, unit: 'rows', better: 'higher' });
      ctx.report({ name: 'activities', value: data.activities, unit: 'rows', better: 'higher' });
    } finally {
      await stopServerProcess(server);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
