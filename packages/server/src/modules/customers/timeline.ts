import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { timelineEntries } from './schema.ts';
import { presentTimelineEntry } from './presenter.ts';

export interface TimelineAppend {
  customerId: string;
  kind: string;
  summary: string;
  body?: string | null;
  occurredAt?: Date;
  sourceModule: string;
  sourceId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * The one way any module puts an interaction on a customer's timeline. Call it
 * inside the module's own transaction so the entry exists exactly when the
 * thing it describes does.
 */
export async function appendTimelineEntry(tx: Queryable, actor: Actor, entry: TimelineAppend) {
  const [row] = await timelineEntryInsert(tx, actor, entry).returning();
  if (!row) throw new Error('timeline insert returned nothing');
  return presentTimelineEntry(row);
}

/** The entry's insert, not yet sent: for callers that send it together with other writes in one statement. */
export function timelineEntryInsert(tx: Queryable, actor: Actor, entry: TimelineAppend) {
  return tx.insert(timelineEntries).values({
    workspaceId: actor.workspaceId,
    id: crypto.randomUUID(),
    customerId: entry.customerId,
    kind: entry.kind,
    occurredAt: entry.occurredAt ?? new Date(),
    summary: entry.summary,
    body: entry.body ?? null,
    actorId: actor.userId,
    actorName: actor.type === 'system' ? null : actor.name,
    sourceModule: entry.sourceModule,
    sourceId: entry.sourceId ?? null,
    data: entry.data ?? {},
  });
}

/** Newest first, keyset-paged on (occurred_at, id). */
export async function listTimeline(db: Queryable, workspaceId: string, customerId: string, page: { cursor?: string | undefined; limit: number }) {
  const after = decodeCursor(page.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  const rows = await db.select().from(timelineEntries).where(and(
    eq(timelineEntries.workspaceId, workspaceId),
    eq(timelineEntries.customerId, customerId),
    after ? or(lt(timelineEntries.occurredAt, new Date(after[0])), and(eq(timelineEntries.occurredAt, new Date(after[0])), lt(timelineEntries.id, after[1]))) : undefined,
  )).orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentTimelineEntry),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
  };
}
