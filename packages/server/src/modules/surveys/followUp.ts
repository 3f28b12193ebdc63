import { and, eq } from 'drizzle-orm';
import { isUnhappyScore, type SurveyType } from '@vefa/domain/surveys/index';
import type { Tx } from '../../platform/db/database.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { caseIntake } from '../service/cases/intake.ts';
import { surveyResponses, type surveys } from './schema.ts';
import { surveySettingsOf, type SurveySettingsRow } from './settings.ts';

type SurveyRow = typeof surveys.$inferSelect;
type ResponseRow = typeof surveyResponses.$inferSelect;

function caseBody(survey: SurveyRow, r: ResponseRow): string {
  const lines = [`${survey.name} (${survey.type.toUpperCase()})`, `score: ${r.score ?? '—'}`];
  if (r.sentiment) lines.push(`sentiment: ${r.sentiment} (${r.sentimentScore ?? 0})`);
  if (r.comment) lines.push('', r.comment);
  for (const [key, value] of Object.entries(r.answers)) lines.push(`${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  return lines.join('\n');
}

/** Whether the workspace's rules ask for a follow-up case on this answer (pure: no statement on the happy path). */
export function needsFollowUp(settings: SurveySettingsRow, survey: SurveyRow, response: Pick<ResponseRow, 'followUpCaseId' | 'score' | 'sentiment'>): boolean {
  if (response.followUpCaseId) return false;
  const unhappy = settings.followUpOnDetractor && isUnhappyScore(survey.type as SurveyType, response.score);
  const negative = settings.followUpOnNegativeSentiment && response.sentiment === 'negative';
  return unhappy || negative;
}

/**
 * Closing the loop: an unhappy score (NPS detractor, CSAT 1–2, CES 1–3) or a
 * negative comment opens a follow-up case through the desk's intake, for the
 * survey's department (else the workspace default), with the answer attached.
 * Runs in the answer's transaction: the case exists exactly when the answer does.
 */
export async function closeTheLoop(tx: Tx, survey: SurveyRow, response: ResponseRow, known?: SurveySettingsRow) {
  const settings = known ?? await surveySettingsOf(tx, response.workspaceId);
  // An answer through the public link has no customer to call back.
  if (!needsFollowUp(settings, survey, response) || !response.customerId) return null;
  const ref = await caseIntake.openCase(tx, systemActor(response.workspaceId), {
    customerId: response.customerId,
    subject: `${survey.name} · ${survey.type.toUpperCase()} ${response.score ?? ''}`.trim(),
    body: caseBody(survey, response),
    channel: 'survey',
    departmentId: survey.followUpDepartmentId ?? settings.followUpDepartmentId,
    language: response.language === 'az' || response.language === 'tr' || response.language === 'en' ? response.language : null,
    receivedAt: response.createdAt,
  });
  await tx.update(surveyResponses).set({ followUpCaseId: ref.id }).where(and(eq(surveyResponses.workspaceId, response.workspaceId), eq(surveyResponses.id, response.id)));
  return ref;
}

/** A comment that arrives after the case was opened goes onto that case as the customer's message. */
export async function noteCommentOnFollowUp(tx: Tx, response: ResponseRow) {
  if (!response.followUpCaseId || !response.comment) return;
  await caseIntake.recordMessage(tx, systemActor(response.workspaceId), {
    caseId: response.followUpCaseId, direction: 'inbound', messageRef: `survey-response:${response.id}`, summary: response.comment, at: new Date(),
  });
}
