import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';

export interface ContactClaim { customerId: string; invitationId: string }

/**
 * Claims the right to survey customers now: one statement that inserts each
 * customer's contact window or moves it forward only when the last survey is
 * at least `windowDays` old. ON CONFLICT takes the row lock and re-checks the
 * condition on the newest row, so two racing triggers cannot both win. At most
 * one claim per customer per call (ON CONFLICT cannot touch a row twice).
 * Returns the invitations whose claim won.
 */
export async function claimContacts(tx: Queryable, workspaceId: string, claims: readonly ContactClaim[], now: Date, windowDays: number): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const rows = await sqlRows<{ invitation_id: string }>(tx, sql`
    insert into survey_contact_windows (workspace_id, customer_id, last_invited_at, invitation_id)
    select ${workspaceId}::uuid, u.customer_id, ${now.toISOString()}::timestamptz, u.invitation_id
    from unnest(${`{${claims.map((c) => c.customerId).join(',')}}`}::uuid[], ${`{${claims.map((c) => c.invitationId).join(',')}}`}::uuid[]) as u(customer_id, invitation_id)
    on conflict (workspace_id, customer_id) do update
      set last_invited_at = excluded.last_invited_at, invitation_id = excluded.invitation_id
      where survey_contact_windows.last_invited_at <= excluded.last_invited_at - make_interval(days => ${windowDays})
    returning invitation_id`);
  return new Set(rows.map((r) => r.invitation_id));
}

/** One customer's claim (see claimContacts); false when the customer was surveyed inside the window. */
export async function claimContact(tx: Queryable, workspaceId: string, customerId: string, invitationId: string, now: Date, windowDays: number): Promise<boolean> {
  return (await claimContacts(tx, workspaceId, [{ customerId, invitationId }], now, windowDays)).has(invitationId);
}

/**
 * Gives back a claim whose invitation was never mailed (consent withdrawn
 * between queueing and delivery): the customer was not surveyed, so the window
 * must not count. Only while the window still belongs to that invitation; the
 * claim won only if the survey before was outside the window, so none is lost.
 */
export async function releaseContact(tx: Queryable, workspaceId: string, customerId: string, invitationId: string) {
  await tx.execute(sql`
    delete from survey_contact_windows
    where workspace_id = ${workspaceId} and customer_id = ${customerId} and invitation_id = ${invitationId}`);
}
