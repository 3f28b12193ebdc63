import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { findSurveyRow } from './surveyCommands.ts';
import { surveySettingsOf } from './settings.ts';
import { answerUrl, invitationToken } from './links.ts';

/** Recipients of a survey, oldest first; link-channel invitations carry their answer link to hand out. */
export async function listInvitations(db: Queryable, workspaceId: string, surveyId: string, pageQuery: { cursor?: string | undefined; limit: number }, publicUrl: string) {
  await findSurveyRow(db, workspaceId, surveyId);
  const after = decodeCursor(pageQuery.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  const rows = await sqlRows<{ id: string; customer_id: string; customer_name: string; status: string; language: string; expires_at: string; sent_at: string | null; answered_at: string | null; created_at: string }>(db, sql`
    select i.id, i.customer_id, c.display_name as customer_name, i.status, i.language, i.expires_at::text, i.sent_at::text, i.answered_at::text, i.created_at::text
    from survey_invitations i join customers c on c.workspace_id = i.workspace_id and c.id = i.customer_id
    where i.workspace_id = ${workspaceId} and i.survey_id = ${surveyId}
      ${after ? sql`and (i.created_at, i.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by i.created_at, i.id limit ${pageQuery.limit + 1}`);
  const settings = await surveySettingsOf(db, workspaceId);
  const items = rows.slice(0, pageQuery.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      id: r.id, customerId: r.customer_id, customerName: r.customer_name, status: r.status,
      language: (r.language === 'tr' || r.language === 'en' ? r.language : 'az') as 'az' | 'tr' | 'en',
      url: r.status === 'link' ? answerUrl(publicUrl, invitationToken(settings.signingKey, { workspaceId, id: r.id, surveyId, customerId: r.customer_id, expiresAt: new Date(r.expires_at) })) : null,
      sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null, answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
    })),
    nextCursor: rows.length > pageQuery.limit && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}
