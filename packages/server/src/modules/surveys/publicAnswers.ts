import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { PublicSurveySubmit, PublicSurveyView } from '@vefa/contract';
import { analyseFeedback, checkSurveyToken, isValidScore, readSurveyToken, SCORE_RANGE, type SurveyType } from '@vefa/domain/surveys/index';
import type { Db, Queryable, Tx } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { ProblemError, invalid } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { setConsent } from '../customers/customerService.ts';
import { surveyInvitations, surveyResponses, surveys, type StoredQuestion } from './schema.ts';
import { hmacSha256, surveySettingsOf } from './settings.ts';
import { closeTheLoop, noteCommentOnFollowUp } from './followUp.ts';

/** How long after the score the comment page stays open. */
const COMMENT_WINDOW_MS = 24 * 3600_000;
const invalidLink = () => new ProblemError(404, 'survey_link_invalid', 'This survey link is not valid');

type InvitationRow = typeof surveyInvitations.$inferSelect;

/** The invitation a token opens: signature over survey and recipient checked, expiry enforced. */
async function invitationOfToken(db: Queryable, token: string, lock = false): Promise<InvitationRow> {
  const read = readSurveyToken(token);
  if (!read) throw invalidLink();
  const [ws] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, read.workspaceId));
  if (!ws) throw invalidLink();
  const query = db.select().from(surveyInvitations).where(and(eq(surveyInvitations.workspaceId, read.workspaceId), eq(surveyInvitations.id, read.invitationId)));
  const [inv] = lock ? await query.for('update') : await query;
  if (!inv) throw invalidLink();
  const settings = await surveySettingsOf(db, read.workspaceId);
  const check = checkSurveyToken(hmacSha256, settings.signingKey, token, { workspaceId: inv.workspaceId, invitationId: inv.id, surveyId: inv.surveyId, customerId: inv.customerId }, new Date());
  if (check === 'invalid') throw invalidLink();
  if (check === 'expired') throw new ProblemError(410, 'survey_link_expired', 'This survey link has expired');
  return inv;
}

const languageOf = (inv: InvitationRow): 'az' | 'tr' | 'en' => (inv.language === 'tr' || inv.language === 'en' ? inv.language : 'az');

function localiseQuestions(questions: StoredQuestion[], lang: 'az' | 'tr' | 'en') {
  return questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text[lang], required: q.required, scaleMax: q.scaleMax, options: q.options.map((o) => ({ id: o.id, text: o.text[lang] })) }));
}

export async function publicSurveyView(db: Db, token: string, score?: number): Promise<z.infer<typeof PublicSurveyView>> {
  const inv = await invitationOfToken(db, token);
  const [survey] = await db.select().from(surveys).where(and(eq(surveys.workspaceId, inv.workspaceId), eq(surveys.id, inv.surveyId)));
  const [ws] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, inv.workspaceId));
  if (!survey || !ws) throw invalidLink();
  const [response] = await db.select().from(surveyResponses).where(and(eq(surveyResponses.workspaceId, inv.workspaceId), eq(surveyResponses.invitationId, inv.id)));
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

/** All free text of an answer, for the feedback analysis. */
function textOf(questions: StoredQuestion[], answers: Record<string, string | string[] | number>, comment: string | null) {
  const parts = questions.filter((q) => q.kind === 'text').map((q) => answers[q.id]).filter((a): a is string => typeof a === 'string' && a.trim() !== '');
  if (comment) parts.unshift(comment);
  return parts.join('. ');
}

/**
 * Records the answer of one link, once: the score (one click from the mail)
 * and answers first, then — on the next page — the comment, once. The unique
 * answer per invitation makes a double click or a replay a 409.
 */
