import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { statusAfterMove, timeInStages } from '@vefa/domain/accounts/index';
import type { DealCreate, DealUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Database, type Db, type Queryable } from '../../platform/db/database.ts';
import { preparedRows } from '../../platform/db/preparedQuery.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { customers } from '../customers/schema.ts';
import { findAccountRow, seesAll, visibleAccount } from './access.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { ensureDefaultPipeline, listStages } from './pipelines.ts';
import { convertReferrals } from './market.ts';
import { presentDeal } from './presenter.ts';
import { accountReferrals, competitors, dealStageHistory, deals, pipelineStages, products } from './schema.ts';

type DealRow = typeof deals.$inferSelect;

async function namesFor(db: Queryable, workspaceId: string, rows: DealRow[]) {
  if (rows.length === 0) return new Map<string, { accountName: string; stageName: string }>();
  const found = await sqlRows<{ id: string; account_name: string; stage_name: string }>(db, sql`
    select d.id, c.display_name as account_name, s.name as stage_name from account_deals d
    join customers c on c.workspace_id = d.workspace_id and c.id = d.account_id
    join account_pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
    where d.workspace_id = ${workspaceId} and d.id in ${rows.map((r) => r.id)}`);
  return new Map(found.map((r) => [r.id, { accountName: r.account_name, stageName: r.stage_name }]));
}

export async function presentDeals(db: Queryable, workspaceId: string, rows: DealRow[]) {
  const names = await namesFor(db, workspaceId, rows);
  return rows.map((r) => presentDeal(r, names.get(r.id) ?? { accountName: '', stageName: '' }));
}

async function presentOneDeal(db: Queryable, workspaceId: string, row: DealRow) {
  const [deal] = await presentDeals(db, workspaceId, [row]);
  if (!deal) throw notFound('Deal');
  return deal;
}

export async function findDealRow(db: Queryable, actor: Actor, dealId: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(deals).where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, dealId), visibleAccount(actor, deals.accountId)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Deal');
  return row;
}

async function stageRow(db: Queryable, workspaceId: string, stageId: string, field: string) {
  const [s] = await db.select().from(pipelineStages).where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.id, stageId)));
  if (!s) throw invalid(field, 'unknown_stage', 'No such stage');
  return s;
}

async function checkRefs(db: Queryable, actor: Actor, input: { contactId?: string | null | undefined; competitorId?: string | null | undefined; products?: { productId: string }[] | undefined }, accountId: string) {
  if (input.contactId) {
    const [c] = await db.select({ kind: customers.kind, companyId: customers.companyId }).from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, input.contactId)));
    if (!c || c.kind !== 'person') throw invalid('body.contactId', 'not_a_person', 'contactId must be a person in this workspace');
    if (c.companyId !== accountId) throw invalid('body.contactId', 'other_company', 'The contact works for another company');
  }
  if (input.competitorId) {
    const [c] = await db.select({ id: competitors.id }).from(competitors).where(and(eq(competitors.workspaceId, actor.workspaceId), eq(competitors.id, input.competitorId)));
    if (!c) throw invalid('body.competitorId', 'unknown_competitor', 'No such competitor');
  }
  for (const [i, line] of (input.products ?? []).entries()) {
    const [p] = await db.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, actor.workspaceId), eq(products.id, line.productId)));
    if (!p) throw invalid(`body.products.${i}.productId`, 'unknown_product', 'No such product');
  }
}

