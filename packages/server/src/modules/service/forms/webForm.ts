import { eq } from 'drizzle-orm';
import type { PublicFormSubmit } from '@vefa/contract';
import { systemActor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { workspaces } from '../../../platform/db/schema.ts';
import { invalid, notFound, ProblemError } from '../../../platform/http/problem.ts';
import { signingKeyOf, signPayload, peekPayload, verifySignature } from '../signing.ts';
import { customerByEmail, openCase } from '../cases/openCase.ts';

const PURPOSE = 'web-form';
/** Nobody reads a form and types a message in under three seconds; scripts do. */
export const MIN_FILL_SECONDS = 3;
const TICKET_VALID_SECONDS = 2 * 3600;
const PER_IP_LIMIT = 5;
const PER_IP_WINDOW_MS = 10 * 60_000;

async function workspaceBySlug(db: Queryable, slug: string) {
  const [ws] = await db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.slug, slug));
  if (!ws) throw notFound('Form');
  return ws;
}

/** What the page fetches when it shows the form: a signed "shown at" time. */
export async function formTicket(db: Queryable, slug: string, now = Date.now()) {
  const ws = await workspaceBySlug(db, slug);
  const key = await signingKeyOf(db, ws.id);
  return { ticket: signPayload(key, PURPOSE, { w: ws.id, t: Math.floor(now / 1000) }), minSeconds: MIN_FILL_SECONDS, workspaceName: ws.name };
}

// Submissions per workspace and IP in a sliding window, in memory: the form is
// a public endpoint and this is its last line after the honeypot and the ticket.
const recent = new Map<string, number[]>();

function takeSlot(key: string, now: number): boolean {
  const hits = (recent.get(key) ?? []).filter((t) => now - t < PER_IP_WINDOW_MS);
  if (hits.length >= PER_IP_LIMIT) {
    recent.set(key, hits);
    return false;
  }
  hits.push(now);
  recent.set(key, hits);
  if (recent.size > 50_000) for (const [k, v] of recent) if (v.every((t) => now - t >= PER_IP_WINDOW_MS)) recent.delete(k);
  return true;
}

/** Spam checks that need no third party: honeypot, minimum fill time (signed), and a per-IP rate limit. */
export async function submitWebForm(db: Db, slug: string, input: PublicFormSubmit, ip: string, now = Date.now()) {
  const ws = await workspaceBySlug(db, slug);
  if (input.website && input.website.trim() !== '') throw invalid('body.website', 'spam_suspected', 'This field must stay empty');
  const key = await signingKeyOf(db, ws.id);
  const payload = peekPayload(input.ticket);
  if (!verifySignature(key, PURPOSE, input.ticket) || payload?.w !== ws.id || typeof payload.t !== 'number') {
    throw invalid('body.ticket', 'invalid_ticket', 'Reload the form and send it again');
  }
  const age = now / 1000 - payload.t;
  if (age < MIN_FILL_SECONDS) throw invalid('body.ticket', 'too_fast', 'The form was sent faster than a person can fill it in');
  if (age > TICKET_VALID_SECONDS) throw invalid('body.ticket', 'ticket_expired', 'The form was open too long; reload it and send it again');
  if (!takeSlot(`${ws.id}:${ip}`, now)) {
    throw new ProblemError(429, 'rate_limited', 'Too many messages from this address; try again in a few minutes', undefined, { 'retry-after': String(PER_IP_WINDOW_MS / 1000) });
  }
  const actor = { ...systemActor(ws.id), name: 'web form' };
  const row = await db.transaction(async (tx) => {
    const customerId = await customerByEmail(tx, actor, input.email, input.name, { phone: null, language: input.language ?? null, source: 'web_form' });
    return openCase(tx, actor, {
      customerId, subject: input.subject, description: input.message, channel: 'web_form', type: input.type, language: input.language ?? null,
    });
  });
  return { caseNumber: row.number };
}
