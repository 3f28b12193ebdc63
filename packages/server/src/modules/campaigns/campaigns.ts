import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CampaignCreate, CampaignListQuery, CampaignUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { loadProgramme } from '../loyalty/programmes.ts';
import { campaigns, campaignSegments } from './schema.ts';
import { NO_COUNTS, presentCampaign, type RecipientCounts } from './presenter.ts';
import { loadSegment } from './segments.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export const ISSUE_JOB = 'campaigns.issue';

export async function loadCampaign(db: Queryable, ws: string, id: string, options: { lock?: boolean } = {}): Promise<CampaignRow> {
  const query = db.select().from(campaigns).where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Campaign');
  return row;
}

export async function recipientCounts(db: Queryable, ws: string, campaignIds: readonly string[]): Promise<Map<string, RecipientCounts>> {
  const out = new Map<string, RecipientCounts>();
  if (campaignIds.length === 0) return out;
  const rows = await sqlRows<{ campaign_id: string; group_name: string; status: string; email_status: string; n: number }>(db, sql`
    select campaign_id, group_name, status, email_status, count(*)::int as n from campaign_recipients
    where workspace_id = ${ws} and campaign_id in ${campaignIds} group by 1, 2, 3, 4`);
  for (const r of rows) {
    const c = out.get(r.campaign_id) ?? { ...NO_COUNTS };
    const n = Number(r.n);
    c.audience += n;
    if (r.group_name === 'control') c.control += n;
    else c.treated += n;
    if (r.status === 'issued') c.issued += n;
    if (r.status === 'pending') c.pending += n;
    if (r.status === 'skipped_budget') c.skippedBudget += n;
    if (r.status === 'skipped_frequency') c.skippedFrequency += n;
    if (r.email_status === 'sent') c.emailsSent += n;
    if (r.email_status === 'queued') c.emailsQueued += n;
    if (r.email_status === 'failed') c.emailsFailed += n;
    if (r.email_status === 'no_consent' || r.email_status === 'unsubscribed') c.emailsSkipped += n;
    out.set(r.campaign_id, c);
  }
  return out;
}

async function present(db: Queryable, ws: string, row: CampaignRow) {
  const segment = await loadSegment(db, ws, row.segmentId);
  const counts = (await recipientCounts(db, ws, [row.id])).get(row.id) ?? { ...NO_COUNTS };
  return presentCampaign(row, segment.name, counts);
}

export async function getCampaign(db: Queryable, ws: string, id: string) {
  return present(db, ws, await loadCampaign(db, ws, id));
}

/** What one treated customer costs at most: the offer at its value plus the message. */
async function costPerRecipient(db: Queryable, ws: string, input: z.infer<typeof CampaignCreate>): Promise<number> {
  const message = input.channel === 'email' ? input.messageCostMinor : 0;
  switch (input.offer.kind) {
    case 'points': {
      const { programme } = await loadProgramme(db, ws, input.offer.programmeId).catch(() => { throw invalid('body.offer.programmeId', 'not_found', 'No such loyalty programme'); });
      if (programme.currency !== input.currency) throw invalid('body.currency', 'currency_mismatch', `the programme counts in ${programme.currency}`);
      return input.offer.points * programme.pointValueMinor + message;
    }
    case 'coupon':
      await loadProgramme(db, ws, input.offer.programmeId).catch(() => { throw invalid('body.offer.programmeId', 'not_found', 'No such loyalty programme'); });
      return input.offer.costPerCouponMinor + message;
    case 'message':
      return message;
  }
}

export async function createCampaign(db: Db, actor: Actor, input: z.infer<typeof CampaignCreate>) {
  const ws = actor.workspaceId;
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw invalid('body.endsAt', 'range', 'must be after startsAt');
  if (input.channel === 'email' && !input.templates.az && !input.templates.tr && !input.templates.en) {
    throw invalid('body.templates', 'required', 'an e-mail campaign needs a message in at least one language');
  }
  await loadSegment(db, ws, input.segmentId).catch(() => { throw invalid('body.segmentId', 'not_found', 'No such segment'); });
  const cost = await costPerRecipient(db, ws, input);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(campaigns).values({
      workspaceId: ws, id: crypto.randomUUID(), name: input.name, segmentId: input.segmentId, offer: input.offer, channel: input.channel,
      templates: input.templates, controlShare: input.controlShare, stratifyBy: input.stratifyBy, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt),
      postWindowDays: input.postWindowDays, currency: input.currency, budgetMinor: input.budgetMinor, costPerRecipientMinor: cost,
      messageCostMinor: input.channel === 'email' ? input.messageCostMinor : 0, grossMarginPercent: input.grossMarginPercent, frequencyCap: input.frequencyCap,
      plannedCustomers: input.plannedCustomers, createdBy: actor.name,
    }).returning();
    if (!row) throw new Error('campaign insert returned nothing');
    await recordAudit(tx, actor, { action: 'campaigns.created', entityType: 'campaign', entityId: row.id, after: input });
    return present(tx, ws, row);
  });
}