export async function createDeal(db: Db, actor: Actor, input: DealCreate) {
  const row = await db.transaction(async (tx) => {
    const account = await findAccountRow(tx, actor, input.accountId).catch(() => { throw invalid('body.accountId', 'unknown_account', 'No key account with this id that you may work'); });
    const pipelineId = input.pipelineId ?? await ensureDefaultPipeline(tx, actor.workspaceId);
    const stages = await listStages(tx, actor.workspaceId, pipelineId);
    if (stages.length === 0) throw invalid('body.pipelineId', 'unknown_pipeline', 'No such pipeline');
    const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages[0];
    if (!stage) throw invalid('body.stageId', 'unknown_stage', 'The stage is not in this pipeline');
    await checkRefs(tx, actor, input, account.customerId);
    if (input.referralId) {
      const [ref] = await tx.select().from(accountReferrals).where(and(eq(accountReferrals.workspaceId, actor.workspaceId), eq(accountReferrals.id, input.referralId)));
      if (!ref || ref.prospectId !== account.customerId) throw invalid('body.referralId', 'unknown_referral', 'No referral of this account');
    }
    const now = new Date();
    const status = statusAfterMove('open', { outcome: stage.outcome === 'won' ? 'won' : 'open' });
    const [created] = await tx.insert(deals).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), title: input.title, accountId: account.customerId, contactId: input.contactId ?? null,
      pipelineId, stageId: stage.id, status, valueMinor: input.value.amountMinor, currency: input.value.currency,
      probability: input.probability ?? stage.probability, expectedCloseOn: input.expectedCloseOn ?? null, ownerId: account.ownerId,
      products: input.products ?? [], nextStep: input.nextStep ?? null, nextStepDueOn: input.nextStepDueOn ?? null,
      competitorId: input.competitorId ?? null, referralId: input.referralId ?? null, stageEnteredAt: now, closedAt: status === 'won' ? now : null,
    }).returning();
    if (!created) throw new Error('deal insert returned nothing');
    if (input.referralId) await tx.update(accountReferrals).set({ dealId: created.id }).where(and(eq(accountReferrals.workspaceId, actor.workspaceId), eq(accountReferrals.id, input.referralId)));
    await tx.insert(dealStageHistory).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), dealId: created.id, stageId: stage.id, enteredAt: now, actorId: actor.userId });
    if (status === 'won') await convertReferrals(tx, actor, created.accountId, created.id);
    await recordAudit(tx, actor, { action: 'deal.created', entityType: 'deal', entityId: created.id, after: created });
    await onAccountTimeline(tx, actor, account.customerId, { kind: 'deal_created', summary: created.title, sourceId: created.id, data: { dealId: created.id, stage: stage.name, valueMinor: created.valueMinor, currency: created.currency } });
    return created;
  });
  return presentOneDeal(db, actor.workspaceId, row);
}

export async function updateDeal(db: Db, actor: Actor, dealId: string, input: DealUpdate) {
  const row = await db.transaction(async (tx) => {
    const before = await findDealRow(tx, actor, dealId, { lock: true });
    await checkRefs(tx, actor, input, before.accountId);
    const [after] = await tx.update(deals).set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.contactId !== undefined ? { contactId: input.contactId } : {}),
      ...(input.value ? { valueMinor: input.value.amountMinor, currency: input.value.currency } : {}),
      ...(input.probability !== undefined ? { probability: input.probability } : {}),
      ...(input.expectedCloseOn !== undefined ? { expectedCloseOn: input.expectedCloseOn } : {}),
      ...(input.products !== undefined ? { products: input.products } : {}),
      ...(input.nextStep !== undefined ? { nextStep: input.nextStep } : {}),
      ...(input.nextStepDueOn !== undefined ? { nextStepDueOn: input.nextStepDueOn } : {}),
      ...(input.competitorId !== undefined ? { competitorId: input.competitorId } : {}),
      updatedAt: new Date(),
    }).where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, dealId))).returning();
    if (!after) throw notFound('Deal');
    await recordAudit(tx, actor, { action: 'deal.updated', entityType: 'deal', entityId: dealId, before, after });
    return after;
  });
  return presentOneDeal(db, actor.workspaceId, row);
}

async function closeVisit(tx: Queryable, workspaceId: string, dealId: string, at: Date) {
  await tx.update(dealStageHistory).set({ leftAt: at })
    .where(and(eq(dealStageHistory.workspaceId, workspaceId), eq(dealStageHistory.dealId, dealId), isNull(dealStageHistory.leftAt)));
}

