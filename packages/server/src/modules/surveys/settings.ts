import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DEFAULT_FATIGUE_DAYS } from '@vefa/domain/surveys/index';
import type { Db, Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { randomToken } from '../../platform/auth/secrets.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { surveySettings } from './schema.ts';

export type SurveySettingsRow = typeof surveySettings.$inferSelect;

/** The workspace's survey settings, made with a fresh signing key on first use. */
export async function surveySettingsOf(db: Queryable, workspaceId: string): Promise<SurveySettingsRow> {
  const [row] = await db.select().from(surveySettings).where(eq(surveySettings.workspaceId, workspaceId));
  if (row) return row;
  await db.insert(surveySettings).values({ workspaceId, signingKey: randomToken(32), fatigueDays: DEFAULT_FATIGUE_DAYS }).onConflictDoNothing();
  const [made] = await db.select().from(surveySettings).where(eq(surveySettings.workspaceId, workspaceId));
  if (!made) throw new Error('survey settings missing');
  return made;
}

export const hmacSha256 = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64url');

export function presentSettings(row: SurveySettingsRow) {
  return {
    fatigueDays: row.fatigueDays, followUpDepartmentId: row.followUpDepartmentId,
    followUpOnDetractor: row.followUpOnDetractor, followUpOnNegativeSentiment: row.followUpOnNegativeSentiment,
  };
}

export async function updateSurveySettings(db: Db, actor: Actor, patch: Partial<ReturnType<typeof presentSettings>>) {
  return db.transaction(async (tx) => {
    const before = await surveySettingsOf(tx, actor.workspaceId);
    const [after] = await tx.update(surveySettings).set({ ...patch, updatedAt: new Date() }).where(eq(surveySettings.workspaceId, actor.workspaceId)).returning();
    if (!after) throw new Error('survey settings update returned nothing');
    await recordAudit(tx, actor, { action: 'surveys.settings.updated', entityType: 'survey_settings', entityId: actor.workspaceId, before: presentSettings(before), after: presentSettings(after) });
    return presentSettings(after);
  });
}
