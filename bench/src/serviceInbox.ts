// Service desk inbox (issue 5): the first page of each inbox view over a
// workspace of 1,000,000 cases, 10 % of them open, in 8 departments of 5
// agents each; 70 % of open cases assigned. Seven views: the coordinator's
// all, unassigned, breaching soon, one department and their own; an agent's
// own ("mine") and their department's. Open cases fall due over a week, one in seven already overdue. Each view is read `ROUNDS` times after
// one warm-up read, through listCases (query, merge and presenter), and the
// p99 of the slowest view is reported. `--scale` is a factor of 1,000,000 or,
// above 100, a count.
import { sql } from 'drizzle-orm';
import { ROLE_PERMISSIONS } from '@vefa/domain';
import { CaseListQuery } from '@vefa/contract';
import { openPglite, sqlRows } from '@vefa/server/platform/db/database';
import type { Actor } from '@vefa/server/platform/auth/actor';
import { buildWorkspace } from '@vefa/server/test/testApp';
import { listCases } from '@vefa/server/modules/service/cases/listCases';
import type { BenchContext } from './report.ts';
import { runStandalone } from './standalone.ts';
import { freshPostgres } from './freshDatabase.ts';

const ROUNDS = 200;
const DEPARTMENTS = 8;
const AGENTS_PER_DEPARTMENT = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function runServiceInboxBench(ctx: BenchContext) {
  const total = ctx.scale === null ? 1_000_000 : ctx.scale > 100 ? Math.round(ctx.scale) : Math.round(1_000_000 * ctx.scale);
  const database = ctx.db === 'postgres' ? await freshPostgres(ctx.databaseUrl, 'vefa_bench_service_inbox', 4) : await openPglite('memory');
  try {
    const ws = await buildWorkspace(database, `bench-inbox-${Date.now()}`, ['service_coordinator']);
    const [coordinatorRow] = await sqlRows<{ id: string }>(database.db, sql`select id from users where email = ${ws.people.service_coordinator ?? ''}`);
    const coordinatorId = coordinatorRow?.id ?? null;
    const db = database.db;
    const depts = Array.from({ length: DEPARTMENTS }, () => crypto.randomUUID());
    const agents = Array.from({ length: DEPARTMENTS * AGENTS_PER_DEPARTMENT }, () => crypto.randomUUID());
    // Postgres array literals: drizzle would spread a JavaScript array into a row of parameters.
    const deptArray = `{${depts.join(',')}}`;
    const agentArray = `{${agents.join(',')}}`;
    ctx.progress(`building ${total.toLocaleString('en-US')} cases`);
    const started = performance.now();
    await db.execute(sql`insert into departments (workspace_id, id, name) select ${ws.id}, d, 'Department ' || i from unnest(${deptArray}::uuid[]) with ordinality as t(d, i)`);
    await db.execute(sql`insert into users (id, email, name, password_hash) select a, 'agent' || i || '@bench-inbox.test', 'Agent ' || i, 'x' from unnest(${agentArray}::uuid[]) with ordinality as t(a, i)`);
    await db.execute(sql`insert into memberships (workspace_id, user_id, role, department_id)
      select ${ws.id}, a, 'service_agent', (${deptArray}::uuid[])[1 + ((i - 1) / ${AGENTS_PER_DEPARTMENT})::int] from unnest(${agentArray}::uuid[]) with ordinality as t(a, i)`);
    const customerCount = Math.max(100, Math.round(total / 50));
    await db.execute(sql`insert into customers (workspace_id, id, kind, display_name, name_key)
      select ${ws.id}, gen_random_uuid(), 'person', 'Customer ' || g, 'customer ' || g from generate_series(1, ${customerCount}) g`);
    await db.execute(sql`create temporary table bench_customers as select row_number() over () as n, id from customers where workspace_id = ${ws.id}`);
    // Open cases: every tenth. Departments by g / 10, agents within the department by g / 80; 3 in 10 open cases unassigned.
    for (let from = 1; from <= total; from += 200_000) {
      const to = Math.min(total, from + 199_999);
      await db.execute(sql`insert into cases (workspace_id, id, number, type, priority, status, is_open, subject, description, channel,
          department_id, assignee_id, customer_id, status_history, queue_due_at, created_at, updated_at)
        select ${ws.id}, gen_random_uuid(), 'VF-2026-' || lpad(g::text, 7, '0'), 'question', (array['low','normal','high','urgent'])[1 + g % 4],
          case when g % 10 = 0 then 'open' else 'closed' end, g % 10 = 0, 'Case ' || g, '', 'email',
          (${deptArray}::uuid[])[1 + (g / 10) % ${DEPARTMENTS}],
          case when g % 10 = 0 and (g / 7) % 10 < 3 then null else (${agentArray}::uuid[])[1 + ((g / 10) % ${DEPARTMENTS}) * ${AGENTS_PER_DEPARTMENT} + (g / 80) % ${AGENTS_PER_DEPARTMENT}] end,
          c.id, '[]'::jsonb,
          case when g % 10 = 0 then now() + (((g::bigint * 7919) % 10080) - 1440) * interval '1 minute' else 'infinity'::timestamptz end,
          now() - (g % 100000) * interval '1 minute', now()
        from generate_series(${from}::int, ${to}::int) g join bench_customers c on c.n = 1 + g % ${customerCount}`);
      ctx.progress(`${to.toLocaleString('en-US')} cases`);
    }
    await db.execute(sql`analyze`);
    ctx.progress(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const coordinator: Actor = {
      type: 'user', workspaceId: ws.id, userId: coordinatorId, apiKeyId: null, name: 'Coordinator', role: 'service_coordinator',
      permissions: ROLE_PERMISSIONS.service_coordinator, departmentId: null, csrfToken: null,
    };
    const agent: Actor = {
      type: 'user', workspaceId: ws.id, userId: agents[0] ?? null, apiKeyId: null, name: 'Agent 1', role: 'service_agent',
      permissions: ROLE_PERMISSIONS.service_agent, departmentId: depts[0] ?? null, csrfToken: null,
    };
    const views: { name: string; actor: Actor; query: Record<string, unknown> }[] = [
      { name: 'coordinator_all', actor: coordinator, query: {} },
      { name: 'coordinator_unassigned', actor: coordinator, query: { view: 'unassigned' } },
      { name: 'coordinator_breaching', actor: coordinator, query: { view: 'breaching' } },
      { name: 'coordinator_department', actor: coordinator, query: { view: 'department', departmentId: depts[1] } },
      { name: 'coordinator_mine', actor: coordinator, query: { view: 'mine' } },
      { name: 'agent_mine', actor: agent, query: { view: 'mine' } },
      { name: 'agent_department', actor: agent, query: { view: 'department' } },
    ];
    const [open] = await sqlRows<{ n: number }>(db, sql`select count(*)::int as n from cases where workspace_id = ${ws.id} and is_open`);
    ctx.progress(`${open?.n ?? 0} open cases; ${ROUNDS} reads of each of ${views.length} views`);
    let worst = 0;
    for (const view of views) {
      const query = CaseListQuery.parse(view.query);
      const page = await listCases(db, view.actor, query);
      if (page.items.length === 0 && view.name !== 'coordinator_mine') throw new Error(`${view.name}: empty page`);
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await listCases(db, view.actor, query);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const p99 = Number(percentile(times, 99).toFixed(1));
      worst = Math.max(worst, p99);
      ctx.report({ name: `inbox_${view.name}_p99_ms`, value: p99, unit: 'ms', better: 'lower' });
      ctx.progress(`${view.name}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${p99} ms (${page.items.length} items)`);
    }
    ctx.report({ name: 'inbox_p99_ms', value: worst, unit: 'ms', better: 'lower', target: `<= 50 (slowest of ${views.length} views, ${total.toLocaleString('en-US')} cases)` });
  } finally {
    await database.close();
  }
}

// Alone: `npx tsx bench/src/serviceInbox.ts [count] [pglite]`.
if (import.meta.url === `file://${process.argv[1]}`) runStandalone(runServiceInboxBench);
