import { and, eq, sql } from 'drizzle-orm';
import { assignGroup, assignStratified, type Group } from '@vefa/domain/campaigns/index';
import { sqlRows, type Db } from '../../platform/db/database.ts';
import { campaigns } from './schema.ts';
import { loadCampaign, type CampaignRow } from './campaigns.ts';
import { loadSegment, segmentMembership } from './segments.ts';
import { withSetPlan } from './segmentSql.ts';

/**
 * Who the campaign is about, fixed once: the segment's customers who can be
 * reached by its offer and channel (members of the programme for points and
 * coupons; an e-mail address and e-mail consent for e-mail), drawn BEFORE the
 * split so treated and control are alike. Each is randomised to treated or
 * control (deterministic hash, optionally stratified) and stored as a
 * recipient row: pending for treated, held_out for control.
 */
export async function drawAudience(db: Db, ws: string, campaignId: string): Promise<CampaignRow> {
  return db.transaction(async (tx) => {
    const campaign = await loadCampaign(tx, ws, campaignId, { lock: true });
    if (campaign.audienceDrawnAt || campaign.status === 'cancelled') return campaign;
    const segment = await loadSegment(tx, ws, campaign.segmentId);
    const membership = segmentMembership(ws, segment);
    const reach = [membership.where];
    if (campaign.offer.kind !== 'message') {
      reach.push(sql`c.id in (select m.customer_id from loyalty_members m where m.workspace_id = ${ws} and m.programme_id = ${campaign.offer.programmeId} and m.status = 'active')`);
    }
    if (campaign.channel === 'email') {
      reach.push(sql`coalesce(c.email, '') <> '' and c.id in (select k.customer_id from consents k where k.workspace_id = ${ws} and k.channel = 'email' and k.granted)`);
    }
    const stratum = campaign.stratifyBy === 'rfmSegment'
      ? sql`(select s.rfm_segment from customer_scores s where s.workspace_id = ${ws} and s.customer_id = c.id and s.run_id =
          (select r.id from analytics_runs r where r.workspace_id = ${ws} and r.status = 'done' order by r.finished_at desc nulls last limit 1))`
      : campaign.stratifyBy === 'tier'
        ? sql`(select t.name from loyalty_members m join loyalty_tiers t on t.workspace_id = m.workspace_id and t.id = m.tier_id where m.workspace_id = ${ws} and m.customer_id = c.id limit 1)`
        : sql`null::text`;
    const people = await withSetPlan(tx, membership, (q) => sqlRows<{ id: string; language: string | null; stratum: string | null }>(q,
      sql`select c.id, c.language, ${stratum} as stratum from ${membership.from} where ${sql.join(reach, sql` and `)}`));
    const stratified = campaign.stratifyBy !== 'none'
      ? assignStratified(campaign.id, people.map((p) => ({ customerId: p.id, stratum: p.stratum ?? '' })), campaign.controlShare) : null;
    const groupOf = (id: string): Group => stratified?.get(id) ?? assignGroup(campaign.id, id, campaign.controlShare);
    for (let i = 0; i < people.length; i += 5000) {
      const rows = people.slice(i, i + 5000).map((p) => {
        const group = groupOf(p.id);
        return { customer_id: p.id, group_name: group, stratum: p.stratum, status: group === 'control' ? 'held_out' : 'pending', language: p.language };
      });
      await tx.execute(sql`insert into campaign_recipients (workspace_id, campaign_id, customer_id, group_name, stratum, status, language)
        select ${ws}::uuid, ${campaign.id}::uuid, customer_id, group_name, stratum, status, language
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(customer_id uuid, group_name text, stratum text, status text, language text)
        on conflict do nothing`);
    }
    // Fresh statistics for the planner: the measurement joins this table against the purchase log,
    // and PGlite has no autovacuum to notice 200,000 new rows.
    await tx.execute(sql`analyze campaign_recipients`);
    const [row] = await tx.update(campaigns).set({ audienceDrawnAt: new Date(), status: campaign.status === 'draft' ? 'draft' : 'running' })
      .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, campaign.id))).returning();
    return row ?? campaign;
  });
}