export async function updateCampaign(db: Db, actor: Actor, id: string, input: z.infer<typeof CampaignUpdate>) {
  return db.transaction(async (tx) => {
    const before = await loadCampaign(tx, actor.workspaceId, id, { lock: true });
    if (before.status === 'cancelled') throw new ProblemError(409, 'campaign_cancelled', 'A cancelled campaign cannot change');
    if (input.endsAt !== undefined && Date.parse(input.endsAt) <= before.startsAt.getTime()) throw invalid('body.endsAt', 'range', 'must be after startsAt');
    if (input.budgetMinor !== undefined && input.budgetMinor !== null && input.budgetMinor < before.spentMinor) {
      throw invalid('body.budgetMinor', 'below_spent', `already ${before.spentMinor} spent`);
    }
    const [row] = await tx.update(campaigns).set({
      ...(input.name !== undefined ? { name: input.name } : {}), ...(input.templates !== undefined ? { templates: input.templates } : {}),
      ...(input.endsAt !== undefined ? { endsAt: new Date(input.endsAt) } : {}), ...(input.budgetMinor !== undefined ? { budgetMinor: input.budgetMinor } : {}),
    }).where(and(eq(campaigns.workspaceId, actor.workspaceId), eq(campaigns.id, id))).returning();
    if (!row) throw notFound('Campaign');
    await recordAudit(tx, actor, { action: 'campaigns.updated', entityType: 'campaign', entityId: id, before: { name: before.name, endsAt: before.endsAt, budgetMinor: before.budgetMinor }, after: input });
    return present(tx, actor.workspaceId, row);
  });
}

/** Launch: the campaign is scheduled and its issue job queued for its start; the job draws the audience and issues in batches. */
export async function launchCampaign(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const row = await loadCampaign(tx, actor.workspaceId, id, { lock: true });
    if (row.status !== 'draft') throw new ProblemError(409, 'already_launched', `The campaign is ${row.status}`);
    if (row.endsAt.getTime() <= Date.now()) throw invalid('endsAt', 'ended', 'the campaign window has passed; move endsAt first');
    const now = new Date();
    const status = row.startsAt.getTime() > now.getTime() ? 'scheduled' : 'running';
    const [updated] = await tx.update(campaigns).set({ status, launchedAt: now }).where(and(eq(campaigns.workspaceId, actor.workspaceId), eq(campaigns.id, id))).returning();
    await enqueueJob(tx, actor.workspaceId, ISSUE_JOB, { campaignId: id }, { runAt: row.startsAt.getTime() > now.getTime() ? row.startsAt : now, dedupeKey: `issue:${id}` });
    await recordAudit(tx, actor, { action: 'campaigns.launched', entityType: 'campaign', entityId: id, after: { status } });
    return present(tx, actor.workspaceId, updated ?? row);
  });
}

/** Stops further issuing; what was issued stays (points are in the ledger) and is still measured. */
export async function cancelCampaign(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const row = await loadCampaign(tx, actor.workspaceId, id, { lock: true });
    if (row.status === 'cancelled') return present(tx, actor.workspaceId, row);
    const [updated] = await tx.update(campaigns).set({ status: 'cancelled' }).where(and(eq(campaigns.workspaceId, actor.workspaceId), eq(campaigns.id, id))).returning();
    await tx.execute(sql`update campaign_recipients set status = 'cancelled', email_status = case when email_status = 'queued' then 'none' else email_status end
      where workspace_id = ${actor.workspaceId} and campaign_id = ${id} and status = 'pending'`);
    await recordAudit(tx, actor, { action: 'campaigns.cancelled', entityType: 'campaign', entityId: id, before: { status: row.status } });
    return present(tx, actor.workspaceId, updated ?? row);
  });
}

const isCursor = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

export async function listCampaigns(db: Queryable, ws: string, q: z.infer<typeof CampaignListQuery>) {
  const after = decodeCursor(q.cursor, isCursor);
  const rows = await db.select({ c: campaigns, segmentName: campaignSegments.name }).from(campaigns)
    .innerJoin(campaignSegments, and(eq(campaignSegments.workspaceId, campaigns.workspaceId), eq(campaignSegments.id, campaigns.segmentId)))
    .where(and(eq(campaigns.workspaceId, ws), q.status ? eq(campaigns.status, q.status) : undefined,
      after ? or(lt(campaigns.createdAt, new Date(after[0])), and(eq(campaigns.createdAt, new Date(after[0])), lt(campaigns.id, after[1]))) : undefined))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id)).limit(q.limit + 1);
  const pageRows = rows.slice(0, q.limit);
  const counts = await recipientCounts(db, ws, pageRows.map((r) => r.c.id));
  const last = pageRows.at(-1);
  return {
    items: pageRows.map((r) => presentCampaign(r.c, r.segmentName, counts.get(r.c.id) ?? { ...NO_COUNTS })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.c.createdAt.toISOString(), last.c.id]) : null,
  };
}
