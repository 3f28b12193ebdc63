import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { generateCodes, postAdjustment } from '@vefa/domain';
import { systemActor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { ledgerSettings, loadProgramme, localDateOf } from '../loyalty/programmes.ts';
import { loadLedgerStates, PostingWriter } from '../loyalty/ledgerStore.ts';
import { loyaltyCoupons } from '../loyalty/schema.ts';
import { appendTimelineEntries } from '../loyalty/timelineBulk.ts';
import type { TimelineAppend } from '../customers/timeline.ts';
import { loadCampaign, type CampaignRow } from './campaigns.ts';

export interface BatchOutcome { claimed: number; issued: number; skippedBudget: number; skippedFrequency: number }

/**
 * Issues the offer to the next batch of pending treated customers, in one
 * transaction: frequency cap, budget reservation, ledger postings or coupons,
 * the e-mail queued, the timeline. Batches of several workers take turns on
 * the campaign row's lock, under which the budget is read and taken, so
 * together they can never spend past the cap.
 */
export async function issueBatch(db: Db, ws: string, campaignId: string, size = 1000): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    // The campaign row is the budget lock, taken first: a batch never holds recipients while it waits
    // for the budget, so concurrent batches queue here instead of deadlocking on each other's rows.
    const campaign = await loadCampaign(tx, ws, campaignId, { lock: true });
    const claimed = campaign.status === 'cancelled' ? [] : await sqlRows<{ customer_id: string }>(tx, sql`
      select customer_id from campaign_recipients where workspace_id = ${ws} and campaign_id = ${campaignId} and status = 'pending'
      order by customer_id limit ${size} for update skip locked`);
    const out: BatchOutcome = { claimed: claimed.length, issued: 0, skippedBudget: 0, skippedFrequency: 0 };
    if (claimed.length === 0) return out;
    const ids = claimed.map((r) => r.customer_id);

    const capped = campaign.frequencyCap ? await overFrequencyCap(tx, ws, campaign, ids) : new Set<string>();
    if (capped.size > 0) await setStatus(tx, ws, campaignId, [...capped], 'skipped_frequency');
    out.skippedFrequency = capped.size;
    const eligible = ids.filter((id) => !capped.has(id));

    const cost = campaign.costPerRecipientMinor;
    let granted = eligible.length;
    if (campaign.budgetMinor !== null && cost > 0) granted = Math.max(0, Math.min(eligible.length, Math.floor((campaign.budgetMinor - campaign.spentMinor) / cost)));
    const issued = eligible.slice(0, granted);
    const refused = eligible.slice(granted);
    if (refused.length > 0) {
      // The cap is reached: nobody still waiting will get the offer.
      await setStatus(tx, ws, campaignId, refused, 'skipped_budget');
      await tx.execute(sql`update campaign_recipients set status = 'skipped_budget' where workspace_id = ${ws} and campaign_id = ${campaignId} and status = 'pending'`);
    }
    out.skippedBudget = refused.length;
    if (issued.length === 0) return out;
    await tx.execute(sql`update campaigns set spent_minor = spent_minor + ${issued.length * cost} where workspace_id = ${ws} and id = ${campaignId}`);

    const actor = systemActor(ws);
    const now = Date.now();
    const perCustomer = new Map<string, { points: number; code: string | null }>();
    const timeline: TimelineAppend[] = [];
    if (campaign.offer.kind === 'points' || campaign.offer.kind === 'coupon') {
      const offer = campaign.offer;
      const { programme, timeZone } = await loadProgramme(tx, ws, offer.programmeId);
      // Points move balances: the members are locked in id order (as lockMembers does, so no deadlock
      // with tills or other batches) by the same statement that finds them.
      const members = await sqlRows<{ id: string; customer_id: string }>(tx, sql`select id, customer_id from loyalty_members
        where workspace_id = ${ws} and programme_id = ${programme.id} and customer_id = ${anyUuid(issued)}
        ${offer.kind === 'points' ? sql`order by id for update` : sql``}`);
      const memberOf = new Map(members.map((m) => [m.customer_id, m.id]));
      if (offer.kind === 'points') {
        const locked = new Set(members.map((m) => m.id));
        const states = await loadLedgerStates(tx, ws, [...locked]);
        const localDate = localDateOf(now, timeZone);
        const writer = new PostingWriter(ws, programme.id);
        for (const customerId of issued) {
          const memberId = memberOf.get(customerId);
          if (!memberId || !locked.has(memberId)) continue;
          const result = postAdjustment({
            postingId: `cmp:${campaignId}:${memberId}`, adjustmentId: campaignId, reason: `campaign: ${campaign.name}`, points: offer.points,
            occurredAt: now, localDate, state: states.get(memberId) ?? { memberId, lots: [], debt: 0 }, settings: ledgerSettings(programme, localDate),
          });
          if (!result.ok) throw new Error(`campaign points for ${memberId}: ${result.message}`);
          writer.add(result.posting, result.newLots);
          perCustomer.set(customerId, { points: offer.points, code: null });
          timeline.push({ customerId, kind: 'campaign_offer', sourceModule: 'campaigns', sourceId: campaignId, summary: `${campaign.name}: +${offer.points} points`, data: { campaignId, memberId, points: offer.points } });
        }
        await writer.flush(tx);
      } else {
        const withMember = issued.filter((id) => memberOf.has(id));
        const codes = generateCodes(withMember.length, { randomBytes: (n) => randomBytes(n) });
        const validUntil = new Date(now + offer.validDays * 86_400_000);
        const rows = withMember.map((customerId, i) => ({
          workspaceId: ws, id: crypto.randomUUID(), programmeId: programme.id, code: codes[i] ?? '', batchId: campaignId, name: campaign.name,
          validFrom: new Date(now), validUntil, maxUses: 1, maxUsesPerMember: 1,
          conditions: { memberIds: [memberOf.get(customerId) ?? ''] }, benefit: offer.benefit,
        }));
        for (let i = 0; i < rows.length; i += 2000) await tx.insert(loyaltyCoupons).values(rows.slice(i, i + 2000));
        withMember.forEach((customerId, i) => {
          perCustomer.set(customerId, { points: 0, code: codes[i] ?? null });
          timeline.push({ customerId, kind: 'campaign_offer', sourceModule: 'campaigns', sourceId: campaignId, summary: `${campaign.name}: coupon`, data: { campaignId } });
        });
      }
    } else {
      for (const customerId of issued) timeline.push({ customerId, kind: 'campaign_offer', sourceModule: 'campaigns', sourceId: campaignId, summary: `${campaign.name}: message`, data: { campaignId } });
    }
    const values = issued.map((customerId) => ({ customer_id: customerId, points: perCustomer.get(customerId)?.points ?? 0, code: perCustomer.get(customerId)?.code ?? null }));
    await tx.execute(sql`update campaign_recipients r set status = 'issued', issued_at = now(), cost_minor = ${cost}, points = x.points, coupon_code = x.code,
        email_status = ${campaign.channel === 'email' ? 'queued' : 'none'}
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(customer_id uuid, points int, code text)
      where r.workspace_id = ${ws} and r.campaign_id = ${campaignId} and r.customer_id = x.customer_id`);
    await appendTimelineEntries(tx, actor, timeline);
    out.issued = issued.length;
    return out;
  });
}

