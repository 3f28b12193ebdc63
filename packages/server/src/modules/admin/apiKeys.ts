import { and, desc, eq, isNull } from 'drizzle-orm';
import { effectivePermissions, isPermission, isRole, type Permission } from '@vefa/domain';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { apiKeys } from '../../platform/db/schema.ts';
import { newApiKeySecret } from '../../platform/auth/credentials.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../platform/http/problem.ts';

type KeyRow = typeof apiKeys.$inferSelect;

function presentApiKey(row: KeyRow) {
  return {
    id: row.id, name: row.name, prefix: row.prefix, role: isRole(row.role) ? row.role : 'viewer',
    scopes: row.scopes ? row.scopes.filter(isPermission) : null, createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(db: Db, workspaceId: string) {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(presentApiKey);
}

/** The secret is returned once and stored only as a hash. A key is owned by, and limited to, its creator. */
export async function createApiKey(db: Db, actor: Actor, input: { name: string; scopes: Permission[] | null }) {
  if (!actor.userId) throw invalid('actor', 'no_user', 'API keys are created by a person');
  if (input.scopes) {
    const allowed = effectivePermissions(actor.role, null);
    const beyond = input.scopes.find((s) => !allowed.includes(s));
    if (beyond) throw invalid('body.scopes', 'scope_beyond_role', `Your role cannot grant ${beyond}`);
  }
  const { key, prefix, secretHash } = newApiKeySecret(actor.workspaceId);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiKeys).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, prefix, secretHash, createdBy: actor.userId ?? '', role: actor.role, scopes: input.scopes,
    }).returning();
    if (!row) throw new Error('api key insert returned nothing');
    await recordAudit(tx, actor, { action: 'api_key.created', entityType: 'api_key', entityId: row.id, after: { name: row.name, prefix, scopes: input.scopes } });
    return { ...presentApiKey(row), secret: key };
  });
}

export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.update(apiKeys).set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, actor.workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning();
    if (!row) throw notFound('Active API key');
    await recordAudit(tx, actor, { action: 'api_key.revoked', entityType: 'api_key', entityId: id, before: { name: row.name, prefix: row.prefix } });
  });
}