/** Drag and drop on the board: the deal enters another stage of its pipeline; the stage history records how long it stayed. */
export async function moveDeal(db: Db, actor: Actor, dealId: string, stageId: string) {
  const row = await db.transaction(async (tx) => {
    const before = await findDealRow(tx, actor, dealId, { lock: true });
    const target = await stageRow(tx, actor.workspaceId, stageId, 'body.stageId');
    if (target.pipelineId !== before.pipelineId) throw invalid('body.stageId', 'other_pipeline', 'The stage belongs to another pipeline');
    if (before.status === 'lost') throw conflict('deal_lost', 'This deal was lost; reopen it before moving it', 'body.stageId');
    if (target.id === before.stageId) return before;
    const now = new Date();
    const status = statusAfterMove(before.status === 'won' ? 'won' : 'open', { outcome: target.outcome === 'won' ? 'won' : 'open' });
    // Post-contract stages keep a won deal won: moving back to an open stage reopens it.
    await closeVisit(tx, actor.workspaceId, dealId, now);
    await tx.insert(dealStageHistory).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), dealId, stageId: target.id, enteredAt: now, actorId: actor.userId });
    const [after] = await tx.update(deals).set({
      stageId: target.id, stageEnteredAt: now, probability: target.probability, status,
      closedAt: status === 'won' ? (before.closedAt ?? now) : null, updatedAt: now,
    }).where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, dealId))).returning();
    if (!after) throw notFound('Deal');
    if (status === 'won' && before.status !== 'won') await convertReferrals(tx, actor, before.accountId, dealId);
    await recordAudit(tx, actor, { action: 'deal.moved', entityType: 'deal', entityId: dealId, before: { stageId: before.stageId, status: before.status }, after: { stageId: target.id, status } });
    await onAccountTimeline(tx, actor, before.accountId, {
      kind: status === 'won' && before.status !== 'won' ? 'deal_won' : 'deal_stage_changed', summary: `${before.title}: ${target.name}`, sourceId: dealId,
      data: { dealId, fromStageId: before.stageId, toStageId: target.id },
    });
    return after;
  });
  return presentOneDeal(db, actor.workspaceId, row);
}

/** Won or lost, with the reason and, when lost, the competitor who took it. */
export async function closeDeal(db: Db, actor: Actor, dealId: string, input: { outcome: 'won' | 'lost'; reason?: string | undefined; lostToCompetitorId?: string | null | undefined }) {
  if (input.outcome === 'lost' && !input.reason) throw invalid('body.reason', 'required', 'Say why the deal was lost');
  const row = await db.transaction(async (tx) => {
    const before = await findDealRow(tx, actor, dealId, { lock: true });
    if (before.status !== 'open') throw conflict('deal_closed', `This deal is already ${before.status}`);
    if (input.lostToCompetitorId) await checkRefs(tx, actor, { competitorId: input.lostToCompetitorId }, before.accountId).catch(() => { throw invalid('body.lostToCompetitorId', 'unknown_competitor', 'No such competitor'); });
    const now = new Date();
    let stageId = before.stageId;
    if (input.outcome === 'won') {
      // Winning moves the card to the first won stage (post-contract support).
      const stages = await listStages(tx, actor.workspaceId, before.pipelineId);
      const won = stages.find((s) => s.outcome === 'won');
      if (won) {
        stageId = won.id;
        await closeVisit(tx, actor.workspaceId, dealId, now);
        await tx.insert(dealStageHistory).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), dealId, stageId, enteredAt: now, actorId: actor.userId });
      }
    }
    const [after] = await tx.update(deals).set({
      status: input.outcome, closedAt: now, stageId, stageEnteredAt: stageId === before.stageId ? before.stageEnteredAt : now,
      probability: input.outcome === 'won' ? 100 : 0, lostReason: input.outcome === 'lost' ? input.reason ?? null : null,
      lostToCompetitorId: input.outcome === 'lost' ? input.lostToCompetitorId ?? null : null, updatedAt: now,
    }).where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, dealId))).returning();
    if (!after) throw notFound('Deal');
    if (input.outcome === 'won') await convertReferrals(tx, actor, before.accountId, dealId);
    await recordAudit(tx, actor, { action: `deal.${input.outcome}`, entityType: 'deal', entityId: dealId, before, after });
    await onAccountTimeline(tx, actor, before.accountId, {
      kind: input.outcome === 'won' ? 'deal_won' : 'deal_lost', summary: before.title, body: input.reason ?? null, sourceId: dealId,
      data: { dealId, valueMinor: before.valueMinor, currency: before.currency, lostToCompetitorId: input.lostToCompetitorId ?? null },
    });
    return after;
  });
  return presentOneDeal(db, actor.workspaceId, row);
}

