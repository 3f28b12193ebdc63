import { and, eq, sql } from 'drizzle-orm';
import { clusterThemes, csatSummary, cesSummary, npsSummary, responseRate, type SentimentLabel, type SurveyType, type Aspect } from '@vefa/domain/surveys/index';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { surveyThemeNames, type StoredQuestion } from './schema.ts';
import { findSurveyRow } from './surveyCommands.ts';

/** Expands a score histogram so the domain's summaries run on it. */
const expand = (rows: { score: number; n: number }[]) => rows.flatMap((r) => Array<number>(r.n).fill(r.score));

function summarise(type: SurveyType, scores: number[]) {
  if (type === 'nps') { const s = npsSummary(scores); return { value: s.nps, nps: s }; }
  if (type === 'csat') return { value: csatSummary(scores).csat, nps: null };
  if (type === 'ces') return { value: cesSummary(scores).average, nps: null };
  return { value: null, nps: null };
}

const BREAKDOWNS = ['channel', 'department', 'tier', 'store'] as const;

export async function surveyResults(db: Db, workspaceId: string, surveyId: string) {
  const survey = await findSurveyRow(db, workspaceId, surveyId);
  const type = survey.type as SurveyType;
  const [inv] = await sqlRows<{ invited: number; delivered: number }>(db, sql`
    select count(*)::int as invited, count(*) filter (where sent_at is not null or status in ('answered', 'link'))::int as delivered
    from survey_invitations where workspace_id = ${workspaceId} and survey_id = ${surveyId}`);
  const histogram = await sqlRows<{ score: number; n: number }>(db, sql`
    select score, count(*)::int as n from survey_responses where workspace_id = ${workspaceId} and survey_id = ${surveyId} and score is not null group by score`);
  const scores = expand(histogram);
  const [totals] = await sqlRows<{ responses: number; invited_responses: number; positive: number; neutral: number; negative: number; opened: number; resolved: number }>(db, sql`
    select count(*)::int as responses, count(r.invitation_id)::int as invited_responses,
      count(*) filter (where r.sentiment = 'positive')::int as positive, count(*) filter (where r.sentiment = 'neutral')::int as neutral,
      count(*) filter (where r.sentiment = 'negative')::int as negative, count(r.follow_up_case_id)::int as opened,
      count(*) filter (where k.status in ('resolved', 'closed'))::int as resolved
    from survey_responses r left join cases k on k.workspace_id = r.workspace_id and k.id = r.follow_up_case_id
    where r.workspace_id = ${workspaceId} and r.survey_id = ${surveyId}`);
  const monthly = await sqlRows<{ month: string; score: number | null; n: number }>(db, sql`
    select to_char(date_trunc('month', created_at at time zone 'UTC'), 'YYYY-MM') as month, score, count(*)::int as n
    from survey_responses where workspace_id = ${workspaceId} and survey_id = ${surveyId} group by 1, 2 order by 1`);
  const months = [...new Set(monthly.map((m) => m.month))];
  const trend = months.map((month) => {
    const rows = monthly.filter((m) => m.month === month);
    const scored = expand(rows.filter((r): r is { month: string; score: number; n: number } => r.score !== null));
    return { month, responses: rows.reduce((s, r) => s + r.n, 0), value: summarise(type, scored).value };
  });
  const breakdowns = [];
  for (const dimension of BREAKDOWNS) {
    const rows = await sqlRows<{ key: string; score: number; n: number }>(db, sql`
      select context ->> ${dimension} as key, score, count(*)::int as n from survey_responses
      where workspace_id = ${workspaceId} and survey_id = ${surveyId} and score is not null and context ? ${dimension} group by 1, 2`);
    if (rows.length === 0) continue;
    const keys = [...new Set(rows.map((r) => r.key))].sort();
    breakdowns.push({
      dimension,
      slices: keys.map((key) => {
        const s = expand(rows.filter((r) => r.key === key));
        return { key, responses: s.length, ...summarise(type, s) };
      }),
    });
  }
  const deskRows = await sqlRows<{ score: number; n: number }>(db, sql`select score, count(*)::int as n from csat_requests where workspace_id = ${workspaceId} and score is not null group by score`);
  const desk = expand(deskRows);
  return {
    surveyId, type, invited: inv?.invited ?? 0, delivered: inv?.delivered ?? 0, responses: totals?.responses ?? 0,
    // Public-link answers have no invitation: they count as responses but not towards the rate.
    responseRate: responseRate(totals?.invited_responses ?? 0, inv?.delivered ?? 0),
    nps: type === 'nps' ? npsSummary(scores) : null,
    csat: type === 'csat' ? csatSummary(scores) : null,
    ces: type === 'ces' ? cesSummary(scores) : null,
    trend, breakdowns,
    sentiment: { positive: totals?.positive ?? 0, neutral: totals?.neutral ?? 0, negative: totals?.negative ?? 0 },
    followUps: { opened: totals?.opened ?? 0, resolved: totals?.resolved ?? 0 },
    deskCsat: desk.length > 0 ? csatSummary(desk) : null,
    questions: await questionResults(db, workspaceId, surveyId, survey.questions),
  };
}

