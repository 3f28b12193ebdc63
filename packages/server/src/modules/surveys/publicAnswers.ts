import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PublicSurveySubmit, PublicSurveyView } from '@vefa/contract';
import { analyseFeedback, checkSurveyLinkToken, checkSurveyToken, isValidScore, readSurveyLinkToken, readSurveyToken, SCORE_RANGE, type SurveyType } from '@vefa/domain/surveys/index';
import type { Db, Queryable, Tx } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { ProblemError, invalid } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { setConsent } from '../customers/customerService.ts';
import { surveyInvitations, surveyResponses, surveys, surveySettings, type StoredQuestion } from './schema.ts';
import { hmacSha256, surveySettingsOf } from './settings.ts';
import { textOf } from './answerText.ts';
import { closeTheLoop, needsFollowUp, noteCommentOnFollowUp } from './followUp.ts';

/** How long after the score the comment page stays open. */
const COMMENT_WINDOW_MS = 24 * 3600_000;
const invalidLink = () => new ProblemError(404, 'survey_link_invalid', 'This survey link is not valid');

type InvitationRow = typeof surveyInvitations.$inferSelect;

/**
 * The invitation a token opens, with its survey, the workspace's survey
 * settings and any answer already given — one statement (the answer endpoint's
 * hot path). The signature over survey and recipient is checked and expiry
 * enforced; `lock` holds the invitation row so two submits of one link queue.
 */
async function openLink(db: Queryable, token: string, lock = false) {
  const read = readSurveyToken(token);
  if (!read) throw invalidLink();
  const query = db.select({ inv: surveyInvitations, survey: surveys, settings: surveySettings, response: surveyResponses }).from(surveyInvitations)
    .innerJoin(surveys, and(eq(surveys.workspaceId, surveyInvitations.workspaceId), eq(surveys.id, surveyInvitations.surveyId)))
    .innerJoin(surveySettings, eq(surveySettings.workspaceId, surveyInvitations.workspaceId))
    .leftJoin(surveyResponses, and(eq(surveyResponses.workspaceId, surveyInvitations.workspaceId), eq(surveyResponses.invitationId, surveyInvitations.id)))
    .where(and(eq(surveyInvitations.workspaceId, read.workspaceId), eq(surveyInvitations.id, read.invitationId)));
  const [row] = lock ? await query.for('update', { of: surveyInvitations }) : await query;
  if (!row) throw invalidLink();
  const { inv } = row;
  const check = checkSurveyToken(hmacSha256, row.settings.signingKey, token, { workspaceId: inv.workspaceId, invitationId: inv.id, surveyId: inv.surveyId, customerId: inv.customerId }, new Date());
  if (check === 'invalid') throw invalidLink();
  if (check === 'expired') throw new ProblemError(410, 'survey_link_expired', 'This survey link has expired');
  return row;
}

const languageOf = (inv: InvitationRow): 'az' | 'tr' | 'en' => (inv.language === 'tr' || inv.language === 'en' ? inv.language : 'az');

function localiseQuestions(questions: StoredQuestion[], lang: 'az' | 'tr' | 'en') {
  return questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text[lang], required: q.required, scaleMax: q.scaleMax, options: q.options.map((o) => ({ id: o.id, text: o.text[lang] })) }));
}

export async function publicSurveyView(db: Db, token: string, score?: number): Promise<z.infer<typeof PublicSurveyView>> {
  const { inv, survey, response } = await openLink(db, token);
  const [ws] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, inv.workspaceId));
  if (!ws) throw invalidLink();
  const lang = languageOf(inv);
  const type = survey.type as SurveyType;
  return {
    workspaceName: ws.name, type, language: lang, state: response ? 'answered' : 'open',
    question: survey.question?.[lang] ?? null, commentPrompt: survey.commentPrompt?.[lang] ?? null,
    scale: type === 'custom' ? null : SCORE_RANGE[type], questions: localiseQuestions(survey.questions, lang),
    score: response?.score ?? (score !== undefined && isValidScore(type, score) ? score : null),
    commentOpen: response ? commentOpen(response) : true,
  };
}

const commentOpen = (r: typeof surveyResponses.$inferSelect) => r.comment === null && Date.now() - r.createdAt.getTime() < COMMENT_WINDOW_MS;

