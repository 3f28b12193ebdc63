import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { sql, type SQL } from 'drizzle-orm';
import { appendTimelineEntry, type TimelineAppend } from '../customers/timeline.ts';
import { executeParts } from './ledgerStore.ts';
import { timeOrderedUuid } from '../../platform/db/timeOrderedId.ts';

/**
 * Many timeline entries as one WITH part (the same row shape appendTimelineEntry writes
 * into timeline_entries), for batch ingest and maintenance runs.
 */
export function timelinePart(actor: Actor, entries: readonly TimelineAppend[], name = 'timeline'): SQL | null {
  if (entries.length === 0) return null;
  const rows = entries.map((entry) => ({
    id: timeOrderedUuid(), customer_id: entry.customerId, kind: entry.kind, occurred_at: (entry.occurredAt ?? new Date()).toISOString(),
    summary: entry.summary, body: entry.body ?? null, source_module: entry.sourceModule, source_id: entry.sourceId ?? null, data: entry.data ?? {},
  }));
  return sql`${sql.raw(name)} as (
    insert into timeline_entries (workspace_id, id, customer_id, kind, occurred_at, summary, body, actor_id, actor_name, source_module, source_id, data)
    select ${actor.workspaceId}::uuid, id, customer_id, kind, occurred_at, summary, body, ${actor.userId}, ${actor.type === 'system' ? null : actor.name},
      source_module, source_id, data
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, customer_id uuid, kind text, occurred_at timestamptz, summary text, body text,
      source_module text, source_id text, data jsonb))`;
}

/** Many timeline entries in one statement; a single entry goes through appendTimelineEntry. */
export async function appendTimelineEntries(tx: Queryable, actor: Actor, entries: readonly TimelineAppend[]) {
  const first = entries[0];
  if (entries.length === 1 && first) {
    await appendTimelineEntry(tx, actor, first);
    return;
  }
  const part = timelinePart(actor, entries);
  if (part) await executeParts(tx, [part]);
}
