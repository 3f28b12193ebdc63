import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Lot, LotState, MemberLedgerState, Posting } from '@vefa/domain';
import { checkBalanced } from '@vefa/domain';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';
import { loyaltyMembers } from './schema.ts';
import { anyOf } from '../../platform/db/sqlArray.ts';

export type MemberRow = typeof loyaltyMembers.$inferSelect;

/**
 * Locks members for the rest of the transaction, in id order so that two
 * transactions locking overlapping sets cannot deadlock. Every command that
 * moves a member's points takes this lock first: it serialises concurrent
 * redemptions of the same points and makes check-then-insert idempotency safe.
 * skipLocked returns only the members no other transaction holds (batch ingest
 * posts the others in a following transaction instead of queueing behind it).
 */
export async function lockMembers(tx: Queryable, workspaceId: string, memberIds: readonly string[], options: { skipLocked?: boolean } = {}): Promise<Map<string, MemberRow>> {
  const ids = [...new Set(memberIds)].sort();
  const out = new Map<string, MemberRow>();
  if (ids.length === 0) return out;
  const rows = await tx.select().from(loyaltyMembers)
    .where(and(eq(loyaltyMembers.workspaceId, workspaceId), sql`${loyaltyMembers.id} = ${anyOf(ids, 'uuid')}`))
    .orderBy(loyaltyMembers.id).for('update', options.skipLocked ? { skipLocked: true } : {});
  for (const r of rows) out.set(r.id, r);
  return out;
}

interface LotRow { id: string; member_id: string; purchase_id: string | null; earned_at: string | Date; expires_on: string | null; release_at: string | Date | null; available: number; pending: number }

function toMs(v: string | Date): number {
  return v instanceof Date ? v.getTime() : Date.parse(v);
}

function dateText(v: string | Date | null): string | null {
  if (v === null) return null;
  return v instanceof Date ? v.toISOString().slice(0, 10) : v.slice(0, 10);
}

/**
 * Members' open lots (non-zero remainders) and debt, from the caches, as the domain's state.
 * Earning only needs the debt (a new lot pays it first), so ingest passes withLots=false.
 */
export async function loadLedgerStates(tx: Queryable, workspaceId: string, memberIds: readonly string[], extraLotIds: readonly string[] = [], withLots = true): Promise<Map<string, MemberLedgerState>> {
  const states = new Map<string, { memberId: string; lots: LotState[]; debt: number }>();
  if (memberIds.length === 0) return states;
  for (const id of memberIds) states.set(id, { memberId: id, lots: [], debt: 0 });
  const lots = !withLots ? [] : await sqlRows<LotRow>(tx, sql`
    select id, member_id, purchase_id, earned_at, expires_on::text as expires_on, release_at, available, pending from loyalty_lots
    where workspace_id = ${workspaceId} and member_id = ${anyOf(memberIds, 'uuid')}
      and (available <> 0 or pending <> 0 ${extraLotIds.length > 0 ? sql`or id = ${anyOf(extraLotIds, 'text')}` : sql``})`);
  for (const l of lots) {
    states.get(l.member_id)?.lots.push({
      id: l.id, memberId: l.member_id, earnedAt: toMs(l.earned_at), expiresOn: dateText(l.expires_on),
      releaseAt: l.release_at === null ? null : toMs(l.release_at), available: Number(l.available), pending: Number(l.pending),
      ...(l.purchase_id !== null ? { purchaseId: l.purchase_id } : {}),
    });
  }
  const debts = await sqlRows<{ member_id: string; debt: number }>(tx, sql`
    select member_id, debt from loyalty_member_balances where workspace_id = ${workspaceId} and member_id = ${anyOf(memberIds, 'uuid')} and debt <> 0`);
  for (const d of debts) {
    const s = states.get(d.member_id);
    if (s) s.debt = Number(d.debt);
  }
  return states;
}

