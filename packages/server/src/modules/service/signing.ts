import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { randomToken, sameSecret } from '../../platform/auth/secrets.ts';
import { serviceSettings } from './schema.ts';

/**
 * Each workspace signs its CSAT links and form tickets with its own random
 * key, made on first use; rotating it (deleting the row) voids every link.
 */
export async function signingKeyOf(db: Queryable, workspaceId: string): Promise<string> {
  const [row] = await db.select({ key: serviceSettings.signingKey }).from(serviceSettings).where(eq(serviceSettings.workspaceId, workspaceId));
  if (row) return row.key;
  await db.insert(serviceSettings).values({ workspaceId, signingKey: randomToken(32) }).onConflictDoNothing();
  const [made] = await db.select({ key: serviceSettings.signingKey }).from(serviceSettings).where(eq(serviceSettings.workspaceId, workspaceId));
  if (!made) throw new Error('signing key missing');
  return made.key;
}

const mac = (key: string, purpose: string, payload: string) => createHmac('sha256', key).update(`${purpose}.${payload}`).digest('base64url');

/** `<payload>.<mac>`; the purpose keeps a form ticket from passing as a CSAT token. */
export function signPayload(key: string, purpose: string, value: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${mac(key, purpose, payload)}`;
}

/** The payload without checking the signature: only to find whose key to check it with. */
export function peekPayload(token: string): Record<string, unknown> | null {
  const [payload] = token.split('.');
  if (!payload) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function verifySignature(key: string, purpose: string, token: string): boolean {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return false;
  return sameSecret(signature, mac(key, purpose, payload));
}

/**
 * A short token for links (a URL path segment stays under 100 characters):
 * two UUIDs and a Unix time as 36 bytes, plus a 128-bit MAC.
 */
export function signLinkToken(key: string, purpose: string, workspaceId: string, id: string, expiresAt: Date): string {
  const bytes = Buffer.alloc(36);
  Buffer.from(workspaceId.replaceAll('-', ''), 'hex').copy(bytes, 0);
  Buffer.from(id.replaceAll('-', ''), 'hex').copy(bytes, 16);
  bytes.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), 32);
  const payload = bytes.toString('base64url');
  return `${payload}.${mac(key, purpose, payload).slice(0, 22)}`;
}

const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** The ids inside a link token, unverified: only to find whose key verifies it. */
export function readLinkToken(token: string): { workspaceId: string; id: string; expiresAt: Date } | null {
  const [payload] = token.split('.');
  if (!payload || !/^[\w-]{48}$/.test(payload)) return null;
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length !== 36) return null;
  return { workspaceId: uuidOf(bytes.subarray(0, 16).toString('hex')), id: uuidOf(bytes.subarray(16, 32).toString('hex')), expiresAt: new Date(bytes.readUInt32BE(32) * 1000) };
}

export function verifyLinkToken(key: string, purpose: string, token: string): boolean {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return false;
  return sameSecret(signature, mac(key, purpose, payload).slice(0, 22));
}
