import { sql } from 'drizzle-orm';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';

const PREFIX = { quote: 'Q', contract: 'C', order: 'O' } as const;

/** The next human-readable number (Q-2026-0007). The counter row's lock serialises concurrent writers; a rollback frees the number. */
export async function nextNumber(tx: Queryable, workspaceId: string, kind: keyof typeof PREFIX, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await sqlRows<{ value: number }>(tx, sql`
    insert into account_document_counters (workspace_id, kind, year, value) values (${workspaceId}, ${kind}, ${year}, 1)
    on conflict (workspace_id, kind, year) do update set value = account_document_counters.value + 1
    returning value`);
  return `${PREFIX[kind]}-${year}-${String(row?.value ?? 1).padStart(4, '0')}`;
}