/** Per custom question: answers, option counts and rating average, counted in SQL over the stored answers. */
async function questionResults(db: Queryable, workspaceId: string, surveyId: string, questions: StoredQuestion[]) {
  if (questions.length === 0) return [];
  const rows = await sqlRows<{ key: string; value: string | null; n: number }>(db, sql`
    select a.key, v.value, count(*)::int as n
    from survey_responses r cross join lateral jsonb_each(r.answers) a
    cross join lateral (
      select jsonb_array_elements_text(a.value) as value where jsonb_typeof(a.value) = 'array'
      union all select a.value #>> '{}' where jsonb_typeof(a.value) = 'number'
      union all select case when a.key = any(${`{${questions.filter((q) => q.kind === 'single').map((q) => q.id).join(',')}}`}::text[]) then a.value #>> '{}' end
        where jsonb_typeof(a.value) = 'string'
    ) v
    where r.workspace_id = ${workspaceId} and r.survey_id = ${surveyId}
    group by 1, 2`);
  const answered = await sqlRows<{ key: string; n: number }>(db, sql`
    select a.key, count(*)::int as n from survey_responses r cross join lateral jsonb_each(r.answers) a
    where r.workspace_id = ${workspaceId} and r.survey_id = ${surveyId} and a.value not in ('""'::jsonb, '[]'::jsonb) group by 1`);
  return questions.map((q) => {
    const mine = rows.filter((r) => r.key === q.id && r.value !== null);
    const rated = q.kind === 'rating' ? mine.reduce((acc, r) => ({ sum: acc.sum + Number(r.value) * r.n, n: acc.n + r.n }), { sum: 0, n: 0 }) : null;
    return {
      id: q.id, kind: q.kind, answered: answered.find((a) => a.key === q.id)?.n ?? 0,
      average: rated && rated.n > 0 ? rated.sum / rated.n : null,
      options: q.kind === 'single' || q.kind === 'multiple' ? q.options.map((o) => ({ id: o.id, count: mine.find((r) => r.value === o.id)?.n ?? 0 })) : [],
    };
  });
}

const THEME_WINDOW = 5000;