/** The state after a posting, so several postings for one member can be computed in one transaction. */
export function applyToState(state: MemberLedgerState, posting: Posting, newLots: readonly Lot[]): MemberLedgerState {
  const lots = new Map<string, LotState>(state.lots.map((l) => [l.id, l]));
  for (const lot of newLots) lots.set(lot.id, { ...lot, available: 0, pending: 0 });
  let debt = state.debt;
  for (const e of posting.entries) {
    if (e.memberId !== state.memberId) continue;
    if (e.lotId === undefined) {
      if (e.account === 'member_available') debt += e.amount;
      continue;
    }
    const lot = lots.get(e.lotId);
    if (!lot) continue;
    lots.set(e.lotId, e.account === 'member_available' ? { ...lot, available: lot.available + e.amount }
      : e.account === 'member_pending' ? { ...lot, pending: lot.pending + e.amount } : lot);
  }
  return { memberId: state.memberId, debt, lots: [...lots.values()] };
}

interface EntryRow {
  programme_id: string; posting_id: string; posting_kind: string; account: string; member_id: string | null;
  lot_id: string | null; amount: number; cause_kind: string; cause: unknown; occurred_at: string;
}
interface NewLotRow {
  id: string; member_id: string; purchase_id: string | null; earned_at: string; expires_on: string | null; release_at: string | null;
  initial: number; available: number; pending: number;
}

/**
 * Collects postings computed by the domain and writes them in one set-based
 * statement: entries (append-only), new lots, lot remainders and member balance
 * caches. Call flush() once, inside the transaction that holds the member locks.
 */
export class PostingWriter {
  private readonly entries: EntryRow[] = [];
  private readonly newLots = new Map<string, NewLotRow>();
  private readonly lotDeltas = new Map<string, { available: number; pending: number }>();
  private readonly memberDeltas = new Map<string, { available: number; pending: number; debt: number }>();

  constructor(private readonly workspaceId: string, private readonly programmeId: string) {}

  get entryCount(): number {
    return this.entries.length;
  }

  add(posting: Posting, newLots: readonly Lot[] = []): void {
    if (posting.entries.length === 0) return;
    const check = checkBalanced(posting);
    if (!check.ok) throw new Error(`posting ${posting.id} is not balanced: ${check.problem}`);
    const occurredAt = new Date(posting.occurredAt).toISOString();
    for (const lot of newLots) {
      this.newLots.set(lot.id, {
        id: lot.id, member_id: lot.memberId, purchase_id: lot.purchaseId ?? null, earned_at: new Date(lot.earnedAt).toISOString(),
        expires_on: lot.expiresOn, release_at: lot.releaseAt === null ? null : new Date(lot.releaseAt).toISOString(),
        initial: 0, available: 0, pending: 0,
      });
    }
    for (const e of posting.entries) {
      this.entries.push({
        programme_id: this.programmeId, posting_id: posting.id, posting_kind: posting.kind, account: e.account,
        member_id: e.memberId ?? null, lot_id: e.lotId ?? null, amount: e.amount, cause_kind: e.cause.kind, cause: e.cause, occurred_at: occurredAt,
      });
      if (e.memberId === undefined) continue;
      const md = this.memberDeltas.get(e.memberId) ?? { available: 0, pending: 0, debt: 0 };
      if (e.account === 'member_available') {
        md.available += e.amount;
        if (e.lotId === undefined) md.debt += e.amount;
      } else if (e.account === 'member_pending') md.pending += e.amount;
      this.memberDeltas.set(e.memberId, md);
      if (e.lotId === undefined) continue;
      const fresh = this.newLots.get(e.lotId);
      if (fresh) {
        if (e.account === 'member_available') fresh.available += e.amount;
        else fresh.pending += e.amount;
        if (e.amount > 0 && e.cause.kind !== 'debt_settlement') fresh.initial += e.amount;
        continue;
      }
      const ld = this.lotDeltas.get(e.lotId) ?? { available: 0, pending: 0 };
      if (e.account === 'member_available') ld.available += e.amount;
      else ld.pending += e.amount;
      this.lotDeltas.set(e.lotId, ld);
    }
  }

