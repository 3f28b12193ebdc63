import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { winRate } from '@vefa/domain/accounts/index';
import type { z } from 'zod';
import type { AccountReferralCreate, CompetitorCreate, CompetitorUpdate, MarketSegmentCreate, MarketSegmentUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { customers } from '../customers/schema.ts';
import { seesAll, visibleAccount } from './access.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { accountReferrals, competitors, keyAccounts, marketSegments } from './schema.ts';

type CompetitorRow = typeof competitors.$inferSelect;
const POSITIONS = ['lower', 'similar', 'higher'] as const;

/** Competitors with their SWOT and the record against them: a deal counts when they were named on it or took it. */
export async function listCompetitors(db: Queryable, actor: Actor) {
  const rows = await db.select().from(competitors).where(eq(competitors.workspaceId, actor.workspaceId)).orderBy(asc(competitors.name));
  const tallies = await sqlRows<{ id: string; won: number; lost: number; lost_to: number }>(db, sql`
    select c.id,
      count(*) filter (where d.status = 'won')::int as won, count(*) filter (where d.status = 'lost')::int as lost,
      count(*) filter (where d.lost_to_competitor_id = c.id)::int as lost_to
    from account_competitors c join account_deals d on d.workspace_id = c.workspace_id
      and (d.competitor_id = c.id or d.lost_to_competitor_id = c.id) and d.status in ('won', 'lost')
    where c.workspace_id = ${actor.workspaceId} and ${visibleAccount(actor, sql`d.account_id`)}
    group by c.id`);
  const byId = new Map(tallies.map((t) => [t.id, t]));
  return rows.map((r) => presentCompetitor(r, byId.get(r.id)));
}

function presentCompetitor(r: CompetitorRow, t?: { won: number; lost: number; lost_to: number }) {
  return {
    id: r.id, name: r.name, website: r.website, pricePosition: POSITIONS.find((p) => p === r.pricePosition) ?? 'similar',
    strengths: r.strengths, weaknesses: r.weaknesses, opportunities: r.opportunities, threats: r.threats, notes: r.notes,
    dealsWon: t?.won ?? 0, dealsLost: t?.lost ?? 0, lostTo: t?.lost_to ?? 0, winRate: winRate(t?.won ?? 0, t?.lost ?? 0),
  };
}

export async function createCompetitor(db: Db, actor: Actor, input: z.infer<typeof CompetitorCreate>) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(competitors).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), ...input, website: input.website ?? null }).onConflictDoNothing().returning();
    if (!row) throw conflict('name_taken', `A competitor named ${input.name} exists`, 'body.name');
    await recordAudit(tx, actor, { action: 'competitor.created', entityType: 'competitor', entityId: row.id, after: row });
    return presentCompetitor(row);
  });
}

export async function updateCompetitor(db: Db, actor: Actor, id: string, input: z.infer<typeof CompetitorUpdate>) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(competitors).where(and(eq(competitors.workspaceId, actor.workspaceId), eq(competitors.id, id))).for('update');
    if (!before) throw notFound('Competitor');
    // Checked first so a rename onto another competitor's name answers 409 on the field, not a unique violation.
    if (input.name !== undefined && input.name !== before.name) {
      const [taken] = await tx.select({ id: competitors.id }).from(competitors).where(and(eq(competitors.workspaceId, actor.workspaceId), eq(competitors.name, input.name), ne(competitors.id, id)));
      if (taken) throw conflict('name_taken', `A competitor named ${input.name} exists`, 'body.name');
    }
    const [row] = await tx.update(competitors).set(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)))
      .where(and(eq(competitors.workspaceId, actor.workspaceId), eq(competitors.id, id))).returning();
    if (!row) throw notFound('Competitor');
    await recordAudit(tx, actor, { action: 'competitor.updated', entityType: 'competitor', entityId: id, before, after: row });
    return presentCompetitor(row);
  });
}

export async function listSegments(db: Queryable, actor: Actor) {
  const rows = await sqlRows<{ id: string; name: string; description: string; size_companies: number | null; potential_minor: number; currency: string; accounts: number; pipeline_minor: number }>(db, sql`
    select s.id, s.name, s.description, s.size_companies, s.potential_minor, s.currency,
      (select count(*)::int from key_accounts ka where ka.workspace_id = s.workspace_id and ka.segment_id = s.id and ${visibleAccount(actor, sql`ka.customer_id`)}) as accounts,
      (select coalesce(sum(d.value_minor), 0)::bigint from key_accounts ka join account_deals d on d.workspace_id = ka.workspace_id and d.account_id = ka.customer_id
        where ka.workspace_id = s.workspace_id and ka.segment_id = s.id and d.status = 'open' and d.currency = s.currency and ${visibleAccount(actor, sql`ka.customer_id`)}) as pipeline_minor
    from account_segments s where s.workspace_id = ${actor.workspaceId} order by s.name`);
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, sizeCompanies: r.size_companies, potential: { amountMinor: Number(r.potential_minor), currency: r.currency }, accounts: r.accounts, pipelineMinor: Number(r.pipeline_minor) }));
}

