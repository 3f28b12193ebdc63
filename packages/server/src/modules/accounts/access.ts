import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/problem.ts';
import { keyAccounts } from './schema.ts';

/**
 * Who sees which account: a manager sees the accounts they own or that were
 * shared with them; accounts:manage (admins, owners) sees all of them. An
 * account out of sight answers 404, exactly like one that does not exist.
 */
export function seesAll(actor: Actor): boolean {
  return actor.type === 'system' || actor.permissions.includes('accounts:manage');
}

/** A condition on an account id column (the company's customer id) that keeps only accounts the actor may see. */
export function visibleAccount(actor: Actor, accountIdColumn: SQL | { name: string }): SQL {
  if (seesAll(actor)) return sql`true`;
  const userId = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  // Aliases unlike any caller's, so the outer account column cannot be captured by the subquery.
  return sql`exists (select 1 from key_accounts vis_ka where vis_ka.workspace_id = ${actor.workspaceId} and vis_ka.customer_id = ${accountIdColumn}
    and (vis_ka.owner_id = ${userId} or exists (select 1 from key_account_shares vis_s
      where vis_s.workspace_id = vis_ka.workspace_id and vis_s.account_id = vis_ka.customer_id and vis_s.user_id = ${userId})))`;
}

export async function findAccountRow(db: Queryable, actor: Actor, accountId: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(keyAccounts)
    .where(and(eq(keyAccounts.workspaceId, actor.workspaceId), eq(keyAccounts.customerId, accountId), visibleAccount(actor, keyAccounts.customerId)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Key account');
  return row;
}
