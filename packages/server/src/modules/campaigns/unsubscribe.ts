import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { UNSUBSCRIBED_TEXT, type MessageLanguage } from '@vefa/domain/campaigns/index';
import { systemActor } from '../../platform/auth/actor.ts';
import { randomToken, sameSecret } from '../../platform/auth/secrets.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { ProblemError } from '../../platform/http/problem.ts';
import { setConsent } from '../customers/customerService.ts';
import { campaignSettings } from './schema.ts';

const PURPOSE = 'campaign-unsubscribe';

/** Each workspace signs its unsubscribe links with its own key, made on first use. */
async function signingKey(db: Queryable, ws: string): Promise<string> {
  const [row] = await db.select().from(campaignSettings).where(eq(campaignSettings.workspaceId, ws));
  if (row) return row.signingKey;
  await db.insert(campaignSettings).values({ workspaceId: ws, signingKey: randomToken(32) }).onConflictDoNothing();
  const [made] = await db.select().from(campaignSettings).where(eq(campaignSettings.workspaceId, ws));
  if (!made) throw new Error('campaign signing key missing');
  return made.signingKey;
}

const mac = (key: string, payload: string) => createHmac('sha256', key).update(`${PURPOSE}.${payload}`).digest('base64url');

export async function unsubscribeToken(db: Queryable, ws: string, customerId: string, campaignId: string): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ w: ws, c: customerId, k: campaignId })).toString('base64url');
  return `${payload}.${mac(await signingKey(db, ws), payload)}`;
}

function readPayload(token: string): { w: string; c: string; k: string } | null {
  const [payload] = token.split('.');
  try {
    const v: unknown = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && 'w' in v && 'c' in v && 'k' in v && typeof v.w === 'string' && typeof v.c === 'string' && typeof v.k === 'string'
      && /^[0-9a-f-]{36}$/i.test(v.w) && /^[0-9a-f-]{36}$/i.test(v.c)) return { w: v.w, c: v.c, k: v.k };
  } catch {
    // not ours
  }
  return null;
}

/**
 * Honours an unsubscribe link: e-mail consent withdrawn (audited, on the
 * timeline through the customers module) and the customer's queued campaign
 * mail cancelled. Repeating it changes nothing more.
 */
export async function unsubscribe(db: Db, token: string): Promise<{ language: MessageLanguage; title: string; body: string }> {
  const bad = new ProblemError(400, 'invalid_token', 'This unsubscribe link is not valid');
  const value = readPayload(token);
  if (!value) throw bad;
  const [payload, signature, extra] = token.split('.');
  const key = await signingKey(db, value.w).catch(() => null);
  if (!key || !payload || !signature || extra !== undefined || !sameSecret(signature, mac(key, payload))) throw bad;
  const rows = await db.execute(sql`select language from customers where workspace_id = ${value.w} and id = ${value.c}`) as { rows: { language: string | null }[] };
  const lang = rows.rows[0]?.language;
  const language: MessageLanguage = lang === 'tr' || lang === 'en' ? lang : 'az';
  await setConsent(db, systemActor(value.w), value.c, 'email', false, 'unsubscribe link');
  await db.execute(sql`update campaign_recipients set email_status = 'unsubscribed' where workspace_id = ${value.w} and customer_id = ${value.c} and email_status = 'queued'`);
  return { language, ...UNSUBSCRIBED_TEXT[language] };
}
