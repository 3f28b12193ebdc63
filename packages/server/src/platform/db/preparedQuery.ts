import { createHash } from 'node:crypto';
import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sqlRows, type Database } from './database.ts';

const dialect = new PgDialect();

const statementName = (name: string, text: string) => `${name}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;

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
  const result = await database.pool.query<T & object>({ name: statementName(name, text), text, values: params });
  return result.rows;
}

/**
 * A read whose text never changes, written once with `sql.placeholder(...)` for
 * its values and compiled to SQL once when the module loads. Each request then
 * only fills in values: no query building per request, and on PostgreSQL a plan
 * reused per connection. Use it for the hottest reads; its conditions must be
 * ones a plan made before the values are known can still use an index for
 * (a range, not `like $1`).
 */
export function preparedStatement<T>(name: string, query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const prepared = statementName(name, text);
  return async (database: Database, values: Record<string, unknown>): Promise<T[]> => {
    const bound = fillPlaceholders(params, values);
    if (database.pool) return (await database.pool.query<T & object>({ name: prepared, text, values: bound })).rows;
    return (await database.rawQuery<T>(text, bound));
  };
}
