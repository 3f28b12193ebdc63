import { sql } from 'drizzle-orm';
import type { Queryable } from './database.ts';

/**
 * Fresh planner statistics after a bulk load. The embedded PGlite has no autovacuum, so without
 * this its tables never get any, and a name search over a few thousand imported customers was
 * planned as nested loops taking seconds. On PostgreSQL it only does early what autovacuum would.
 */
export async function refreshPlannerStatistics(db: Queryable, tables: readonly string[] = []) {
  const names = tables.filter((t) => /^[a-z_]+$/.test(t));
  await db.execute(sql.raw(names.length > 0 ? `analyze ${names.join(', ')}` : 'analyze'));
}
