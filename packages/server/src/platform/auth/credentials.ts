import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { effectivePermissions, isPermission, isRole } from '@vefa/domain';
import type { Db } from '../db/database.ts';
import { apiKeys, memberships, sessions, users } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { randomToken, sha256 } from './secrets.ts';

const SESSION_DAYS = 14;
const UUID_HEX = /^[0-9a-f]{32}$/;

/** Cookie value is `<workspace id without dashes>.<token>`: the workspace leads the key it is found by. */
export function splitWorkspaceToken(value: string): { workspaceId: string; secret: string } | null {
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const hex = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!UUID_HEX.test(hex) || secret.length < 20) return null;
  const workspaceId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { workspaceId, secret };
}

export async function openSession(db: Db, workspaceId: string, userId: string) {
  const secret = randomToken();
  const csrfToken = randomToken(18);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ workspaceId, tokenHash: sha256(secret), userId, csrfToken, expiresAt });
  return { cookie: `${workspaceId.replaceAll('-', '')}.${secret}`, csrfToken, expiresAt };
}

export async function closeSession(db: Db, cookie: string) {
  const parts = splitWorkspaceToken(cookie);
  if (!parts) return;
  await db.delete(sessions).where(and(eq(sessions.workspaceId, parts.workspaceId), eq(sessions.tokenHash, sha256(parts.secret))));
}

async function memberActor(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role, departmentId: memberships.departmentId, name: users.name, disabledAt: users.disabledAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!row || row.disabledAt || !isRole(row.role)) return null;
  return { ...row, role: row.role };
}

export async function actorFromSession(db: Db, cookie: string): Promise<Actor | null> {
  const parts = splitWorkspaceToken(cookie);
  if (!parts) return null;
  // One round trip: every request of a signed-in person runs this.
  const [row] = await db
    .select({
      userId: sessions.userId, csrfToken: sessions.csrfToken, role: memberships.role, departmentId: memberships.departmentId,
      name: users.name, disabledAt: users.disabledAt,
    })
    .from(sessions)
    .innerJoin(memberships, and(eq(memberships.workspaceId, sessions.workspaceId), eq(memberships.userId, sessions.userId)))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.workspaceId, parts.workspaceId), eq(sessions.tokenHash, sha256(parts.secret)), gt(sessions.expiresAt, new Date())));
  if (!row || row.disabledAt || !isRole(row.role)) return null;
  return {
    type: 'user', workspaceId: parts.workspaceId, userId: row.userId, apiKeyId: null, name: row.name,
    role: row.role, permissions: effectivePermissions(row.role, null), departmentId: row.departmentId,
    csrfToken: row.csrfToken,
  };
}

/** "Last used" is shown to the minute; a till posting 300 requests a second should not write it 300 times. */
const TOUCH_EVERY_MS = 60_000;
const lastTouched = new Map<string, number>();
function shouldTouch(keyId: string): boolean {
  const now = Date.now();
  if ((lastTouched.get(keyId) ?? 0) > now - TOUCH_EVERY_MS) return false;
  if (lastTouched.size > 10_000) lastTouched.clear();
  lastTouched.set(keyId, now);
  return true;
}

/** API key format: `vk_<workspace hex>.<secret>`; only a hash of the secret is stored. */
export function newApiKeySecret(workspaceId: string) {
  const secret = randomToken(30);
  const key = `vk_${workspaceId.replaceAll('-', '')}.${secret}`;
  return { key, prefix: key.slice(0, 14), secretHash: sha256(secret) };
}

export async function actorFromApiKey(db: Db, bearer: string): Promise<Actor | null> {
  if (!bearer.startsWith('vk_')) return null;
  const parts = splitWorkspaceToken(bearer.slice(3));
  if (!parts) return null;
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, parts.workspaceId), eq(apiKeys.secretHash, sha256(parts.secret)), isNull(apiKeys.revokedAt)));
  if (!key) return null;
  // The key can do no more than its creator can do today.
  const member = await memberActor(db, key.workspaceId, key.createdBy);
  if (!member) return null;
  const scopes = key.scopes ? key.scopes.filter(isPermission) : null;
  if (shouldTouch(key.id)) {
    void db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(and(eq(apiKeys.workspaceId, key.workspaceId), eq(apiKeys.id, key.id))).catch(() => undefined);
  }
  return {
    type: 'api_key', workspaceId: key.workspaceId, userId: key.createdBy, apiKeyId: key.id, name: key.name,
    role: member.role, permissions: effectivePermissions(member.role, scopes), departmentId: member.departmentId, csrfToken: null,
  };
}
