import pg from 'pg';
import { openPostgres, type Database } from '@vefa/server/platform/db/database';

/** A benchmark's own empty database on the PostgreSQL server, dropped and created anew, migrated on open. */
export async function freshPostgres(url: string, name: string, poolSize = 20): Promise<Database> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openPostgres(target.toString(), poolSize);
}
