import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomFieldCreate, CustomFieldDefinition } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, notFound } from '../../platform/http/problem.ts';
import { customFieldDefinitions } from './schema.ts';

type Definition = z.infer<typeof CustomFieldDefinition>;
const TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const;

export async function listCustomFields(db: Queryable, workspaceId: string): Promise<Definition[]> {
  const rows = await db.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.workspaceId, workspaceId)).orderBy(asc(customFieldDefinitions.createdAt));
  return rows.flatMap((r) => presentCustomFieldDefinition(r) ?? []);
}

export function presentCustomFieldDefinition(r: Pick<typeof customFieldDefinitions.$inferSelect, 'key' | 'label' | 'type' | 'options'>): Definition | null {
  const type = TYPES.find((t) => t === r.type);
  return type ? { key: r.key, label: r.label, type, options: r.options } : null;
}

export async function defineCustomField(db: Db, actor: Actor, input: z.infer<typeof CustomFieldCreate>) {
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(customFieldDefinitions).values({
      workspaceId: actor.workspaceId, key: input.key, label: input.label, type: input.type,
      options: input.type === 'select' ? input.options : null,
    }).onConflictDoNothing().returning();
    if (inserted.length === 0) throw conflict('custom_field_exists', `A custom field "${input.key}" already exists`, 'body.key');
    await recordAudit(tx, actor, { action: 'custom_field.created', entityType: 'custom_field', entityId: input.key, after: input });
    return { key: input.key, label: input.label, type: input.type, options: input.type === 'select' ? input.options : null };
  });
}

/** Removing a definition also removes its values from every customer, in the same transaction. */
export async function removeCustomField(db: Db, actor: Actor, key: string) {
  await db.transaction(async (tx) => {
    const removed = await tx.delete(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.workspaceId, actor.workspaceId), eq(customFieldDefinitions.key, key))).returning();
    if (removed.length === 0) throw notFound('Custom field');
    await tx.execute(sql`update customers set custom_fields = custom_fields - ${key} where workspace_id = ${actor.workspaceId} and custom_fields ? ${key}`);
    await recordAudit(tx, actor, { action: 'custom_field.removed', entityType: 'custom_field', entityId: key, before: removed[0] });
  });
}