/** Themes of the survey's latest answers, with the names people gave them and example quotes. */
export async function surveyThemes(db: Queryable, workspaceId: string, surveyId: string) {
  await findSurveyRow(db, workspaceId, surveyId);
  const rows = await sqlRows<{ id: string; comment: string | null; keywords: string[]; themes: string[]; sentiment: string | null }>(db, sql`
    select id, comment, keywords, themes, sentiment from survey_responses
    where workspace_id = ${workspaceId} and survey_id = ${surveyId} and sentiment is not null
    order by created_at desc limit ${THEME_WINDOW}`);
  const themes = clusterThemes(rows.map((r) => ({ id: r.id, keywords: r.keywords, aspects: r.themes as Aspect[], sentiment: (r.sentiment ?? 'neutral') as SentimentLabel })), { minDocuments: 2 });
  const names = await db.select().from(surveyThemeNames).where(eq(surveyThemeNames.workspaceId, workspaceId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return themes.map((t) => ({
    key: t.key, name: names.find((n) => n.key === t.key)?.name ?? null, keywords: t.keywords, size: t.size,
    positive: t.positive, neutral: t.neutral, negative: t.negative,
    examples: t.documentIds.slice(0, 3).flatMap((id) => {
      const r = byId.get(id);
      return r?.comment ? [{ responseId: id, text: r.comment, sentiment: (r.sentiment ?? 'neutral') as SentimentLabel }] : [];
    }),
  }));
}

export async function renameTheme(db: Db, actor: Actor, key: string, name: string) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(surveyThemeNames).where(and(eq(surveyThemeNames.workspaceId, actor.workspaceId), eq(surveyThemeNames.key, key)));
    await tx.insert(surveyThemeNames).values({ workspaceId: actor.workspaceId, key, name })
      .onConflictDoUpdate({ target: [surveyThemeNames.workspaceId, surveyThemeNames.key], set: { name } });
    await recordAudit(tx, actor, { action: 'surveys.theme.renamed', entityType: 'survey_theme', entityId: key, before: before ?? null, after: { key, name } });
    return { key, name };
  });
}

interface ResponseListRow {
  id: string; survey_id: string; customer_id: string | null; customer_name: string | null; score: number | null; answers: Record<string, string | string[] | number>;
  comment: string | null; language: string; sentiment: string | null; sentiment_score: number | null; keywords: string[]; themes: string[];
  context: Record<string, string>; case_id: string | null; case_number: string | null; case_status: string | null; created_at: string;
}

export function presentResponse(r: ResponseListRow) {
  return {
    id: r.id, surveyId: r.survey_id, customerId: r.customer_id, customerName: r.customer_name, score: r.score, answers: r.answers, comment: r.comment,
    language: r.language, sentiment: (r.sentiment ?? null) as SentimentLabel | null, sentimentScore: r.sentiment_score, keywords: r.keywords, themes: r.themes,
    context: r.context, followUpCase: r.case_id && r.case_number && r.case_status ? { id: r.case_id, number: r.case_number, status: r.case_status } : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Answers newest first with their follow-up case's current status (keyset-paged). */
export async function listResponses(db: Queryable, workspaceId: string, filter: { surveyId?: string; customerId?: string; sentiment?: string | undefined; theme?: string | undefined; cursor?: string | undefined; limit: number }) {
  const after = decodeCursor(filter.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
  const rows = await sqlRows<ResponseListRow>(db, sql`
    select r.id, r.survey_id, r.customer_id, c.display_name as customer_name, r.score, r.answers, r.comment, r.language, r.sentiment, r.sentiment_score,
      r.keywords, r.themes, r.context, k.id as case_id, k.number as case_number, k.status as case_status, r.created_at::text as created_at
    from survey_responses r left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
    left join cases k on k.workspace_id = r.workspace_id and k.id = r.follow_up_case_id
    where r.workspace_id = ${workspaceId}
      ${filter.surveyId ? sql`and r.survey_id = ${filter.surveyId}` : sql``}
      ${filter.customerId ? sql`and r.customer_id = ${filter.customerId}` : sql``}
      ${filter.sentiment ? sql`and r.sentiment = ${filter.sentiment}` : sql``}
      ${filter.theme ? (filter.theme.startsWith('kw:') ? sql`and ${filter.theme.slice(3)} = any(r.keywords)` : sql`and ${filter.theme} = any(r.themes)`) : sql``}
      ${after ? sql`and (r.created_at, r.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by r.created_at desc, r.id desc limit ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return { items: items.map(presentResponse), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.created_at, last.id]) : null };
}
