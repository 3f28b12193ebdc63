import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, sqlRows, type Database } from '../../../platform/db/database.ts';
import { TEST_DB } from '../../../test/testDatabase.ts';
import { seedDemoWorkspace } from '../../demo/demoWorkspace.ts';

/**
 * Nothing a user imported is lost or counted twice: `vefa import` is killed
 * with SIGKILL in the middle of a file, then the same file is imported again,
 * and every row exists exactly once.
 */
const BIN = path.resolve(import.meta.dirname, '../../../../bin/vefa.mjs');
const ROWS = 30_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vefa-crash-'));
const file = path.join(dir, 'customers.csv');
let env: Record<string, string> = {};
let dbName = '';

async function openShared(): Promise<Database> {
  return TEST_DB === 'postgres' ? openPostgres(env.DATABASE_URL ?? '', 4) : openPglite(env.VEFA_DATA_DIR ?? '');
}

beforeAll(async () => {
  const lines = ['external_id,first_name,last_name,email'];
  for (let i = 0; i < ROWS; i++) lines.push(`K-${i},Kəmalə${i},Sınaq,k${i}@mail.az`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  if (TEST_DB === 'postgres') {
    const server = process.env.VEFA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    dbName = `vefa_crash_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${dbName}`;
    env = { DATABASE_URL: url.toString() };
  } else {
    env = { VEFA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
  }
  const database = await openShared();
  await seedDemoWorkspace(database.db, { customers: 10 });
  await database.close();
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (dbName) {
    const admin = new pg.Client({ connectionString: process.env.VEFA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

function runImport(killAfterRows?: number) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'import', file], { env: { ...process.env, ...env } });
    let output = '';
    const onData = (data: Buffer) => {
      output += String(data);
      const done = [...output.matchAll(/importing: (\d+)\//g)].map((m) => Number(m[1])).pop() ?? 0;
      if (killAfterRows !== undefined && done >= killAfterRows && !child.killed) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

async function countImported() {
  const database = await openShared();
  try {
    const rows = await sqlRows<{ n: number; distinct_ids: number }>(database.db,
      sql`select count(*)::int as n, count(distinct external_id)::int as distinct_ids from customers where external_id like 'K-%'`);
    return rows[0] ?? { n: 0, distinct_ids: 0 };
  } finally {
    await database.close();
  }
}

describe('an import killed mid-file', () => {
  it('leaves whole batches only, and a re-run completes it with every row exactly once', async () => {
    const killed = await runImport(ROWS / 3);
    expect(killed.signal).toBe('SIGKILL');
    const partial = await countImported();
    expect(partial.n).toBe(partial.distinct_ids);
    expect(partial.n).toBeLessThan(ROWS);
    expect(partial.n % 5000).toBe(0);

    const rerun = await runImport();
    expect(rerun.code, rerun.output).toBe(0);
    expect(await countImported()).toEqual({ n: ROWS, distinct_ids: ROWS });
  }, 240_000);
});
