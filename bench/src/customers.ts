import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPglite, openPostgres, type Database } from '@vefa/server/platform/db/database';
import { buildWorkspace, TEST_PASSWORD } from '@vefa/server/test/testApp';
import { startImport, runImport, uploadImportFile } from '@vefa/server/modules/customers/imports/importService';
import { systemActor } from '@vefa/server/platform/auth/actor';
import { ratioOf, type Benchmark, type BenchContext } from './report.ts';
import { freshPostgres } from './freshDatabase.ts';
import { load } from './httpLoad.ts';
import { rssMibOf, startServerProcess, stopServerProcess } from './serverProcess.ts';

const FIRST = ['Rəşad', 'Gülşən', 'Çingiz', 'Aysel', 'Tural', 'Nigar', 'Elvin', 'Leyla', 'Orxan', 'Səbinə', 'Murat', 'Ayşe', 'Mehmet', 'Zeynep', 'Kamran', 'Günay', 'İlkin', 'Fidan', 'Emre', 'Elif'];
const LAST = ['Əliyev', 'Məmmədova', 'Həsənov', 'Quliyeva', 'Hüseynov', 'Kərimova', 'Rzayev', 'Səfərova', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Abbasov', 'İsmayılova', 'Nəsirov', 'Cəfərova', 'Babayev', 'Öztürk', 'Aydın'];

/** A deterministic customer file: names cycle through az/tr lists with a serial so no two rows are alike. */
function customerCsv(rows: number) {
  const lines = ['external_id,first_name,last_name,email,phone,city,tags'];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length] ?? '';
    const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? ''}${i >= 400 ? ` ${i % 997}` : ''}`;
    lines.push(`B-${i},${first},${last},c${i}@bench.az,+99450${String(1_000_000 + (i % 8_999_999)).slice(0, 7)},Bakı,${i % 10 === 0 ? 'vip' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * PostgreSQL's own COPY of the same file, twice: into a bare table (what the disk and the
 * parser can do) and into a table with the customer table's keys and indexes (what COPY
 * does for the same destination shape). The import is held against the second: both then
 * pay for the same index maintenance, and the ratio is the price of Vefa's own work
 * (validation, matching, the search words), which is what the target is about.
 */
async function copyReference(database: Database, csv: string) {
  const client = await database.pool?.connect();
  if (!client) throw new Error('COPY needs PostgreSQL');
  const columns = 'external_id text, first_name text, last_name text, email text, phone text, city text, tags text';
  const timedCopy = async () => {
    const started = performance.now();
    await pipeline(Readable.from([csv]), client.query(copyFrom('copy copy_reference (external_id, first_name, last_name, email, phone, city, tags) from stdin with (format csv, header true)')));
    return (performance.now() - started) / 1000;
  };
  try {
    await client.query(`create table copy_reference (${columns})`);
    const bare = await timedCopy();
    await client.query('drop table copy_reference');
    await client.query(`create table copy_reference (
      workspace_id uuid not null default gen_random_uuid(), id uuid not null default gen_random_uuid(), ${columns},
      created_at timestamptz not null default now(), primary key (workspace_id, id))`);
    await client.query('create unique index on copy_reference (workspace_id, external_id)');
    await client.query('create index on copy_reference (workspace_id, email)');
    await client.query('create index on copy_reference (workspace_id, phone)');
    await client.query('create index on copy_reference (workspace_id, last_name, first_name, id)');
    await client.query('create index on copy_reference (workspace_id, created_at, id)');
    const indexed = await timedCopy();
    return { bare, indexed };
  } finally {
    await client.query('drop table if exists copy_reference');
    client.release();
  }
}