type DealCursor = [string, string];
const isDealCursor = (v: unknown): v is DealCursor => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

/** The table view: newest stage change first, keyset-paged. */
export async function listDeals(db: Queryable, actor: Actor, query: { pipelineId?: string | undefined; accountId?: string | undefined; status?: string | undefined; stageId?: string | undefined; ownerId?: string | undefined; cursor?: string | undefined; limit: number }) {
  const after = decodeCursor(query.cursor, isDealCursor);
  const rows = await db.select().from(deals).where(and(
    eq(deals.workspaceId, actor.workspaceId),
    query.pipelineId ? eq(deals.pipelineId, query.pipelineId) : undefined,
    query.accountId ? eq(deals.accountId, query.accountId) : undefined,
    query.status ? eq(deals.status, query.status) : undefined,
    query.stageId ? eq(deals.stageId, query.stageId) : undefined,
    query.ownerId ? eq(deals.ownerId, query.ownerId) : undefined,
    after ? or(lt(deals.stageEnteredAt, new Date(after[0])), and(eq(deals.stageEnteredAt, new Date(after[0])), lt(deals.id, after[1]))) : undefined,
    visibleAccount(actor, deals.accountId),
  )).orderBy(desc(deals.stageEnteredAt), desc(deals.id)).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: await presentDeals(db, actor.workspaceId, items),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.stageEnteredAt.toISOString(), last.id]) : null,
  };
}

/** A timestamp as the contract writes it (Date#toISOString), formatted by PostgreSQL. */
const isoSql = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The kanban as the finished JSON body, built by one statement: the pipeline
 * and its stages, per stage its count and value by currency over all its
 * deals, and its newest cards (open deals, and won deals still in
 * post-contract stages). The board is the most requested page of a sales
 * team, so PostgreSQL writes the JSON (in the contract's `Board` shape, which
 * the tests check) and Node passes the text on instead of parsing and
 * re-serialising 200 cards. Totals come from the trigger-kept
 * account_deal_stage_totals; each stage's cards are a backward index range.
 * A manager reads their own deals by the owner index plus the few accounts
 * shared with them; accounts:manage reads the whole pipeline.
 */
