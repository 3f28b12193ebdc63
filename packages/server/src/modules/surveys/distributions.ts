import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DistributionCreate } from '@vefa/contract';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorId } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid } from '../../platform/http/problem.ts';
import { surveyDistributions, surveys, type StoredAudience } from './schema.ts';
import { findSurveyRow } from './surveyCommands.ts';
import { presentDistribution, type InvitationCountsRow } from './presenter.ts';
import { scheduleSend } from './jobs.ts';

const LANGUAGE = sql`case when c.language in ('az', 'tr', 'en') then c.language else 'az' end`;

function audienceFilter(workspaceId: string, audience: StoredAudience): { join: SQL; where: SQL } {
  if (audience.kind === 'customers') return { join: sql``, where: sql`c.id = any(${`{${audience.customerIds.join(',')}}`}::uuid[])` };
  if (audience.kind === 'tag') return { join: sql``, where: sql`${audience.tag} = any(c.tags)` };
  return {
    join: sql`join campaign_segment_members m on m.workspace_id = c.workspace_id and m.customer_id = c.id and m.segment_id = ${audience.segmentId}`,
    where: sql`c.workspace_id = ${workspaceId}`,
  };
}

/**
 * Queues a survey to an audience: one invitation per customer, made by one
 * INSERT … SELECT so 100,000 recipients queue in seconds. Consent, fatigue and
 * the e-mail address are checked when each is sent, not here: they may change
 * while a throttled send is under way.
 */
export async function createDistribution(db: Db, actor: Actor, surveyId: string, input: z.infer<typeof DistributionCreate>) {
  return db.transaction(async (tx) => {
    const survey = await findSurveyRow(tx, actor.workspaceId, surveyId);
    if (survey.status === 'closed') throw conflict('survey_closed', 'This survey is closed; reopen it to send it again');
    if (survey.status === 'draft') await tx.update(surveys).set({ status: 'active', updatedAt: new Date() }).where(and(eq(surveys.workspaceId, actor.workspaceId), eq(surveys.id, surveyId)));
    if (input.audience.kind === 'segment') {
      const found = await sqlRows<{ id: string }>(tx, sql`select id from campaign_segments where workspace_id = ${actor.workspaceId} and id = ${input.audience.segmentId}`);
      if (found.length === 0) throw invalid('body.audience.segmentId', 'not_found', 'No such segment in this workspace');
    }
    const id = crypto.randomUUID();
    const [row] = await tx.insert(surveyDistributions).values({
      workspaceId: actor.workspaceId, id, surveyId, audience: input.audience, channel: input.channel,
      reminderAfterDays: input.reminderAfterDays, perMinute: input.perMinute, createdBy: actorId(actor),
    }).returning();
    if (!row) throw new Error('distribution insert returned nothing');
    const { join, where } = audienceFilter(actor.workspaceId, input.audience);
    const expires = new Date(Date.now() + survey.validDays * 86_400_000).toISOString();
    await tx.execute(sql`
      insert into survey_invitations (workspace_id, id, survey_id, distribution_id, customer_id, language, channel, status, expires_at)
      select c.workspace_id, gen_random_uuid(), ${surveyId}, ${id}, c.id, ${LANGUAGE}, ${input.channel},
             ${input.channel === 'email' ? 'queued' : 'link'}, ${expires}::timestamptz
      from customers c ${join}
      where c.workspace_id = ${actor.workspaceId} and c.merged_into_id is null and ${where}
      on conflict do nothing`);
    const counts = await distributionCounts(tx, actor.workspaceId, id);
    if (counts.total === 0) throw invalid('body.audience', 'empty', 'Nobody in this workspace matches the audience');
    if (input.channel === 'email') await scheduleSend(tx, actor.workspaceId, new Date());
    const view = presentDistribution(row, counts);
    await recordAudit(tx, actor, { action: 'surveys.distributed', entityType: 'survey', entityId: surveyId, after: { distributionId: id, audience: input.audience, channel: input.channel, invited: counts.total } });
    return view;
  });
}

export async function distributionCounts(db: Queryable, workspaceId: string, distributionId: string): Promise<InvitationCountsRow> {
  const rows = await sqlRows<{ status: string; n: number; reminded: number }>(db, sql`
    select status, count(*)::int as n, count(reminded_at)::int as reminded from survey_invitations
    where workspace_id = ${workspaceId} and distribution_id = ${distributionId} group by status`);
  const by = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return {
    total: rows.reduce((s, r) => s + r.n, 0), queued: by('queued') + by('ready') + by('link'), sent: by('sent'), answered: by('answered'),
    skippedFatigue: by('skipped_fatigue'), skippedConsent: by('skipped_consent') + by('skipped_no_email'), failed: by('failed'),
    reminded: rows.reduce((s, r) => s + r.reminded, 0),
  };
}

export async function listDistributions(db: Queryable, workspaceId: string, surveyId: string) {
  await findSurveyRow(db, workspaceId, surveyId);
  const rows = await db.select().from(surveyDistributions)
    .where(and(eq(surveyDistributions.workspaceId, workspaceId), eq(surveyDistributions.surveyId, surveyId))).orderBy(desc(surveyDistributions.createdAt)).limit(100);
  const out = [];
  for (const row of rows) out.push(presentDistribution(row, await distributionCounts(db, workspaceId, row.id)));
  return out;
}