export const customersBenchmark: Benchmark = {
  id: 'customers',
  description: 'customer import vs COPY, search and 360 p99 at 100 concurrent requests, server RSS',
  async run(ctx: BenchContext) {
    const rows = ctx.scale ?? (ctx.db === 'postgres' ? 1_000_000 : 100_000);
    ctx.progress(`generating ${rows.toLocaleString()} customers`);
    const csv = customerCsv(rows);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vefa-bench-'));
    const database = ctx.db === 'postgres' ? await freshPostgres(ctx.databaseUrl, 'vefa_bench_customers') : await openPglite(dataDir);
    const ws = await buildWorkspace(database, 'bench', ['owner']);
    const actor = { ...systemActor(ws.id), name: 'bench' };

    let copyRate: number | null = null;
    let bareCopyRate: number | null = null;
    if (database.kind === 'postgres') {
      ctx.progress('COPY reference');
      const copy = await copyReference(database, csv);
      ctx.report({ name: 'copy_bare_rows_per_s', value: Math.round(rows / copy.bare), unit: 'rows/s', better: 'higher' });
      ctx.report({ name: 'copy_rows_per_s', value: Math.round(rows / copy.indexed), unit: 'rows/s', better: 'higher' });
      copyRate = rows / copy.indexed;
      bareCopyRate = rows / copy.bare;
    }
    ctx.progress('uploading the file');
    const file = await uploadImportFile(database.db, actor, 'bench.csv', 'text/csv', new TextEncoder().encode(csv));
    const run = await startImport(database.db, actor, { fileId: file.id, mapping: file.suggestedMapping, dryRun: false, matchBy: 'external_id' });
    ctx.progress('importing');
    const started = performance.now();
    let lastShown = 0;
    const done = await runImport(database, ws.id, run.id, (n, total) => {
      if (n - lastShown >= total / 10) { lastShown = n; ctx.progress(`imported ${n.toLocaleString()} / ${total.toLocaleString()}`); }
    });
    const importSeconds = (performance.now() - started) / 1000;
    if (done.inserted !== rows) throw new Error(`imported ${done.inserted} of ${rows}: ${JSON.stringify(done.errors.slice(0, 3))}`);
    const importRate = Math.round(rows / importSeconds);
    ctx.report({
      name: 'import_rows_per_s', value: importRate, unit: 'rows/s', better: 'higher', target: '>= 20000',
      ...(typeof copyRate === 'number' ? { reference: { name: 'copy_rows_per_s', value: Math.round(copyRate) }, ratio: ratioOf(importRate, copyRate, 'higher') } : {}),
    });
    if (typeof copyRate === 'number') {
      ctx.report({ name: 'import_ratio_to_copy', value: ratioOf(importRate, copyRate, 'higher'), unit: 'ratio', better: 'higher', target: '>= 0.5' });
      if (typeof bareCopyRate === 'number') ctx.report({ name: 'import_ratio_to_bare_copy', value: ratioOf(importRate, bareCopyRate, 'higher'), unit: 'ratio', better: 'higher' });
    }
    // What autovacuum does soon after a bulk load: statistics for the planner, GIN pending lists merged.
    {
      const { sql } = await import('drizzle-orm');
      for (const table of ['customers', 'customer_name_words', 'customer_name_vocabulary']) await database.db.execute(sql.raw(`vacuum analyze ${table}`));
    }
    const sample = await database.db.query.customers.findMany({ columns: { id: true }, limit: 2000 });
    await database.close();

    ctx.progress('starting the server');
    const port = 3900;
    const env: Record<string, string> = database.kind === 'postgres'
      ? { DATABASE_URL: new URL('/vefa_bench_customers', ctx.databaseUrl).toString() } : { VEFA_DATA_DIR: dataDir, DATABASE_URL: '' };
    const server = await startServerProcess(env, port);
    try {
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ws.people.owner, password: TEST_PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const queries = ['Rəşad', 'resad', 'Eliyev', 'Aliyev 5', 'Gulsen', 'Cingiz Quliyeva', 'yilmaz', 'c12345@bench.az', '+994501012345', 'B-777', 'Aysl', 'Kerimova', 'vip', 'Murat K'];
      const searchPaths = queries.map((q) => `/api/v1/customers?q=${encodeURIComponent(q)}&limit=25`);
      const seconds = ctx.db === 'postgres' ? 15 : 8;
      // PGlite is one embedded connection: 100 clients would only measure the length of its queue.
      const concurrency = ctx.db === 'postgres' ? 100 : 10;
      ctx.report({ name: 'concurrency', value: concurrency, unit: 'connections', better: 'higher' });
      ctx.progress('warming up');
      await load(`http://127.0.0.1:${port}`, cookie, searchPaths, 3, concurrency);
      ctx.progress('search load');
      const search = await load(`http://127.0.0.1:${port}`, cookie, searchPaths, seconds, concurrency);
      const rssSearch = rssMibOf(server.pid ?? 0);
      ctx.report({ name: 'search_p99_ms', value: search.p99, unit: 'ms', better: 'lower', target: '<= 50' });
      ctx.report({ name: 'search_rps', value: Math.round(search.rps), unit: 'req/s', better: 'higher' });
      ctx.progress('customer 360 load');
      const views = await load(`http://127.0.0.1:${port}`, cookie, sample.map((c) => `/api/v1/customers/${c.id}`), seconds, concurrency);
      ctx.report({ name: 'customer360_p99_ms', value: views.p99, unit: 'ms', better: 'lower', target: '<= 50' });
      ctx.report({ name: 'customer360_rps', value: Math.round(views.rps), unit: 'req/s', better: 'higher' });
      ctx.report({ name: 'server_rss_mib', value: Math.max(rssSearch, rssMibOf(server.pid ?? 0)), unit: 'MiB', better: 'lower' });
      ctx.report({ name: 'http_errors', value: search.errors + views.errors, unit: 'count', better: 'lower' });
      ctx.report({ name: 'customers', value: rows, unit: 'rows', better: 'higher' });
    } finally {
      await stopServerProcess(server);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
