import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../platform/db/database.ts';

/** Which database the db suite runs on: scripts/test.mjs runs it once with each. */
export const TEST_DB = process.env.VEFA_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const SERVER_URL = process.env.VEFA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh, migrated database per test file: an in-memory PGlite, or a new
 * database on the real PostgreSQL server that is dropped afterwards.
 */
export async function openTestDatabase(): Promise<Database> {
  if (TEST_DB === 'pglite') return openPglite('memory');
  const name = `vefa_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 10);
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: SERVER_URL });
      await dropper.connect();
      // pool.end() resolves before its clients' backends have gone; dropping WITH (FORCE) then
      // kills them and the ending clients raise an unhandled 57P01. Wait for them to leave.
      for (let i = 0; i < 50; i++) {
        const { rows } = await dropper.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if ((rows[0]?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A database that a second process (a spawned `vefa` that the test kills) can
 * open too: a PGlite folder or a fresh database on the PostgreSQL server. `env`
 * points a child process at it; `open` connects the test itself.
 */
export async function createSharedTestDatabase(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  let env: Record<string, string> = { VEFA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
  let name = '';
  if (TEST_DB === 'postgres') {
    name = `${prefix.replace(/\W/g, '_')}_${process.pid}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
  }
  return {
    env,
    open: (): Promise<Database> => (TEST_DB === 'postgres' ? openPostgres(env.DATABASE_URL ?? '', 4) : openPglite(env.VEFA_DATA_DIR ?? '')),
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
      if (!name) return;
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
