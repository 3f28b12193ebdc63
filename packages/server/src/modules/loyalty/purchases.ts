import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  evaluateEarning, localTimeOf, postEarning, type CompiledEarningRule, type LocalTime, purchaseActivity, purchaseAmountMinor, lineAmountMinor,
  type EarnedUnderRule, type MemberLedgerState, type Purchase, type QualifyingActivity,
} from '@vefa/domain';
import type { PurchaseInput } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { invalid, ProblemError, type FieldError } from '../../platform/http/problem.ts';
import type { TimelineAppend } from '../customers/timeline.ts';
import { loyaltyMembers } from './schema.ts';
import { applyToState, loadLedgerStates, lockMembers, PostingWriter, type MemberRow } from './ledgerStore.ts';
import { compiledRulesFor, lineOf, memberFacts } from './rules.ts';
import { ledgerSettings, listTierRows, loadProgramme, localDateOf, tierProgrammeOf, type ProgrammeRow } from './programmes.ts';
import { activityHorizon, addActivity, evaluateMemberTier, loadActivity, tierStateOf } from './tiers.ts';
import { appendTimelineEntries } from './timelineBulk.ts';
import { rewardReferralIfDue } from './referrals.ts';

type PurchaseIn = z.infer<typeof PurchaseInput>;

export interface IngestOutcome {
  index: number;
  externalId: string;
  status: 'created' | 'duplicate' | 'rejected';
  purchaseId: string | null;
  memberId: string | null;
  points: number;
  pending: boolean;
  byLine: { lineId: string; points: number }[];
  tier: { tierId: string | null; change: string } | null;
  error: FieldError | null;
}

/** Purchases per transaction in a batch: a crash loses at most the chunk in flight, which a retry re-posts. */
export const INGEST_CHUNK = 500;

function rejected(index: number, externalId: string, error: FieldError): IngestOutcome {
  return { index, externalId, status: 'rejected', purchaseId: null, memberId: null, points: 0, pending: false, byLine: [], tier: null, error };
}

/** Checks that need no database; field paths are relative to the purchase (prefix added by the caller). */
function precheck(p: PurchaseIn): FieldError | null {
  const refs = [p.member.memberId, p.member.cardNumber, p.member.customerId].filter((v) => v !== undefined);
  if (refs.length !== 1) return { field: 'member', code: 'one_of', message: 'give exactly one of memberId, cardNumber, customerId' };
  const seen = new Set<string>();
  for (const [i, l] of p.lines.entries()) {
    if (seen.has(l.id)) return { field: `lines.${i}.id`, code: 'duplicate', message: `line id "${l.id}" appears twice in the purchase` };
    seen.add(l.id);
    if ((l.discountMinor ?? 0) > l.quantity * l.unitPriceMinor) {
      return { field: `lines.${i}.discountMinor`, code: 'range', message: 'the discount is larger than the line amount' };
    }
  }
  if (Number.isNaN(Date.parse(p.occurredAt))) return { field: 'occurredAt', code: 'format', message: 'not a date-time' };
  if (Date.parse(p.occurredAt) > Date.now() + 24 * 3600_000) return { field: 'occurredAt', code: 'range', message: 'the purchase is more than a day in the future' };
  return null;
}

/** Member ids of the purchases' member references (null where none matches). */
async function resolveMembers(db: Queryable, workspaceId: string, purchases: readonly PurchaseIn[]): Promise<(string | null)[]> {
  const byId = new Set<string>();
  const cards = new Set<string>();
  const customers = new Set<string>();
  for (const p of purchases) {
    if (p.member.memberId) byId.add(p.member.memberId);
    else if (p.member.cardNumber) cards.add(p.member.cardNumber);
    else if (p.member.customerId) customers.add(p.member.customerId);
  }
  const known = new Set<string>();
  const cardMap = new Map<string, string>();
  const customerMap = new Map<string, string[]>();
  const cols = { id: loyaltyMembers.id, cardNumber: loyaltyMembers.cardNumber, customerId: loyaltyMembers.customerId, programmeId: loyaltyMembers.programmeId };
  if (byId.size > 0) {
    for (const r of await db.select(cols).from(loyaltyMembers).where(and(eq(loyaltyMembers.workspaceId, workspaceId), inArray(loyaltyMembers.id, [...byId])))) known.add(r.id);
  }
  if (cards.size > 0) {
    for (const r of await db.select(cols).from(loyaltyMembers).where(and(eq(loyaltyMembers.workspaceId, workspaceId), inArray(loyaltyMembers.cardNumber, [...cards])))) cardMap.set(r.cardNumber, r.id);
  }
  const programmeOf = new Map<string, string>();
  if (customers.size > 0) {
    for (const r of await db.select(cols).from(loyaltyMembers).where(and(eq(loyaltyMembers.workspaceId, workspaceId), inArray(loyaltyMembers.customerId, [...customers])))) {
      customerMap.set(r.customerId, [...(customerMap.get(r.customerId) ?? []), r.id]);
      programmeOf.set(r.id, r.programmeId);
    }
  }
  return purchases.map((p) => {
    if (p.member.memberId) return known.has(p.member.memberId) ? p.member.memberId : null;
    if (p.member.cardNumber) return cardMap.get(p.member.cardNumber) ?? null;
    const ids = customerMap.get(p.member.customerId ?? '') ?? [];
    const wanted = p.member.programmeId;
    const matching = wanted ? ids.filter((id) => programmeOf.get(id) === wanted) : ids;
    return matching.length === 1 ? (matching[0] ?? null) : null;
  });
}