export async function createSegment(db: Db, actor: Actor, input: z.infer<typeof MarketSegmentCreate>) {
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(marketSegments).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, description: input.description, sizeCompanies: input.sizeCompanies ?? null,
      potentialMinor: input.potential.amountMinor, currency: input.potential.currency,
    }).onConflictDoNothing().returning();
    if (!row) throw conflict('name_taken', `A segment named ${input.name} exists`, 'body.name');
    await recordAudit(tx, actor, { action: 'segment.created', entityType: 'market_segment', entityId: row.id, after: row });
    return row.id;
  });
  const all = await listSegments(db, actor);
  const found = all.find((s) => s.id === id);
  if (!found) throw notFound('Segment');
  return found;
}

/** Changes a segment's name, description, size or potential; accounts keep pointing at it. */
export async function updateSegment(db: Db, actor: Actor, id: string, input: z.infer<typeof MarketSegmentUpdate>) {
  await db.transaction(async (tx) => {
    const where = and(eq(marketSegments.workspaceId, actor.workspaceId), eq(marketSegments.id, id));
    const [before] = await tx.select().from(marketSegments).where(where).for('update');
    if (!before) throw notFound('Segment');
    if (input.name !== undefined && input.name !== before.name) {
      const [taken] = await tx.select({ id: marketSegments.id }).from(marketSegments).where(and(eq(marketSegments.workspaceId, actor.workspaceId), eq(marketSegments.name, input.name), ne(marketSegments.id, id)));
      if (taken) throw conflict('name_taken', `A segment named ${input.name} exists`, 'body.name');
    }
    const change: Partial<typeof marketSegments.$inferInsert> = {};
    if (input.name !== undefined) change.name = input.name;
    if (input.description !== undefined) change.description = input.description;
    if (input.sizeCompanies !== undefined) change.sizeCompanies = input.sizeCompanies;
    if (input.potential !== undefined) { change.potentialMinor = input.potential.amountMinor; change.currency = input.potential.currency; }
    if (Object.keys(change).length === 0) return;
    const [after] = await tx.update(marketSegments).set(change).where(where).returning();
    await recordAudit(tx, actor, { action: 'segment.updated', entityType: 'market_segment', entityId: id, before, after });
  });
  const found = (await listSegments(db, actor)).find((s) => s.id === id);
  if (!found) throw notFound('Segment');
  return found;
}

type ReferralRow = typeof accountReferrals.$inferSelect;
async function presentReferrals(db: Queryable, workspaceId: string, rows: ReferralRow[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.referrerId, r.prospectId]))];
  const names = ids.length === 0 ? [] : await db.select({ id: customers.id, name: customers.displayName }).from(customers).where(and(eq(customers.workspaceId, workspaceId), sql`${customers.id} in ${ids}`));
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id, referrerId: r.referrerId, referrerName: nameOf.get(r.referrerId) ?? '', prospectId: r.prospectId, prospectName: nameOf.get(r.prospectId) ?? '',
    dealId: r.dealId, status: r.status === 'converted' ? 'converted' as const : r.status === 'lost' ? 'lost' as const : 'open' as const,
    reward: r.rewardMinor !== null && r.rewardCurrency ? { amountMinor: r.rewardMinor, currency: r.rewardCurrency } : null,
    rewardStatus: r.rewardStatus === 'due' ? 'due' as const : r.rewardStatus === 'paid' ? 'paid' as const : 'none' as const,
    note: r.note, createdAt: r.createdAt.toISOString(), convertedAt: r.convertedAt?.toISOString() ?? null,
  }));
}

async function presentOneReferral(db: Queryable, workspaceId: string, row: ReferralRow) {
  const [referral] = await presentReferrals(db, workspaceId, [row]);
  if (!referral) throw notFound('Referral');
  return referral;
}