function checkAnswers(questions: StoredQuestion[], answers: Record<string, string | string[] | number>) {
  for (const key of Object.keys(answers)) if (!questions.some((q) => q.id === key)) throw invalid(`body.answers.${key}`, 'unknown_question', 'No such question in this survey');
  for (const q of questions) {
    const a = answers[q.id];
    const field = `body.answers.${q.id}`;
    if (a === undefined || a === '' || (Array.isArray(a) && a.length === 0)) {
      if (q.required) throw invalid(field, 'required', 'This question needs an answer');
      continue;
    }
    const ok = q.kind === 'text' ? typeof a === 'string'
      : q.kind === 'rating' ? typeof a === 'number' && a >= 1 && a <= q.scaleMax
      : q.kind === 'single' ? typeof a === 'string' && q.options.some((o) => o.id === a)
      : Array.isArray(a) && a.every((x) => q.options.some((o) => o.id === x));
    if (!ok) throw invalid(field, 'invalid_answer', 'This answer does not fit the question');
  }
}

type Link = Awaited<ReturnType<typeof openLink>>;
const alreadyAnswered = () => new ProblemError(409, 'survey_already_answered', 'This survey has already been answered');

/** The score, answers and comment checked against the survey, with their feedback analysis; or a problem naming the field. */
function checkSubmission(survey: Link['survey'], body: z.infer<typeof PublicSurveySubmit>) {
  const type = survey.type as SurveyType;
  if (survey.status === 'closed') throw new ProblemError(409, 'survey_closed', 'This survey is closed');
  if (type !== 'custom' && body.score === undefined) throw invalid('body.score', 'required', 'Choose a score');
  if (body.score !== undefined && !isValidScore(type, body.score)) throw invalid('body.score', 'out_of_range', 'This score is outside the survey scale');
  const answers = body.answers ?? {};
  checkAnswers(survey.questions, answers);
  const comment = body.comment?.trim() ? body.comment.trim() : null;
  const text = textOf(survey.questions, answers, comment);
  return { type, answers, comment, analysis: text ? analyseFeedback(text) : null };
}

/** Checks a first answer against its survey and reads its text: the row to store, or a problem naming the field. */
function prepareAnswer({ inv, survey }: Link, body: z.infer<typeof PublicSurveySubmit>) {
  const { type, answers, comment, analysis } = checkSubmission(survey, body);
  const now = new Date();
  const row = {
    workspaceId: inv.workspaceId, id: crypto.randomUUID(), invitationId: inv.id, surveyId: inv.surveyId, customerId: inv.customerId,
    score: body.score ?? null, answers, comment, language: analysis && analysis.language !== 'unknown' ? analysis.language : languageOf(inv),
    sentiment: analysis?.sentiment ?? null, sentimentScore: analysis?.score ?? null, keywords: analysis?.keywords.slice(0, 20) ?? [], themes: analysis?.aspects ?? [],
    context: inv.context, commentedAt: comment ? now : null, followUpCaseId: null, createdAt: now,
  };
  const timeline = {
    summary: `${survey.name}: ${body.score ?? '—'}${type === 'nps' ? '/10' : type === 'csat' ? '/5' : type === 'ces' ? '/7' : ''}`,
    data: { surveyId: survey.id, type, score: body.score ?? null, sentiment: analysis?.sentiment ?? null },
  };
  return { row, timeline, now };
}

/**
 * A first answer that needs no follow-up case, stored by one statement: the
 * answer (the unique answer per invitation refuses a second), the invitation
 * marked answered and the customer's timeline entry, all or nothing.
 */
