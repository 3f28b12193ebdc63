import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { surveys, surveyTriggerCursors, type StoredTrigger } from './schema.ts';

// Events committed a little out of order must not slip past the cursor: each
// scan re-reads this much before it, and the trigger_ref key drops repeats.
const OVERLAP_MS = 5 * 60_000;

interface TriggerSource {
  /** Rows since the cursor: customer, language, when it happened, the ref and breakdown context. */
  select(workspaceId: string, since: string, until: string): SQL;
}

const SOURCES: Record<StoredTrigger['event'], TriggerSource> = {
  case_resolved: {
    select: (ws, since, until) => sql`
      select k.customer_id, coalesce(k.language, c.language) as language, k.resolved_at as at, 'case:' || k.id::text as ref,
             jsonb_strip_nulls(jsonb_build_object('channel', k.channel, 'department', d.name, 'caseId', k.id::text)) as context
      from cases k join customers c on c.workspace_id = k.workspace_id and c.id = k.customer_id
      left join departments d on d.workspace_id = k.workspace_id and d.id = k.department_id
      where k.workspace_id = ${ws} and k.resolved_at > ${since}::timestamptz and k.resolved_at <= ${until}::timestamptz and k.status in ('resolved', 'closed')`,
  },
  purchase: {
    select: (ws, since, until) => sql`
      select m.customer_id, c.language, p.created_at as at, 'purchase:' || p.id::text as ref,
             jsonb_strip_nulls(jsonb_build_object('channel', p.channel, 'store', p.store_id, 'tier', t.name)) as context
      from loyalty_purchases p join loyalty_members m on m.workspace_id = p.workspace_id and m.id = p.member_id
      join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
      left join loyalty_tiers t on t.workspace_id = m.workspace_id and t.id = m.tier_id
      where p.workspace_id = ${ws} and p.created_at > ${since}::timestamptz and p.created_at <= ${until}::timestamptz`,
  },
  loyalty_joined: {
    select: (ws, since, until) => sql`
      select m.customer_id, c.language, m.enrolled_at as at, 'member:' || m.id::text as ref,
             jsonb_strip_nulls(jsonb_build_object('tier', t.name)) as context
      from loyalty_members m join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
      left join loyalty_tiers t on t.workspace_id = m.workspace_id and t.id = m.tier_id
      where m.workspace_id = ${ws} and m.enrolled_at > ${since}::timestamptz and m.enrolled_at <= ${until}::timestamptz`,
  },
};

/**
 * Turns new events into queued invitations for every active triggered survey:
 * send_after = event + delayDays. One invitation per survey and event
 * (unique trigger_ref); fatigue is claimed when it is sent.
 */
export async function scanTriggers(db: Queryable, workspaceId: string, now: Date) {
  const active = await db.select().from(surveys).where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.status, 'active'), isNotNull(surveys.trigger)));
  let queued = 0;
  for (const survey of active) {
    const trigger = survey.trigger;
    if (!trigger) continue;
    const source = `survey:${survey.id}:${trigger.event}`;
    const [cursor] = await db.select().from(surveyTriggerCursors).where(and(eq(surveyTriggerCursors.workspaceId, workspaceId), eq(surveyTriggerCursors.source, source)));
    // A new trigger starts from when the survey was last changed (activated), not from the beginning of time.
    const activatedAt = survey.updatedAt.getTime();
    const from = new Date(cursor ? Math.max(activatedAt, new Date(cursor.position).getTime() - OVERLAP_MS) : activatedAt).toISOString();
    const until = now.toISOString();
    const rows = await sqlRows<{ n: number }>(db, sql`
      with events as (${SOURCES[trigger.event].select(workspaceId, from, until)}),
      made as (
        insert into survey_invitations (workspace_id, id, survey_id, customer_id, language, channel, status, trigger_ref, context, send_after, expires_at)
        select ${workspaceId}, gen_random_uuid(), ${survey.id}, e.customer_id,
               case when e.language in ('az', 'tr', 'en') then e.language else 'az' end, 'email', 'queued', e.ref, e.context,
               e.at + make_interval(days => ${trigger.delayDays}), e.at + make_interval(days => ${trigger.delayDays + survey.validDays})
        from events e
        on conflict do nothing
        returning 1)
      select count(*)::int as n from made`);
    queued += rows[0]?.n ?? 0;
    await db.insert(surveyTriggerCursors).values({ workspaceId, source, position: until })
      .onConflictDoUpdate({ target: [surveyTriggerCursors.workspaceId, surveyTriggerCursors.source], set: { position: until } });
  }
  return { activeTriggers: active.length, queued };
}
