import { and, eq, inArray, sql } from 'drizzle-orm';
import { analyseFeedbackBatch } from '@vefa/domain/surveys/index';
import type { Db } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { surveys, type StoredQuestion } from './schema.ts';
import { textOf } from './answerText.ts';
import { findSurveyRow } from './surveyCommands.ts';
import { REANALYSE_JOB } from './jobs.ts';

const BATCH = 2000;

/**
 * Reads the text answers again (after the lexicon or the themes changed, or
 * for answers imported without analysis): keyset batches of stored answers,
 * analysed in memory by the pure domain code, each batch's results written by
 * one set-based UPDATE … FROM jsonb_to_recordset. Returns how many were read.
 */
export async function reanalyseResponses(db: Db, workspaceId: string, options: { surveyId?: string; batchSize?: number } = {}) {
  const size = options.batchSize ?? BATCH;
  const questionsOf = new Map<string, StoredQuestion[]>();
  let after = '00000000-0000-0000-0000-000000000000';
  let analysed = 0;
  for (;;) {
    const rows = await sqlRows<{ id: string; survey_id: string; comment: string | null; answers: Record<string, string | string[] | number> }>(db, sql`
      select id, survey_id, comment, answers from survey_responses
      where workspace_id = ${workspaceId} and id > ${after}::uuid and (comment is not null or answers <> '{}'::jsonb)
        ${options.surveyId ? sql`and survey_id = ${options.surveyId}` : sql``}
      order by id limit ${size}`);
    if (rows.length === 0) break;
    after = rows.at(-1)?.id ?? after;
    const unknown = [...new Set(rows.map((r) => r.survey_id))].filter((id) => !questionsOf.has(id));
    if (unknown.length > 0) {
      const found = await db.select({ id: surveys.id, questions: surveys.questions }).from(surveys).where(and(eq(surveys.workspaceId, workspaceId), inArray(surveys.id, unknown)));
      for (const s of found) questionsOf.set(s.id, s.questions);
    }
    const texts = rows.map((r) => textOf(questionsOf.get(r.survey_id) ?? [], r.answers, r.comment));
    const results = analyseFeedbackBatch(texts);
    const updates = rows.flatMap((r, i) => {
      const a = results[i];
      if (!a || !texts[i]) return [];
      return [{ id: r.id, sentiment: a.sentiment, score: a.score, language: a.language === 'unknown' ? null : a.language, keywords: a.keywords.slice(0, 20), themes: a.aspects }];
    });
    if (updates.length > 0) {
      await db.execute(sql`
        update survey_responses r set sentiment = u.sentiment, sentiment_score = u.score, keywords = u.keywords, themes = u.themes,
          language = coalesce(u.language, r.language)
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id uuid, sentiment text, score real, language text, keywords text[], themes text[])
        where r.workspace_id = ${workspaceId} and r.id = u.id`);
    }
    analysed += updates.length;
    if (rows.length < size) break;
  }
  return { analysed };
}

/**
 * Asks the worker to read one survey's text answers again (after the lexicon or
 * the themes changed): a durable job queued with its audit entry, so a restart
 * does not lose it and the request does not hold the answers' analysis.
 */
export async function queueReanalysis(db: Db, actor: Actor, surveyId: string) {
  return db.transaction(async (tx) => {
    await findSurveyRow(tx, actor.workspaceId, surveyId);
    const jobId = await enqueueJob(tx, actor.workspaceId, REANALYSE_JOB, { surveyId });
    await recordAudit(tx, actor, { action: 'surveys.reanalysis_queued', entityType: 'survey', entityId: surveyId, after: { jobId } });
    return { jobId };
  });
}
