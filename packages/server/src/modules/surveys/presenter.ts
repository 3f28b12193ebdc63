import type { surveyDistributions, surveys } from './schema.ts';

type SurveyRow = typeof surveys.$inferSelect;
type DistributionRow = typeof surveyDistributions.$inferSelect;

export function presentSurvey(row: SurveyRow) {
  return {
    id: row.id, name: row.name, type: row.type as 'nps' | 'csat' | 'ces' | 'custom', status: row.status as 'draft' | 'active' | 'closed',
    question: row.question ?? null, commentPrompt: row.commentPrompt ?? null, questions: row.questions, trigger: row.trigger ?? null,
    followUpDepartmentId: row.followUpDepartmentId, validDays: row.validDays,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export interface InvitationCountsRow {
  total: number; queued: number; sent: number; answered: number; skippedFatigue: number; skippedConsent: number; failed: number; reminded: number;
}

export function presentDistribution(row: DistributionRow, counts: InvitationCountsRow) {
  return {
    id: row.id, surveyId: row.surveyId, audience: row.audience, channel: row.channel as 'email' | 'link',
    reminderAfterDays: row.reminderAfterDays, perMinute: row.perMinute, counts, createdAt: row.createdAt.toISOString(),
  };
}
