import { eq, sql } from 'drizzle-orm';
import { formatCaseNumber, isValidCasePrefix, DEFAULT_CASE_PREFIX } from '@vefa/domain';
import { sqlRows, type Queryable } from '../../../platform/db/database.ts';
import { workspaces } from '../../../platform/db/schema.ts';

/**
 * The next case number of the workspace for the year. The upsert takes the
 * counter row's lock until the caller's transaction ends, so concurrent
 * openings get distinct, gap-free numbers (a rolled-back opening leaves no gap
 * either, because its increment rolls back with it).
 */
export async function nextCaseNumber(tx: Queryable, workspaceId: string, at: Date): Promise<string> {
  const [ws] = await tx.select({ prefix: workspaces.caseNumberPrefix, timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const prefix = ws && isValidCasePrefix(ws.prefix) ? ws.prefix : DEFAULT_CASE_PREFIX;
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: ws?.timeZone ?? 'UTC' }).format(at));
  const rows = await sqlRows<{ last: number }>(tx, sql`insert into case_number_counters (workspace_id, year, last) values (${workspaceId}, ${year}, 1)
    on conflict (workspace_id, year) do update set last = case_number_counters.last + 1 returning last`);
  const sequence = Number(rows[0]?.last ?? 1);
  return formatCaseNumber({ prefix, year, sequence });
}
