import { and, eq, sql } from 'drizzle-orm';
import { effectivePermissions, isPermission, isRole } from '@vefa/domain';
import type { Database, Db } from '../db/database.ts';
import { preparedRows } from '../db/preparedQuery.ts';
import { apiKeys, sessions } from '../db/schema.ts';
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

interface SessionRow { userId: string; csrfToken: string; role: string; departmentId: string | null; name: string; disabled: boolean }

export async function actorFromSession(database: Database, cookie: string): Promise<Actor | null> {
  const parts = splitWorkspaceToken(cookie);
  if (!parts) return null;
  // Every request of a signed-in person runs this: one round trip, planned once per connection.
  const [row] = await preparedRows<SessionRow>(database, 'session_actor', sql`
    select s.user_id as "userId", s.csrf_token as "csrfToken", m.role, m.department_id as "departmentId", u.name,
      u.disabled_at is not null as disabled
    from sessions s
    join memberships m on m.workspace_id = s.workspace_id and m.user_id = s.user_id
    join users u on u.id = s.user_id
    where s.workspace_id = ${parts.workspaceId} and s.token_hash = ${sha256(parts.secret)} and s.expires_at > now()`);
  if (!row || row.disabled || !isRole(row.role)) return null;
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

interface ApiKeyRow { id: string; name: string; createdBy: string; scopes: string[] | null; role: string; departmentId: string | null; disabled: boolean }

export async function actorFromApiKey(database: Database, bearer: string): Promise<Actor | null> {
  if (!bearer.startsWith('vk_')) return null;
  const parts = splitWorkspaceToken(bearer.slice(3));
  if (!parts) return null;
  // A till may call 300 times a second: the key and its creator's membership in one prepared round trip.
  // The key can do no more than its creator can do today.
  const [key] = await preparedRows<ApiKeyRow>(database, 'api_key_actor', sql`
    select k.id, k.name, k.created_by as "createdBy", k.scopes, m.role, m.department_id as "departmentId",
      u.disabled_at is not null as disabled
    from api_keys k
    join memberships m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
    join users u on u.id = k.created_by
    where k.workspace_id = ${parts.workspaceId} and k.secret_hash = ${sha256(parts.secret)} and k.revoked_at is null`);
  if (!key || key.disabled || !isRole(key.role)) return null;
  const scopes = key.scopes ? key.scopes.filter(isPermission) : null;
  if (shouldTouch(key.id)) {
    void database.db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(and(eq(apiKeys.workspaceId, parts.workspaceId), eq(apiKeys.id, key.id))).catch(() => undefined);
  }
  return {
    type: 'api_key', workspaceId: parts.workspaceId, userId: key.createdBy, apiKeyId: key.id, name: key.name,
    role: key.role, permissions: effectivePermissions(key.role, scopes), departmentId: key.departmentId, csrfToken: null,
  };
}
