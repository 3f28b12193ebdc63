import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { sql } from 'drizzle-orm';
import { appendTimelineEntry, type TimelineAppend } from '../customers/timeline.ts';

/**
 * Many timeline entries in one statement, for batch ingest (the same row shape
 * appendTimelineEntry writes into timeline_entries); a single entry goes through appendTimelineEntry.
 */
export async function appendTimelineEntries(tx: Queryable, actor: Actor, entries: readonly TimelineAppend[]) {
  if (entries.length === 0) return;
  const first = entries[0];
  if (entries.length === 1 && first) {
    await appendTimelineEntry(tx, actor, first);
    return;
  }
  for (let i = 0; i < entries.length; i += 5000) {
    const rows = entries.slice(i, i + 5000).map((entry) => ({
      id: crypto.randomUUID(), customer_id: entry.customerId, kind: entry.kind, occurred_at: (entry.occurredAt ?? new Date()).toISOString(),
      summary: entry.summary, body: entry.body ?? null, source_module: entry.sourceModule, source_id: entry.sourceId ?? null, data: entry.data ?? {},
    }));
    await tx.execute(sql`
      insert into timeline_entries (workspace_id, id, customer_id, kind, occurred_at, summary, body, actor_id, actor_name, source_module, source_id, data)
      select ${actor.workspaceId}::uuid, id, customer_id, kind, occurred_at, summary, body, ${actor.userId}, ${actor.type === 'system' ? null : actor.name},
        source_module, source_id, data
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, customer_id uuid, kind text, occurred_at timestamptz, summary text, body text,
        source_module text, source_id text, data jsonb)`);
  }
}
