import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';

const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;

export async function listAudit(db: Db, workspaceId: string, query: { entityType?: string | undefined; entityId?: string | undefined; cursor?: string | undefined; limit: number }) {
  const before = decodeCursor(query.cursor, (v): v is number => typeof v === 'number');
  const rows = await db.select().from(auditLog).where(and(
    eq(auditLog.workspaceId, workspaceId),
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    before !== null ? lt(auditLog.id, before) : undefined,
  )).orderBy(desc(auditLog.id)).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      id: String(r.id), at: r.at.toISOString(),
      actor: { type: ACTOR_TYPES.find((t) => t === r.actorType) ?? 'system', id: r.actorId, name: r.actorName },
      action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
  };
}