export async function submitPublicAnswer(db: Db, token: string, body: z.infer<typeof PublicSurveySubmit>) {
  return db.transaction(async (tx) => {
    const inv = await invitationOfToken(tx, token, true);
    const [survey] = await tx.select().from(surveys).where(and(eq(surveys.workspaceId, inv.workspaceId), eq(surveys.id, inv.surveyId)));
    if (!survey) throw invalidLink();
    const type = survey.type as SurveyType;
    const [existing] = await tx.select().from(surveyResponses).where(and(eq(surveyResponses.workspaceId, inv.workspaceId), eq(surveyResponses.invitationId, inv.id)));
    if (existing) {
      const onlyComment = body.comment !== undefined && body.score === undefined && body.answers === undefined;
      if (!onlyComment || !commentOpen(existing)) throw new ProblemError(409, 'survey_already_answered', 'This survey has already been answered');
      return addComment(tx, survey, existing, body.comment ?? '');
    }
    if (survey.status === 'closed') throw new ProblemError(409, 'survey_closed', 'This survey is closed');
    if (type !== 'custom' && body.score === undefined) throw invalid('body.score', 'required', 'Choose a score');
    if (body.score !== undefined && !isValidScore(type, body.score)) throw invalid('body.score', 'out_of_range', 'This score is outside the survey scale');
    const answers = body.answers ?? {};
    checkAnswers(survey.questions, answers);
    const comment = body.comment?.trim() ? body.comment.trim() : null;
    const text = textOf(survey.questions, answers, comment);
    const analysis = text ? analyseFeedback(text) : null;
    const id = crypto.randomUUID();
    const now = new Date();
    const [response] = await tx.insert(surveyResponses).values({
      workspaceId: inv.workspaceId, id, invitationId: inv.id, surveyId: inv.surveyId, customerId: inv.customerId,
      score: body.score ?? null, answers, comment, language: analysis && analysis.language !== 'unknown' ? analysis.language : languageOf(inv),
      sentiment: analysis?.sentiment ?? null, sentimentScore: analysis?.score ?? null, keywords: analysis?.keywords.slice(0, 20) ?? [], themes: analysis?.aspects ?? [],
      context: inv.context, commentedAt: comment ? now : null,
    }).onConflictDoNothing().returning();
    if (!response) throw new ProblemError(409, 'survey_already_answered', 'This survey has already been answered');
    await tx.update(surveyInvitations).set({ status: 'answered', answeredAt: now }).where(and(eq(surveyInvitations.workspaceId, inv.workspaceId), eq(surveyInvitations.id, inv.id)));
    const actor = systemActor(inv.workspaceId);
    await appendTimelineEntry(tx, actor, {
      customerId: inv.customerId, kind: 'survey_response', sourceModule: 'surveys', sourceId: id, occurredAt: now,
      summary: `${survey.name}: ${body.score ?? '—'}${type === 'nps' ? '/10' : type === 'csat' ? '/5' : type === 'ces' ? '/7' : ''}`,
      body: comment, data: { surveyId: survey.id, type, score: body.score ?? null, sentiment: analysis?.sentiment ?? null },
    });
    await closeTheLoop(tx, survey, response);
    return { state: 'answered' as const, commentOpen: comment === null };
  });
}

async function addComment(tx: Tx, survey: typeof surveys.$inferSelect, response: typeof surveyResponses.$inferSelect, raw: string) {
  const comment = raw.trim();
  if (!comment) throw invalid('body.comment', 'required', 'Write a comment or close the page');
  const text = textOf(survey.questions, response.answers, comment);
  const analysis = analyseFeedback(text);
  const [updated] = await tx.update(surveyResponses).set({
    comment, commentedAt: new Date(), sentiment: analysis.sentiment, sentimentScore: analysis.score,
    keywords: analysis.keywords.slice(0, 20), themes: analysis.aspects, ...(analysis.language !== 'unknown' ? { language: analysis.language } : {}),
  }).where(and(eq(surveyResponses.workspaceId, response.workspaceId), eq(surveyResponses.id, response.id))).returning();
  if (!updated) throw invalidLink();
  await appendTimelineEntry(tx, systemActor(response.workspaceId), {
    customerId: response.customerId, kind: 'survey_comment', sourceModule: 'surveys', sourceId: response.id,
    summary: `${survey.name}: ${comment.slice(0, 120)}`, body: comment, data: { surveyId: survey.id, sentiment: analysis.sentiment },
  });
  if (updated.followUpCaseId) await noteCommentOnFollowUp(tx, updated);
  else await closeTheLoop(tx, survey, updated);
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