  /**
   * The writes as parts of one WITH statement (`<prefix>_e as (insert …)`, …), so a caller can
   * send them together with its own rows in a single round trip. Clears what was collected.
   */
  takeParts(prefix = 'w'): SQL[] {
    const ws = this.workspaceId;
    const name = (suffix: string) => sql.raw(`${prefix}_${suffix}`);
    const parts: SQL[] = [];
    if (this.entries.length > 0) {
      parts.push(sql`${name('e')} as (
        insert into loyalty_ledger_entries (workspace_id, programme_id, posting_id, posting_kind, account, member_id, lot_id, amount, cause_kind, cause, occurred_at)
        select ${ws}::uuid, programme_id, posting_id, posting_kind, account, member_id, lot_id, amount, cause_kind, cause, occurred_at
        from jsonb_to_recordset(${JSON.stringify(this.entries)}::jsonb) as x(programme_id uuid, posting_id text, posting_kind text, account text, member_id uuid,
          lot_id text, amount integer, cause_kind text, cause jsonb, occurred_at timestamptz))`);
    }
    if (this.newLots.size > 0) {
      parts.push(sql`${name('l')} as (
        insert into loyalty_lots (workspace_id, id, member_id, purchase_id, earned_at, expires_on, release_at, initial, available, pending)
        select ${ws}::uuid, id, member_id, purchase_id, earned_at, expires_on, release_at, initial, available, pending
        from jsonb_to_recordset(${JSON.stringify([...this.newLots.values()])}::jsonb) as x(id text, member_id uuid, purchase_id uuid, earned_at timestamptz, expires_on date,
          release_at timestamptz, initial integer, available integer, pending integer))`);
    }
    const lotDeltas = [...this.lotDeltas].filter(([, d]) => d.available !== 0 || d.pending !== 0).map(([id, d]) => ({ id, ...d }));
    if (lotDeltas.length > 0) {
      parts.push(sql`${name('d')} as (
        update loyalty_lots l set available = l.available + d.available, pending = l.pending + d.pending
        from jsonb_to_recordset(${JSON.stringify(lotDeltas)}::jsonb) as d(id text, available integer, pending integer)
        where l.workspace_id = ${ws} and l.id = ${anyOf(lotDeltas.map((d) => d.id), 'text')} and l.id = d.id)`);
    }
    const memberDeltas = [...this.memberDeltas].map(([member_id, d]) => ({ member_id, ...d }))
      .filter((d) => d.available !== 0 || d.pending !== 0 || d.debt !== 0).sort((a, b) => (a.member_id < b.member_id ? -1 : 1));
    if (memberDeltas.length > 0) {
      parts.push(sql`${name('b')} as (
        insert into loyalty_member_balances as b (workspace_id, member_id, available, pending, debt, updated_at)
        select ${ws}::uuid, member_id, available, pending, debt, now()
        from jsonb_to_recordset(${JSON.stringify(memberDeltas)}::jsonb) as d(member_id uuid, available bigint, pending bigint, debt bigint)
        on conflict (workspace_id, member_id) do update set
          available = b.available + excluded.available, pending = b.pending + excluded.pending, debt = b.debt + excluded.debt, updated_at = now())`);
    }
    this.entries.length = 0;
    this.newLots.clear();
    this.lotDeltas.clear();
    this.memberDeltas.clear();
    return parts;
  }

  /** Writes entries, new lots, lot remainders and balance caches in one statement. */
  async flush(tx: Queryable): Promise<void> {
    await executeParts(tx, this.takeParts());
  }
}


/** Runs data-modifying WITH parts as one statement (one round trip); every part runs exactly once. */
export async function executeParts(tx: Queryable, parts: readonly SQL[]): Promise<void> {
  if (parts.length === 0) return;
  await tx.execute(sql`with ${sql.join([...parts], sql`, `)} select 1`);
}
