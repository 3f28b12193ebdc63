import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../../platform/db/database.ts';
import { createSharedTestDatabase } from '../../../test/testDatabase.ts';
import { seedDemoWorkspace } from '../../demo/demoWorkspace.ts';

/**
 * Nothing a user imported is lost or counted twice: `vefa import` is killed
 * with SIGKILL in the middle of a file, then the same file is imported again,
 * and every row exists exactly once.
 */
const BIN = path.resolve(import.meta.dirname, '../../../../bin/vefa.mjs');
const ROWS = 30_000;
const file = path.join(os.tmpdir(), `vefa-crash-${process.pid}.csv`);
let shared: Awaited<ReturnType<typeof createSharedTestDatabase>>;
let env: Record<string, string> = {};
const openShared = () => shared.open();

beforeAll(async () => {
  const lines = ['external_id,first_name,last_name,email'];
  for (let i = 0; i < ROWS; i++) lines.push(`K-${i},Kəmalə${i},Sınaq,k${i}@mail.az`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  shared = await createSharedTestDatabase('vefa_crash');
  env = shared.env;
  const database = await openShared();
  await seedDemoWorkspace(database.db, { customers: 10 });
  await database.close();
});

afterAll(async () => {
  fs.rmSync(file, { force: true });
  await shared.drop();
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
