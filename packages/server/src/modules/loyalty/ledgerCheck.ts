import { sql } from 'drizzle-orm';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';

/**
 * Proves the caches against the append-only ledger: every posting sums to zero, every
 * cached member balance (available, pending, debt) and lot remainder equals the sum of
 * its entries, and the programme's outstanding liability equals the sum of members'
 * balances. checkLedgerSnapshot reads it all in one REPEATABLE READ snapshot, so postings
 * committing meanwhile cannot make it disagree with itself.
 */
export async function checkLedger(db: Queryable, workspaceId: string) {
  const problems: string[] = [];
  const [totals] = await sqlRows<{ entries: number; liability: number; redeemed: number; expired: number; available: number; pending: number }>(db, sql`
    select count(*)::bigint as entries,
      coalesce(sum(amount) filter (where account = 'programme_liability'), 0)::bigint as liability,
      coalesce(sum(amount) filter (where account = 'redeemed'), 0)::bigint as redeemed,
      coalesce(sum(amount) filter (where account = 'expired'), 0)::bigint as expired,
      coalesce(sum(amount) filter (where account = 'member_available'), 0)::bigint as available,
      coalesce(sum(amount) filter (where account = 'member_pending'), 0)::bigint as pending
    from loyalty_ledger_entries where workspace_id = ${workspaceId}`);
  const [unbalanced] = await sqlRows<{ n: number; sample: string | null }>(db, sql`
    select count(*)::bigint as n, min(posting_id) as sample from (
      select posting_id from loyalty_ledger_entries where workspace_id = ${workspaceId} group by posting_id having sum(amount) <> 0) p`);
  const [memberMismatch] = await sqlRows<{ n: number; sample: string | null }>(db, sql`
    with sums as (
      select member_id,
        coalesce(sum(amount) filter (where account = 'member_available'), 0) as available,
        coalesce(sum(amount) filter (where account = 'member_pending'), 0) as pending,
        coalesce(sum(amount) filter (where account = 'member_available' and lot_id is null), 0) as debt
      from loyalty_ledger_entries where workspace_id = ${workspaceId} and member_id is not null group by member_id)
    , b as (select member_id, available, pending, debt from loyalty_member_balances where workspace_id = ${workspaceId})
    select count(*)::bigint as n, min(member_id::text) as sample
    from b full join sums s using (member_id)
    where (coalesce(b.available, 0) <> coalesce(s.available, 0) or coalesce(b.pending, 0) <> coalesce(s.pending, 0) or coalesce(b.debt, 0) <> coalesce(s.debt, 0))`);
  const [lotMismatch] = await sqlRows<{ n: number; sample: string | null }>(db, sql`
    with sums as (
      select lot_id,
        coalesce(sum(amount) filter (where account = 'member_available'), 0) as available,
        coalesce(sum(amount) filter (where account = 'member_pending'), 0) as pending
      from loyalty_ledger_entries where workspace_id = ${workspaceId} and lot_id is not null group by lot_id)
    , l as (select id as lot_id, available, pending from loyalty_lots where workspace_id = ${workspaceId})
    select count(*)::bigint as n, min(lot_id) as sample
    from l full join sums s using (lot_id)
    where (coalesce(l.available, 0) <> coalesce(s.available, 0) or coalesce(l.pending, 0) <> coalesce(s.pending, 0))`);
  const [cached] = await sqlRows<{ total: number }>(db, sql`
    select coalesce(sum(available + pending), 0)::bigint as total from loyalty_member_balances where workspace_id = ${workspaceId}`);
  const t = {
    programmeLiability: Number(totals?.liability ?? 0), redeemed: Number(totals?.redeemed ?? 0), expired: Number(totals?.expired ?? 0),
    memberAvailable: Number(totals?.available ?? 0), memberPending: Number(totals?.pending ?? 0),
  };
  const outstanding = 0 - t.programmeLiability - t.redeemed - t.expired;
  const sumOfMemberBalances = Number(cached?.total ?? 0);
  const postingsUnbalanced = Number(unbalanced?.n ?? 0);
  const memberBalanceMismatches = Number(memberMismatch?.n ?? 0);
  const lotMismatches = Number(lotMismatch?.n ?? 0);
  if (postingsUnbalanced > 0) problems.push(`${postingsUnbalanced} postings do not sum to zero (e.g. ${unbalanced?.sample ?? ''})`);
  if (memberBalanceMismatches > 0) problems.push(`${memberBalanceMismatches} cached member balances differ from their entries (e.g. ${memberMismatch?.sample ?? ''})`);
  if (lotMismatches > 0) problems.push(`${lotMismatches} lot remainders differ from their entries (e.g. ${lotMismatch?.sample ?? ''})`);
  if (outstanding !== sumOfMemberBalances) problems.push(`outstanding liability ${outstanding} ≠ Σ member balances ${sumOfMemberBalances}`);
  if (outstanding !== t.memberAvailable + t.memberPending) problems.push(`outstanding liability ${outstanding} ≠ Σ member entries ${t.memberAvailable + t.memberPending}`);
  return {
    ok: problems.length === 0, entries: Number(totals?.entries ?? 0), postingsUnbalanced, memberBalanceMismatches, lotMismatches,
    accounts: t, outstandingLiability: outstanding, sumOfMemberBalances, problems,
  };
}

export async function checkLedgerSnapshot(db: Db, workspaceId: string) {
  return db.transaction((tx) => checkLedger(tx, workspaceId), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
