import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './database.ts';

/**
 * Inserts whose answers nobody reads (audit, timeline, case events, domain
 * events), sent as one statement of data-modifying CTEs: one round trip and
 * one parse instead of one per row. They still commit, or roll back, with the
 * caller's transaction; foreign keys are checked at the end of the statement.
 */
export async function writeTogether(tx: Queryable, writes: { getSQL(): SQL }[]): Promise<void> {
  const [only] = writes;
  if (!only) return;
  if (writes.length === 1) {
    await tx.execute(only.getSQL());
    return;
  }
  const parts = writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w.getSQL()})`);
  await tx.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
}