export async function dealBoard(database: Database, actor: Actor, pipelineId: string | undefined, perStage = 20): Promise<string> {
  const ws = actor.workspaceId;
  const all = seesAll(actor);
  const me = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  const chosen = pipelineId ? sql`p.id = ${pipelineId}` : sql`p.is_default`;
  const shared = sql`(select s.account_id from key_account_shares s join key_accounts ka on ka.workspace_id = s.workspace_id and ka.customer_id = s.account_id
    where s.workspace_id = ${ws} and s.user_id = ${me} and ka.owner_id <> ${me})`;
  const columns = sql`d.id, d.title, d.account_id, d.stage_id, d.status, d.value_minor, d.currency, d.probability, d.expected_close_on, d.owner_id,
    d.next_step, d.next_step_due_on, d.stage_entered_at`;
  const newest = (who: SQL) => sql`select ${columns} from account_deals d
    where d.workspace_id = ${ws} and d.pipeline_id = s.pipeline_id and d.stage_id = s.id
      and d.status = (case when s.outcome = 'won' then 'won' else 'open' end) and ${who}
    order by d.stage_entered_at desc limit ${perStage}`;
  // A manager's column: their newest and the newest of accounts shared with them, each by its own index, merged.
  const stageCards = all ? newest(sql`true`)
    : sql`select * from ((${newest(sql`d.owner_id = ${me}`)}) union (${newest(sql`d.account_id in ${shared}`)})) m order by m.stage_entered_at desc limit ${perStage}`;
  const query = () => preparedRows<{ body: string }>(database, 'account_board', sql`
    with pipe as (select p.id, p.name, p.is_default from account_pipelines p where p.workspace_id = ${ws} and ${chosen}),
    stages as (select s.* from account_pipeline_stages s join pipe on s.workspace_id = ${ws} and s.pipeline_id = pipe.id),
    totals as (
      select t.stage_id, t.currency, sum(t.deals)::int as n, sum(t.value_minor)::bigint as total from account_deal_stage_totals t join pipe on t.pipeline_id = pipe.id
      where t.workspace_id = ${ws} and t.status in ('open', 'won') and ${all ? sql`true` : sql`t.owner_id = ${me}`}
      group by t.stage_id, t.currency
      ${all ? sql`` : sql`union all
      select d.stage_id, d.currency, count(*)::int, sum(d.value_minor)::bigint from account_deals d join pipe on d.pipeline_id = pipe.id
      where d.workspace_id = ${ws} and d.account_id in ${shared} and d.status in ('open', 'won')
      group by d.stage_id, d.currency`}),
    cards as (
      select s.id as stage_id, x.stage_entered_at, json_build_object('id', x.id, 'title', x.title, 'accountId', x.account_id,
        'accountName', coalesce((select c.display_name from customers c where c.workspace_id = ${ws} and c.id = x.account_id), ''),
        'stageId', x.stage_id, 'status', x.status, 'value', json_build_object('amountMinor', x.value_minor, 'currency', x.currency),
        'probability', x.probability, 'expectedCloseOn', to_char(x.expected_close_on, 'YYYY-MM-DD'), 'ownerId', x.owner_id,
        'nextStep', x.next_step, 'nextStepDueOn', to_char(x.next_step_due_on, 'YYYY-MM-DD'), 'stageEnteredAt', ${isoSql(sql`x.stage_entered_at`)}) as card
      from stages s cross join lateral (${stageCards}) x)
    select json_build_object(
      'pipeline', json_build_object('id', pipe.id, 'name', pipe.name, 'isDefault', pipe.is_default,
        'stages', coalesce((select json_agg(json_build_object('id', s.id, 'key', s.key, 'name', s.name, 'position', s.position, 'probability', s.probability,
          'outcome', case when s.outcome = 'won' then 'won' else 'open' end) order by s.position) from stages s), '[]'::json)),
      'columns', coalesce((select json_agg(json_build_object('stageId', s.id,
          'count', coalesce((select sum(t.n) from totals t where t.stage_id = s.id), 0),
          'totals', coalesce((select json_object_agg(v.currency, v.total) from (select t.currency, sum(t.total) as total from totals t where t.stage_id = s.id group by t.currency) v), '{}'::json),
          'deals', coalesce((select json_agg(c.card order by c.stage_entered_at desc) from cards c where c.stage_id = s.id), '[]'::json)) order by s.position)
        from stages s), '[]'::json))::text as body
    from pipe`);
  let [row] = await query();
  if (!row && !pipelineId) {
    await ensureDefaultPipeline(database.db, ws);
    [row] = await query();
  }
  if (!row) throw notFound('Pipeline');
  return row.body;
}

export async function dealView(db: Queryable, actor: Actor, dealId: string) {
  const row = await findDealRow(db, actor, dealId);
  const [deal] = await presentDeals(db, actor.workspaceId, [row]);
  if (!deal) throw notFound('Deal');
  const history = await sqlRows<{ stage_id: string; stage_name: string; entered_at: string | Date; left_at: string | Date | null }>(db, sql`
    select h.stage_id, s.name as stage_name, h.entered_at, h.left_at from account_deal_stage_history h
    join account_pipeline_stages s on s.workspace_id = h.workspace_id and s.id = h.stage_id
    where h.workspace_id = ${actor.workspaceId} and h.deal_id = ${dealId} order by h.entered_at, h.id`);
  const now = Date.now();
  const visits = history.map((h) => ({ stageId: h.stage_id, stageName: h.stage_name, enteredAt: new Date(h.entered_at).getTime(), leftAt: h.left_at ? new Date(h.left_at).getTime() : null }));
  const spent = timeInStages(visits, now);
  return {
    deal,
    history: visits.map((v) => ({ stageId: v.stageId, stageName: v.stageName, enteredAt: new Date(v.enteredAt).toISOString(), leftAt: v.leftAt ? new Date(v.leftAt).toISOString() : null, durationMs: Math.max(0, (v.leftAt ?? now) - v.enteredAt) })),
    timeInStageMs: Object.fromEntries(spent),
  };
}
