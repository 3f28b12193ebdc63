import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sqlRows, type Database } from './database.ts';

const dialect = new PgDialect();

/**
 * The most requested reads (a session's lookup, the board, the account page) as named prepared
 * statements on PostgreSQL: each pooled connection parses and plans such a
 * long statement once and then reuses the plan, where an unnamed statement is
 * planned again on every request. The name carries a digest of the text, so
 * each variant of a statement (team or own board, one pipeline or the
 * default) is its own prepared statement. PGlite has one connection in the
 * same process and runs the statement as usual.
 */
export async function preparedRows<T>(database: Database, name: string, query: SQL): Promise<T[]> {
  if (!database.pool) return sqlRows<T>(database.db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const digest = createHash('sha1').update(text).digest('hex').slice(0, 16);
  const result = await database.pool.query<T & object>({ name: `${name}_${digest}`, text, values: params });
  return result.rows;
}
