import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import pg from 'pg';
import * as tables from './tables.ts';

export type Tables = typeof tables;
export type Db = PgDatabase<PgQueryResultHKT, Tables>;
export type Tx = PgTransaction<PgQueryResultHKT, Tables, ExtractTablesWithRelations<Tables>>;
/** Either the database or a transaction on it: services accept both. */
export type Queryable = Db | Tx;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** The node-postgres pool, for COPY and other driver-level work; null on PGlite. */
  readonly pool: pg.Pool | null;
  /** SQL text with $1… values, straight to the driver (see preparedStatement). */
  rawQuery<T>(text: string, values: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(import.meta.dirname, '../../../migrations');

// PostgreSQL returns bigint and numeric as strings; counts and sums fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPglite(dataDir: string | 'memory'): Promise<Database> {
  if (dataDir !== 'memory') fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir === 'memory' ? 'memory://' : dataDir, { extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema: tables }) as unknown as Db;
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  const rawQuery = async <T>(text: string, values: unknown[]) => (await client.query<T>(text, values)).rows;
  return { kind: 'pglite', db, pool: null, rawQuery, close: () => client.close() };
}

export async function openPostgres(url: string, poolSize = 20): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = drizzlePg(pool, { schema: tables }) as unknown as Db;
  // Several processes may start at once; one applies migrations, the others wait.
  const lockClient = await pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock(727274)');
    await migratePg(drizzlePg(lockClient), { migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock(727274)').catch(() => undefined);
    lockClient.release();
  }
  const rawQuery = async <T>(text: string, values: unknown[]) => (await pool.query<T & object>(text, values)).rows;
  return { kind: 'postgres', db, pool, rawQuery, close: () => pool.end() };
}

export function openDatabase(config: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}

/**
 * Raw SQL for what the query builder can't say. Both drivers answer with
 * `{ rows }`; node-postgres counts changed rows in `rowCount`, PGlite in
 * `affectedRows`. This is the one place that knows it.
 */
export async function sqlRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}

export async function sqlChanged(db: Queryable, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as { rowCount?: number | null; affectedRows?: number };
  return result.rowCount ?? result.affectedRows ?? 0;
}