async function storeAnswerAtOnce(db: Db, prepared: ReturnType<typeof prepareAnswer>): Promise<boolean> {
  const { row, timeline, now } = prepared;
  const at = now.toISOString();
  const stored = await sqlRows<{ n: number }>(db, sql`
    with r as (
      insert into survey_responses (workspace_id, id, invitation_id, survey_id, customer_id, score, answers, comment, language,
        sentiment, sentiment_score, keywords, themes, context, commented_at, created_at)
      values (${row.workspaceId}, ${row.id}, ${row.invitationId}, ${row.surveyId}, ${row.customerId}, ${row.score}::int, ${JSON.stringify(row.answers)}::jsonb,
        ${row.comment}, ${row.language}, ${row.sentiment}, ${row.sentimentScore}::real,
        array(select jsonb_array_elements_text(${JSON.stringify(row.keywords)}::jsonb)), array(select jsonb_array_elements_text(${JSON.stringify(row.themes)}::jsonb)),
        ${JSON.stringify(row.context)}::jsonb, ${row.commentedAt ? at : null}::timestamptz, ${at}::timestamptz)
      on conflict do nothing returning id
    ), answered as (
      update survey_invitations set status = 'answered', answered_at = ${at}::timestamptz
      where workspace_id = ${row.workspaceId} and id = ${row.invitationId} and exists (select 1 from r)
    ), timeline as (
      insert into timeline_entries (workspace_id, id, customer_id, kind, occurred_at, summary, body, source_module, source_id, data)
      select ${row.workspaceId}, gen_random_uuid(), ${row.customerId}, 'survey_response', ${at}::timestamptz, ${timeline.summary}, ${row.comment},
        'surveys', r.id::text, ${JSON.stringify(timeline.data)}::jsonb from r
    )
    select count(*)::int as n from r`);
  return (stored[0]?.n ?? 0) === 1;
}

/**
 * Records the answer of one link, once: the score (one click from the mail)
 * and answers first, then — on the next page — the comment, once. The unique
 * answer per invitation makes a double click or a replay a 409. The common
 * case (a first answer that opens no case) costs one read and one statement;
 * a comment or an answer that opens a follow-up case runs in a transaction
 * that holds the invitation, so the case exists exactly when the answer does.
 */
export async function submitPublicAnswer(db: Db, token: string, body: z.infer<typeof PublicSurveySubmit>) {
  const link = await openLink(db, token);
  if (!link.response) {
    const prepared = prepareAnswer(link, body);
    if (!needsFollowUp(link.settings, link.survey, prepared.row)) {
      if (!(await storeAnswerAtOnce(db, prepared))) throw alreadyAnswered();
      return { state: 'answered' as const, commentOpen: prepared.row.comment === null };
    }
  }
  return db.transaction(async (tx) => {
    const locked = await openLink(tx, token, true);
    const { inv, survey, settings, response: existing } = locked;
    if (existing) {
      const onlyComment = body.comment !== undefined && body.score === undefined && body.answers === undefined;
      if (!onlyComment || !commentOpen(existing)) throw alreadyAnswered();
      return addComment(tx, survey, existing, body.comment ?? '', settings);
    }
    const { row, timeline, now } = prepareAnswer(locked, body);
    const [response] = await tx.insert(surveyResponses).values(row).onConflictDoNothing().returning();
    if (!response) throw alreadyAnswered();
    await tx.update(surveyInvitations).set({ status: 'answered', answeredAt: now }).where(and(eq(surveyInvitations.workspaceId, inv.workspaceId), eq(surveyInvitations.id, inv.id)));
    await appendTimelineEntry(tx, systemActor(inv.workspaceId), {
      customerId: inv.customerId, kind: 'survey_response', sourceModule: 'surveys', sourceId: response.id, occurredAt: now,
      summary: timeline.summary, body: row.comment, data: timeline.data,
    });
    if (needsFollowUp(settings, survey, response)) await closeTheLoop(tx, survey, response, settings);
    return { state: 'answered' as const, commentOpen: row.comment === null };
  });
}

async function addComment(tx: Tx, survey: typeof surveys.$inferSelect, response: typeof surveyResponses.$inferSelect, raw: string, settings: typeof surveySettings.$inferSelect) {
  const comment = raw.trim();
  if (!comment) throw invalid('body.comment', 'required', 'Write a comment or close the page');
  const text = textOf(survey.questions, response.answers, comment);
  const analysis = analyseFeedback(text);
  const [updated] = await tx.update(surveyResponses).set({
    comment, commentedAt: new Date(), sentiment: analysis.sentiment, sentimentScore: analysis.score,
    keywords: analysis.keywords.slice(0, 20), themes: analysis.aspects, ...(analysis.language !== 'unknown' ? { language: analysis.language } : {}),
  }).where(and(eq(surveyResponses.workspaceId, response.workspaceId), eq(surveyResponses.id, response.id))).returning();
  // Only invitation answers reach here, and those always have their customer.
  if (!updated || !response.customerId) throw invalidLink();
  await appendTimelineEntry(tx, systemActor(response.workspaceId), {
    customerId: response.customerId, kind: 'survey_comment', sourceModule: 'surveys', sourceId: response.id,
    summary: `${survey.name}: ${comment.slice(0, 120)}`, body: comment, data: { surveyId: survey.id, sentiment: analysis.sentiment },
  });
  if (updated.followUpCaseId) await noteCommentOnFollowUp(tx, updated);
  else if (needsFollowUp(settings, survey, updated)) await closeTheLoop(tx, survey, updated, settings);
  return { state: 'answered' as const, commentOpen: false };
}

