import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';

/**
 * Claims the right to survey a customer now: one statement that inserts the
 * customer's contact window or moves it forward only when the last survey is
 * at least `windowDays` old. ON CONFLICT takes the row lock and re-checks the
 * condition on the newest row, so two racing triggers cannot both win.
 * Returns false when the customer was surveyed inside the window.
 */
export async function claimContact(tx: Queryable, workspaceId: string, customerId: string, invitationId: string, now: Date, windowDays: number): Promise<boolean> {
  const rows = await sqlRows<{ invitation_id: string }>(tx, sql`
    insert into survey_contact_windows (workspace_id, customer_id, last_invited_at, invitation_id)
    values (${workspaceId}, ${customerId}, ${now.toISOString()}::timestamptz, ${invitationId})
    on conflict (workspace_id, customer_id) do update
      set last_invited_at = excluded.last_invited_at, invitation_id = excluded.invitation_id
      where survey_contact_windows.last_invited_at <= excluded.last_invited_at - make_interval(days => ${windowDays})
    returning invitation_id`);
  return rows.length === 1;
}
