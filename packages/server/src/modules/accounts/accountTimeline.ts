import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { keyAccounts } from './schema.ts';

/**
 * Everything that happens on an account lands on the company's timeline (the
 * customer 360 shows it) in the caller's transaction; the account's last
 * activity moves with it so health needs no scan.
 */
export async function onAccountTimeline(tx: Queryable, actor: Actor, accountId: string, entry: {
  kind: string; summary: string; body?: string | null; occurredAt?: Date; sourceId: string; data?: Record<string, unknown>; isContact?: boolean;
}) {
  const occurredAt = entry.occurredAt ?? new Date();
  await appendTimelineEntry(tx, actor, {
    customerId: accountId, kind: entry.kind, summary: entry.summary, body: entry.body ?? null, occurredAt,
    sourceModule: 'accounts', sourceId: entry.sourceId, data: entry.data ?? {},
  });
  if (entry.isContact) {
    await tx.update(keyAccounts).set({ lastActivityAt: sql`greatest(${keyAccounts.lastActivityAt}, ${occurredAt.toISOString()}::timestamptz)` })
      .where(and(eq(keyAccounts.workspaceId, actor.workspaceId), eq(keyAccounts.customerId, accountId)));
  }
}