/** The unsubscribe link in every survey mail: withdraws e-mail consent, recorded like any consent change. */
export async function unsubscribeByToken(db: Db, token: string) {
  const read = readSurveyToken(token);
  if (!read) throw invalidLink();
  // An expired link still unsubscribes: the customer's wish outlives the survey.
  const [inv] = await db.select().from(surveyInvitations).where(and(eq(surveyInvitations.workspaceId, read.workspaceId), eq(surveyInvitations.id, read.invitationId)));
  if (!inv) throw invalidLink();
  const settings = await surveySettingsOf(db, read.workspaceId);
  const check = checkSurveyToken(hmacSha256, settings.signingKey, token, { workspaceId: inv.workspaceId, invitationId: inv.id, surveyId: inv.surveyId, customerId: inv.customerId }, new Date(0));
  if (check === 'invalid') throw invalidLink();
  await setConsent(db, systemActor(inv.workspaceId), inv.customerId, 'email', false, 'survey_unsubscribe');
  return { unsubscribed: true };
}

// The survey's own public link (a page or an embedded widget): anyone may answer,
// the answer belongs to no customer. Repeat answers are not refused (there is no
// recipient to hold to one); the route's per-address rate limit bounds them.

async function openSurveyLink(db: Queryable, token: string) {
  const read = readSurveyLinkToken(token);
  if (!read) throw invalidLink();
  const [row] = await db.select({ survey: surveys, signingKey: surveySettings.signingKey, workspaceName: workspaces.name }).from(surveys)
    .innerJoin(surveySettings, eq(surveySettings.workspaceId, surveys.workspaceId))
    .innerJoin(workspaces, eq(workspaces.id, surveys.workspaceId))
    .where(and(eq(surveys.workspaceId, read.workspaceId), eq(surveys.id, read.surveyId)));
  if (!row || !checkSurveyLinkToken(hmacSha256, row.signingKey, token)) throw invalidLink();
  if (row.survey.status === 'draft') throw new ProblemError(409, 'survey_not_open', 'This survey is not open yet');
  if (row.survey.status === 'closed') throw new ProblemError(409, 'survey_closed', 'This survey is closed');
  return row;
}

export async function publicSurveyLinkView(db: Db, token: string, lang: 'az' | 'tr' | 'en', score?: number): Promise<z.infer<typeof PublicSurveyView>> {
  const { survey, workspaceName } = await openSurveyLink(db, token);
  const type = survey.type as SurveyType;
  return {
    workspaceName, type, language: lang, state: 'open',
    question: survey.question?.[lang] ?? null, commentPrompt: survey.commentPrompt?.[lang] ?? null,
    scale: type === 'custom' ? null : SCORE_RANGE[type], questions: localiseQuestions(survey.questions, lang),
    score: score !== undefined && isValidScore(type, score) ? score : null, commentOpen: false,
  };
}

/** One answer through the public link, in one statement; the comment comes with it (there is no second page to come back to). */
export async function submitSurveyLinkAnswer(db: Db, token: string, lang: 'az' | 'tr' | 'en', body: z.infer<typeof PublicSurveySubmit>) {
  const { survey } = await openSurveyLink(db, token);
  const { answers, comment, analysis } = checkSubmission(survey, body);
  if (body.score === undefined && Object.keys(answers).length === 0 && comment === null) throw invalid('body.answers', 'required', 'Answer at least one question');
  const now = new Date();
  await db.insert(surveyResponses).values({
    workspaceId: survey.workspaceId, id: crypto.randomUUID(), invitationId: null, surveyId: survey.id, customerId: null,
    score: body.score ?? null, answers, comment, language: analysis && analysis.language !== 'unknown' ? analysis.language : lang,
    sentiment: analysis?.sentiment ?? null, sentimentScore: analysis?.score ?? null, keywords: analysis?.keywords.slice(0, 20) ?? [], themes: analysis?.aspects ?? [],
    context: { channel: 'public_link' }, commentedAt: comment ? now : null, createdAt: now,
  });
  return { state: 'answered' as const, commentOpen: false };
}
