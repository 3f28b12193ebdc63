import { sql } from 'drizzle-orm';
import { formatCaseNumber, isValidCasePrefix, DEFAULT_CASE_PREFIX } from '@vefa/domain';
import { sqlRows, type Db, type Queryable } from '../../../platform/db/database.ts';

/**
 * The next case number of the workspace for the year (in the workspace's time
 * zone), in one statement: the upsert reads the prefix and time zone as it
 * goes. Inside a transaction it takes the counter row's lock until that
 * transaction ends, so concurrent openings get distinct, gap-free numbers (a
 * rolled-back opening leaves no gap either, its increment rolls back with it).
 */
export async function nextCaseNumber(tx: Queryable, workspaceId: string, at: Date): Promise<string> {
  const rows = await sqlRows<{ last: number; year: number; prefix: string | null }>(tx, sql`
    with w as (select case_number_prefix as prefix, time_zone from workspaces where id = ${workspaceId}),
    y as (select extract(year from (${at.toISOString()}::timestamptz at time zone coalesce((select time_zone from w), 'UTC')))::int as year)
    insert into case_number_counters (workspace_id, year, last) select ${workspaceId}, y.year, 1 from y
    on conflict (workspace_id, year) do update set last = case_number_counters.last + 1
    returning last, year, (select prefix from w) as prefix`);
  const row = rows[0];
  if (!row) throw new Error('case number counter returned nothing');
  const prefix = row.prefix && isValidCasePrefix(row.prefix) ? row.prefix : DEFAULT_CASE_PREFIX;
  return formatCaseNumber({ prefix, year: Number(row.year), sequence: Number(row.last) });
}

/**
 * A number taken ahead of the case, in a statement of its own: the counter row
 * is locked only while that statement runs, not until some case transaction
 * commits, so cases opened at once no longer wait for each other. Unique and
 * increasing; a reservation whose case is not opened after all (a retried
 * delivery that turned out to be a duplicate, a rolled-back transaction)
 * leaves a gap in the numbers.
 */
export function reserveCaseNumber(db: Db, workspaceId: string, at: Date): Promise<string> {
  return nextCaseNumber(db, workspaceId, at);
}
