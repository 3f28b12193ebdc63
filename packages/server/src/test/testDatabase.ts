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