async function setStatus(tx: Queryable, ws: string, campaignId: string, customerIds: string[], status: string) {
  await tx.execute(sql`update campaign_recipients set status = ${status} where workspace_id = ${ws} and campaign_id = ${campaignId} and customer_id = ${anyUuid(customerIds)}`);
}

/** `any('{…}'::uuid[])`: one array parameter instead of a bound parameter per id (batches hold thousands). */
function anyUuid(ids: readonly string[]): SQL {
  return sql`any(${`{${ids.join(',')}}`}::uuid[])`;
}

/** Customers already treated by maxCampaigns other campaigns within the cap's days. */
async function overFrequencyCap(tx: Queryable, ws: string, campaign: CampaignRow, ids: string[]): Promise<Set<string>> {
  const cap = campaign.frequencyCap;
  if (!cap) return new Set();
  const rows = await sqlRows<{ customer_id: string }>(tx, sql`
    select customer_id from campaign_recipients
    where workspace_id = ${ws} and customer_id = ${anyUuid(ids)} and campaign_id <> ${campaign.id} and status = 'issued'
      and issued_at >= now() - make_interval(days => ${cap.days})
    group by customer_id having count(*) >= ${cap.maxCampaigns}`);
  return new Set(rows.map((r) => r.customer_id));
}