/** Referrals where the manager sees the referrer's or the prospect's account (or all, for accounts:manage). */
export async function listReferrals(db: Queryable, actor: Actor) {
  const rows = await db.select().from(accountReferrals).where(and(eq(accountReferrals.workspaceId, actor.workspaceId),
    seesAll(actor) ? undefined : sql`(${visibleAccount(actor, accountReferrals.referrerId)} or ${visibleAccount(actor, accountReferrals.prospectId)} or ${accountReferrals.createdBy} = ${actor.userId})`))
    .orderBy(desc(accountReferrals.createdAt)).limit(500);
  return presentReferrals(db, actor.workspaceId, rows);
}

export async function createReferral(db: Db, actor: Actor, input: z.infer<typeof AccountReferralCreate>) {
  if (input.referrerId === input.prospectId) throw invalid('body.prospectId', 'self_referral', 'A customer cannot refer themselves');
  const row = await db.transaction(async (tx) => {
    const people = await tx.select().from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), sql`${customers.id} in ${[input.referrerId, input.prospectId]}`));
    const referrer = people.find((p) => p.id === input.referrerId);
    const prospect = people.find((p) => p.id === input.prospectId);
    if (!referrer) throw invalid('body.referrerId', 'unknown_customer', 'No such customer');
    if (!prospect) throw invalid('body.prospectId', 'unknown_customer', 'No such customer');
    const [created] = await tx.insert(accountReferrals).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), referrerId: referrer.id, prospectId: prospect.id, note: input.note,
      rewardMinor: input.reward?.amountMinor ?? null, rewardCurrency: input.reward?.currency ?? null, createdBy: actor.userId,
    }).onConflictDoNothing().returning();
    if (!created) throw conflict('already_referred', `${referrer.displayName} already referred ${prospect.displayName}`, 'body.prospectId');
    await recordAudit(tx, actor, { action: 'referral.created', entityType: 'account_referral', entityId: created.id, after: created });
    const referrerAccount = referrer.kind === 'company' ? referrer.id : referrer.companyId;
    const [isAccount] = referrerAccount ? await tx.select({ id: keyAccounts.customerId }).from(keyAccounts).where(and(eq(keyAccounts.workspaceId, actor.workspaceId), eq(keyAccounts.customerId, referrerAccount))) : [];
    if (isAccount) await onAccountTimeline(tx, actor, isAccount.id, { kind: 'referral_given', summary: prospect.displayName, sourceId: created.id, data: { referralId: created.id, prospectId: prospect.id } });
    return created;
  });
  return presentOneReferral(db, actor.workspaceId, row);
}

/**
 * When a prospect's deal is won, the referrals that brought them convert and
 * their rewards fall due. Runs in the transaction that wins the deal.
 */
export async function convertReferrals(tx: Queryable, actor: Actor, prospectAccountId: string, dealId: string) {
  const open = await tx.select().from(accountReferrals).where(and(eq(accountReferrals.workspaceId, actor.workspaceId), eq(accountReferrals.prospectId, prospectAccountId), eq(accountReferrals.status, 'open'))).for('update');
  for (const r of open) {
    await tx.update(accountReferrals).set({ status: 'converted', convertedAt: new Date(), dealId: r.dealId ?? dealId, rewardStatus: r.rewardMinor ? 'due' : 'none' })
      .where(and(eq(accountReferrals.workspaceId, actor.workspaceId), eq(accountReferrals.id, r.id)));
    await recordAudit(tx, actor, { action: 'referral.converted', entityType: 'account_referral', entityId: r.id, after: { dealId, rewardMinor: r.rewardMinor } });
    await onAccountTimeline(tx, actor, prospectAccountId, { kind: 'referral_converted', summary: prospectAccountId, sourceId: r.id, data: { referralId: r.id, referrerId: r.referrerId } });
  }
}

export async function markRewardPaid(db: Db, actor: Actor, id: string) {
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(accountReferrals).where(and(eq(accountReferrals.workspaceId, actor.workspaceId), eq(accountReferrals.id, id))).for('update');
    if (!before) throw notFound('Referral');
    if (before.rewardStatus !== 'due') throw conflict('reward_not_due', before.rewardStatus === 'paid' ? 'The reward was already paid' : 'No reward is due: the prospect has not converted or no reward was set');
    const [after] = await tx.update(accountReferrals).set({ rewardStatus: 'paid' }).where(and(eq(accountReferrals.workspaceId, actor.workspaceId), eq(accountReferrals.id, id))).returning();
    if (!after) throw notFound('Referral');
    await recordAudit(tx, actor, { action: 'referral.reward_paid', entityType: 'account_referral', entityId: id, before, after });
    return after;
  });
  return presentOneReferral(db, actor.workspaceId, row);
}