function toPurchase(p: PurchaseIn, id: string, currency: string): Purchase {
  return {
    id, currency: p.currency ?? currency, occurredAt: Date.parse(p.occurredAt),
    ...(p.storeId !== undefined ? { storeId: p.storeId } : {}),
    ...(p.channel !== undefined ? { channel: p.channel } : {}),
    ...(p.paidWithPointsMinor !== undefined ? { paidWithPointsMinor: p.paidWithPointsMinor } : {}),
    lines: p.lines.map(lineOf),
  };
}

function formatMinor(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

/**
 * Posts purchases: one transaction per chunk (a single purchase is a chunk of one).
 * Inside it, members are locked in id order, already-posted external ids are
 * found (so a retry counts once), the compiled rules run, and the earning postings,
 * lots, balance caches, purchase rows, tier progress and timeline entries are
 * written together. A crash rolls back the chunk in flight; a retry of the same
 * batch skips what committed and posts the rest.
 */
export async function ingestPurchases(db: Db, actor: Actor, purchases: readonly PurchaseIn[]): Promise<IngestOutcome[]> {
  const outcomes: (IngestOutcome | undefined)[] = new Array(purchases.length);
  const memberIds = await resolveMembers(db, actor.workspaceId, purchases);
  const todo: { index: number; memberId: string }[] = [];
  const seen = new Set<string>();
  purchases.forEach((p, index) => {
    const bad = seen.has(p.externalId)
      ? { field: 'externalId', code: 'duplicate_in_batch', message: 'this external id appears earlier in the same batch' }
      : precheck(p);
    seen.add(p.externalId);
    if (bad) outcomes[index] = rejected(index, p.externalId, bad);
    else {
      const memberId = memberIds[index];
      if (!memberId) outcomes[index] = rejected(index, p.externalId, { field: 'member', code: 'member_not_found', message: 'no loyalty member matches this reference' });
      else todo.push({ index, memberId });
    }
  });
  // Concurrent batches (several tills) must not queue behind each other's member locks: a
  // chunk takes the members nobody else holds and leaves the rest (all of a member's
  // purchases, so their order holds) for a later pass, which waits for the locks if needed.
  let queue = todo;
  for (let pass = 0; queue.length > 0; pass++) {
    const deferred: { index: number; memberId: string }[] = [];
    for (let i = 0; i < queue.length; i += INGEST_CHUNK) {
      const chunk = queue.slice(i, i + INGEST_CHUNK);
      const results = await db.transaction((tx) => ingestChunk(tx, actor, purchases, chunk, pass < 2));
      for (const r of results.done) outcomes[r.index] = r;
      deferred.push(...results.deferred);
    }
    queue = deferred.sort((a, b) => a.index - b.index);
  }
  return outcomes.map((o, index) => o ?? rejected(index, purchases[index]?.externalId ?? '', { field: '', code: 'internal', message: 'not processed' }));
}

interface PendingRow {
  purchase: { id: string; programme_id: string; member_id: string; external_id: string; occurred_at: string; local_date: string; store_id: string | null;
    channel: string | null; currency: string; amount_minor: number; paid_with_points_minor: number; points_earned: number; posting_id: string };
  lines: { purchase_id: string; line_id: string; position: number; sku: string; category: string | null; brand: string | null; quantity: number;
    unit_price_minor: number; discount_minor: number; amount_minor: number; earnable: boolean; points: number }[];
}

async function ingestChunk(
  tx: Queryable, actor: Actor, purchases: readonly PurchaseIn[], all: readonly { index: number; memberId: string }[], skipLocked: boolean,
): Promise<{ done: IngestOutcome[]; deferred: { index: number; memberId: string }[] }> {
  const ws = actor.workspaceId;
  const members = await lockMembers(tx, ws, all.map((c) => c.memberId), { skipLocked });
  const chunk = all.filter((c) => members.has(c.memberId));
  const missing = all.filter((c) => !members.has(c.memberId));
  // Without SKIP LOCKED a missing member is really gone: refuse rather than defer for ever.
  const deferred = skipLocked ? missing : [];
  const gone = skipLocked ? [] : missing.map((c) => rejected(c.index, purchases[c.index]?.externalId ?? '', { field: 'member', code: 'member_not_found', message: 'no loyalty member matches this reference' }));
  if (chunk.length === 0) return { done: gone, deferred };
  const externalIds = chunk.map((c) => purchases[c.index]?.externalId ?? '');
  const existing = new Map<string, { id: string; member_id: string; points_earned: number }>();
  for (const r of await sqlRows<{ id: string; external_id: string; member_id: string; points_earned: number }>(tx, sql`
    select id, external_id, member_id, points_earned from loyalty_purchases where workspace_id = ${ws} and external_id in ${externalIds}`)) {
    existing.set(r.external_id, r);
  }
  const out: IngestOutcome[] = [];
  // Members may belong to different programmes: process per programme.
  const byProgramme = new Map<string, { index: number; memberId: string }[]>();
  for (const c of chunk) {
    const m = members.get(c.memberId);
    const p = purchases[c.index];
    if (!m || !p) continue;
    const dup = existing.get(p.externalId);
    if (dup) {
      out.push({ index: c.index, externalId: p.externalId, status: 'duplicate', purchaseId: dup.id, memberId: dup.member_id, points: dup.points_earned, pending: false, byLine: [], tier: null, error: null });
      continue;
    }
    if (m.status !== 'active') {
      out.push(rejected(c.index, p.externalId, { field: 'member', code: 'member_opted_out', message: 'the member has left the programme' }));
      continue;
    }
    byProgramme.set(m.programmeId, [...(byProgramme.get(m.programmeId) ?? []), c]);
  }
  for (const [programmeId, items] of byProgramme) {
    const { programme, timeZone } = await loadProgramme(tx, ws, programmeId);
    if (programme.status !== 'active') {
      for (const c of items) out.push(rejected(c.index, purchases[c.index]?.externalId ?? '', { field: 'member', code: 'programme_archived', message: 'the programme is archived' }));
      continue;
    }
    out.push(...await ingestForProgramme(tx, actor, programme, timeZone, purchases, items, members));
  }
  return { done: [...out, ...gone], deferred };
}

async function ingestForProgramme(
  tx: Queryable, actor: Actor, programme: ProgrammeRow, timeZone: string, purchases: readonly PurchaseIn[],
  items: readonly { index: number; memberId: string }[], members: Map<string, MemberRow>,
): Promise<IngestOutcome[]> {
  const ws = actor.workspaceId;
  const rules = await compiledRulesFor(tx, programme);
  const memberIds = [...new Set(items.map((i) => i.memberId))];
  const states = await loadLedgerStates(tx, ws, memberIds, [], false);
  const tierRows = await listTierRows(tx, ws, programme.id);
  const tp = tierProgrammeOf(programme, tierRows);
  const tierMultiplier = new Map(tierRows.map((t) => [t.id, t.earningMultiplierPercent]));
  const today = localDateOf(Date.now(), timeZone);
  const activity = tp ? await loadActivity(tx, ws, memberIds, activityHorizon(tp, today)) : new Map<string, QualifyingActivity[]>();

  // Caps: what each capped rule already gave each member, per local day.
  const capped = rules.filter((r) => r.rule.caps?.perDay !== undefined || r.rule.caps?.perMember !== undefined);
  const usage = new Map<string, { on: string; points: number }[]>();
  if (capped.length > 0) {
    for (const r of await sqlRows<{ member_id: string; rule_id: string; on: string; points: number }>(tx, sql`
      select member_id, rule_id, "on"::text as "on", points from loyalty_rule_usage
      where workspace_id = ${ws} and member_id in ${memberIds} and rule_id in ${capped.map((c) => c.id)}`)) {
      const key = `${r.member_id}|${r.rule_id}`;
      usage.set(key, [...(usage.get(key) ?? []), { on: r.on, points: Number(r.points) }]);
    }
  }
  const usageDeltas: { member_id: string; rule_id: string; on: string; points: number }[] = [];

  const writer = new PostingWriter(ws, programme.id);
  const pending: PendingRow[] = [];
  const activityRows: { memberId: string; activity: QualifyingActivity }[] = [];
  const timeline: TimelineAppend[] = [];
  const memberUpdates = new Map<string, { purchases: number; tier: MemberRow }>();
  const firstPurchases: { memberId: string; purchaseId: string; amountMinor: number; occurredAt: number }[] = [];
  const out: IngestOutcome[] = [];

  for (const item of items) {
    const input = purchases[item.index];
    const member = members.get(item.memberId);
    if (!input || !member) continue;
    const id = crypto.randomUUID();
    const purchase = toPurchase(input, id, programme.currency);
    if (purchase.currency !== programme.currency) {
      out.push(rejected(item.index, input.externalId, { field: 'currency', code: 'currency_mismatch', message: `the programme runs in ${programme.currency}` }));
      continue;
    }
    const local = localTimeOf(purchase.occurredAt, timeZone);
    const upd = memberUpdates.get(member.id) ?? { purchases: 0, tier: { ...member } };
    const current = upd.tier;
    const alreadyEarned: Record<string, EarnedUnderRule> = {};
    for (const r of capped) {
      const rows = usage.get(`${member.id}|${r.id}`) ?? [];
      const periodDays = r.rule.caps?.perMember?.periodDays ?? null;
      const from = periodDays === null ? '' : addDaysText(local.date, -(periodDays - 1));
      let todayPoints = 0;
      let period = 0;
      for (const u of rows) {
        if (u.on === local.date) todayPoints += u.points;
        if (u.on >= from && u.on <= local.date) period += u.points;
      }
      alreadyEarned[r.id] = { today: todayPoints, period };
    }
    const firstPurchase = member.purchaseCount + upd.purchases === 0;
    const earning = evaluateEarningFor(rules, purchase, current, local, firstPurchase, programme.currency,
      current.tierId ? tierMultiplier.get(current.tierId) ?? 100 : 100, alreadyEarned);
    const state: MemberLedgerState = states.get(member.id) ?? { memberId: member.id, lots: [], debt: 0 };
    const posted = postEarning({
      postingId: `p:${id}`, purchaseId: id, occurredAt: purchase.occurredAt, localDate: local.date, awards: earning.awards,
      state, settings: ledgerSettings(programme, local.date),
    });
    writer.add(posted.posting, posted.newLots);
    states.set(member.id, applyToState(state, posted.posting, posted.newLots));
    for (const a of earning.awards) {
      if (!capped.some((c) => c.id === a.ruleId)) continue;
      const key = `${member.id}|${a.ruleId}`;
      usage.set(key, [...(usage.get(key) ?? []), { on: local.date, points: a.points }]);
      usageDeltas.push({ member_id: member.id, rule_id: a.ruleId, on: local.date, points: a.points });
    }
    const amountMinor = purchaseAmountMinor(purchase);
    let tierResult: IngestOutcome['tier'] = null;
    if (tp) {
      const act = purchaseActivity(local.date, earning.totalPoints, amountMinor);
      const list = activity.get(member.id) ?? [];
      list.push(act);
      activity.set(member.id, list);
      activityRows.push({ memberId: member.id, activity: act });
      const evaluated = evaluateMemberTier(tp, tierStateOf(tp, current), list, today);
      upd.tier = { ...current, tierId: evaluated.state.tierId, heldTierId: evaluated.state.heldTierId, lastReviewOn: evaluated.state.lastReviewOn, graceUntil: evaluated.state.graceUntil };
      tierResult = { tierId: evaluated.state.tierId, change: evaluated.change };
      if (evaluated.change === 'upgrade' || evaluated.change === 'downgrade') {
        timeline.push({
          customerId: member.customerId, kind: 'loyalty_tier_changed', occurredAt: new Date(purchase.occurredAt), sourceModule: 'loyalty', sourceId: member.id,
          summary: `Tier ${evaluated.change === 'upgrade' ? 'upgraded' : 'lowered'} to ${evaluated.tierName}`,
          data: { memberId: member.id, tierId: evaluated.state.tierId, change: evaluated.change },
        });
      }
    }
    upd.purchases += 1;
    memberUpdates.set(member.id, upd);
    if (firstPurchase) firstPurchases.push({ memberId: member.id, purchaseId: id, amountMinor, occurredAt: purchase.occurredAt });
    const lineTotals = new Map(earning.byLine.map((l) => [l.lineId, l.points]));
    pending.push({
      purchase: {
        id, programme_id: programme.id, member_id: member.id, external_id: input.externalId, occurred_at: new Date(purchase.occurredAt).toISOString(),
        local_date: local.date, store_id: input.storeId ?? null, channel: input.channel ?? null, currency: purchase.currency, amount_minor: amountMinor,
        paid_with_points_minor: input.paidWithPointsMinor ?? 0, points_earned: earning.totalPoints, posting_id: `p:${id}`,
      },
      lines: purchase.lines.map((l, position) => ({
        purchase_id: id, line_id: l.id, position, sku: l.sku, category: l.category ?? null, brand: l.brand ?? null, quantity: l.quantity,
        unit_price_minor: l.unitPriceMinor, discount_minor: l.discountMinor ?? 0, amount_minor: lineAmountMinor(l), earnable: l.earnable !== false,
        points: lineTotals.get(l.id) ?? 0,
      })),
    });
    timeline.push({
      customerId: member.customerId, kind: 'loyalty_purchase', occurredAt: new Date(purchase.occurredAt), sourceModule: 'loyalty', sourceId: id,
      summary: `Purchase ${formatMinor(amountMinor, purchase.currency)}: +${earning.totalPoints} points${programme.returnWindowDays > 0 && earning.totalPoints > 0 ? ' (pending)' : ''}`,
      data: { memberId: member.id, purchaseId: id, externalId: input.externalId, points: earning.totalPoints, amountMinor, storeId: input.storeId ?? null },
    });
    out.push({
      index: item.index, externalId: input.externalId, status: 'created', purchaseId: id, memberId: member.id, points: earning.totalPoints,
      pending: programme.returnWindowDays > 0 && earning.totalPoints > 0, byLine: [...earning.byLine], tier: tierResult, error: null,
    });
  }
  if (pending.length === 0) return out;

  // Purchases first: the unique external id is the last word on "counted once".
  const purchaseRows = pending.map((p) => p.purchase);
  for (let i = 0; i < purchaseRows.length; i += 2000) {
    const inserted = await sqlRows<{ id: string }>(tx, sql`
      insert into loyalty_purchases (workspace_id, id, programme_id, member_id, external_id, occurred_at, local_date, store_id, channel, currency,
        amount_minor, paid_with_points_minor, points_earned, posting_id)
      select ${ws}::uuid, id, programme_id, member_id, external_id, occurred_at, local_date, store_id, channel, currency,
        amount_minor, paid_with_points_minor, points_earned, posting_id
      from jsonb_to_recordset(${JSON.stringify(purchaseRows.slice(i, i + 2000))}::jsonb) as x(id uuid, programme_id uuid, member_id uuid, external_id text,
        occurred_at timestamptz, local_date date, store_id text, channel text, currency text, amount_minor bigint, paid_with_points_minor bigint,
        points_earned integer, posting_id text)
      on conflict (workspace_id, external_id) do nothing
      returning id`);
    if (inserted.length !== Math.min(2000, purchaseRows.length - i)) {
      // The same external id arrived for another member at the same moment: refuse the chunk, a retry sorts it out.
      throw new ProblemError(409, 'external_id_in_use', 'A purchase with one of these external ids was posted concurrently; retry');
    }
  }
  const lineRows = pending.flatMap((p) => p.lines);
  for (let i = 0; i < lineRows.length; i += 5000) {
    await tx.execute(sql`
      insert into loyalty_purchase_lines (workspace_id, purchase_id, line_id, position, sku, category, brand, quantity, unit_price_minor,
        discount_minor, amount_minor, earnable, points)
      select ${ws}::uuid, purchase_id, line_id, position, sku, category, brand, quantity, unit_price_minor, discount_minor, amount_minor, earnable, points
      from jsonb_to_recordset(${JSON.stringify(lineRows.slice(i, i + 5000))}::jsonb) as x(purchase_id uuid, line_id text, position integer, sku text,
        category text, brand text, quantity integer, unit_price_minor bigint, discount_minor bigint, amount_minor bigint, earnable boolean, points integer)`);
  }
  await writer.flush(tx);
  if (usageDeltas.length > 0) {
    const merged = new Map<string, { member_id: string; rule_id: string; on: string; points: number }>();
    for (const u of usageDeltas) {
      const k = `${u.member_id}|${u.rule_id}|${u.on}`;
      const m = merged.get(k);
      if (m) m.points += u.points;
      else merged.set(k, { ...u });
    }
    await tx.execute(sql`
      insert into loyalty_rule_usage as u (workspace_id, member_id, rule_id, "on", points)
      select ${ws}::uuid, member_id, rule_id, "on", points
      from jsonb_to_recordset(${JSON.stringify([...merged.values()])}::jsonb) as x(member_id uuid, rule_id text, "on" date, points bigint)
      on conflict (workspace_id, member_id, rule_id, "on") do update set points = u.points + excluded.points`);
  }
  await addActivity(tx, ws, activityRows);
  const updates = [...memberUpdates].map(([id, u]) => ({
    id, purchases: u.purchases, tier_id: u.tier.tierId, held_tier_id: u.tier.heldTierId, last_review_on: u.tier.lastReviewOn, grace_until: u.tier.graceUntil,
  }));
  await tx.execute(sql`
    update loyalty_members m set purchase_count = m.purchase_count + u.purchases, tier_id = u.tier_id, held_tier_id = u.held_tier_id,
      last_review_on = u.last_review_on, grace_until = u.grace_until
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id uuid, purchases integer, tier_id uuid, held_tier_id uuid, last_review_on date, grace_until date)
    where m.workspace_id = ${ws} and m.id = u.id`);
  await appendTimelineEntries(tx, actor, timeline);
  if (firstPurchases.length > 0) {
    // One look-up for the chunk: only members with a pending referral go on to the reward check.
    const referred = new Set((await sqlRows<{ referee_member_id: string }>(tx, sql`
      select referee_member_id from loyalty_referrals where workspace_id = ${ws} and status = 'pending'
        and referee_member_id in ${firstPurchases.map((f) => f.memberId)}`)).map((r) => r.referee_member_id));
    for (const f of firstPurchases) if (referred.has(f.memberId)) await rewardReferralIfDue(tx, actor, programme, timeZone, f);
  }
  return out;
}

function addDaysText(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function evaluateEarningFor(
  rules: readonly CompiledEarningRule[], purchase: Purchase, member: MemberRow, local: LocalTime, firstPurchase: boolean,
  currency: string, tierMultiplierPercent: number, alreadyEarned: Record<string, EarnedUnderRule>,
) {
  return evaluateEarning(rules, {
    purchase, member: memberFacts(member), local, firstPurchase, programmeCurrency: currency, tierMultiplierPercent, alreadyEarned,
  });
}

/** One purchase through the same path; a rejection becomes problem+json naming the field. */
export async function recordPurchase(db: Db, actor: Actor, input: PurchaseIn) {
  const [result] = await ingestPurchases(db, actor, [input]);
  if (!result) throw new Error('ingest returned nothing');
  if (result.status === 'rejected' || !result.purchaseId || !result.memberId) {
    const e = result.error ?? { field: '', code: 'rejected', message: 'rejected' };
    if (e.code === 'member_not_found') throw new ProblemError(422, 'member_not_found', e.message, [{ ...e, field: `body.${e.field}` }]);
    throw invalid(`body.${e.field}`, e.code, e.message);
  }
  return {
    purchaseId: result.purchaseId, externalId: result.externalId, memberId: result.memberId, status: result.status === 'duplicate' ? 'duplicate' as const : 'created' as const,
    points: result.points, pending: result.pending, byLine: result.byLine, tier: result.tier,
  };
}

/** A batch: per-item outcomes; rejected items carry the field at fault (body.purchases.<i>.…). */
export async function recordPurchaseBatch(db: Db, actor: Actor, purchases: readonly PurchaseIn[]) {
  const results = await ingestPurchases(db, actor, purchases);
  return {
    created: results.filter((r) => r.status === 'created').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    items: results.map((r) => ({
      index: r.index, externalId: r.externalId, status: r.status, purchaseId: r.purchaseId, points: r.points,
      error: r.error ? { ...r.error, field: `body.purchases.${r.index}${r.error.field ? `.${r.error.field}` : ''}` } : null,
    })),
  };
}
