import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../../platform/db/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * Surveys: questionnaires, their invitations (one per recipient, each with its
 * own signed link), answers with their feedback analysis, and the contact
 * window that enforces survey fatigue. workspace_id leads every key.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export interface StoredLocalized { az: string; tr: string; en: string }
export interface StoredQuestion {
  id: string; kind: 'single' | 'multiple' | 'rating' | 'text'; text: StoredLocalized;
  options: { id: string; text: StoredLocalized }[]; scaleMax: number; required: boolean;
}
export interface StoredTrigger { event: 'case_resolved' | 'purchase' | 'loyalty_joined'; delayDays: number }
export type StoredAudience = { kind: 'customers'; customerIds: string[] } | { kind: 'tag'; tag: string } | { kind: 'segment'; segmentId: string };

export const surveySettings = pgTable('survey_settings', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  /** Signs the answer links; deleting the row voids every open link. */
  signingKey: text('signing_key').notNull(),
  fatigueDays: integer('fatigue_days').notNull().default(30),
  followUpDepartmentId: uuid('follow_up_department_id'),
  followUpOnDetractor: boolean('follow_up_on_detractor').notNull().default(true),
  followUpOnNegativeSentiment: boolean('follow_up_on_negative_sentiment').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

export const surveys = pgTable('surveys', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  status: text('status').notNull().default('draft'),
  question: jsonb('question').$type<StoredLocalized | null>(),
  commentPrompt: jsonb('comment_prompt').$type<StoredLocalized | null>(),
  questions: jsonb('questions').$type<StoredQuestion[]>().notNull().default(sql`'[]'::jsonb`),
  trigger: jsonb('trigger').$type<StoredTrigger | null>(),
  followUpDepartmentId: uuid('follow_up_department_id'),
  validDays: integer('valid_days').notNull().default(14),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export const surveyDistributions = pgTable('survey_distributions', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  surveyId: uuid('survey_id').notNull(),
  audience: jsonb('audience').$type<StoredAudience>().notNull(),
  channel: text('channel').notNull(),
  reminderAfterDays: integer('reminder_after_days'),
  perMinute: integer('per_minute').notNull(),
  createdBy: text('created_by'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.surveyId], foreignColumns: [surveys.workspaceId, surveys.id] }),
]);

/** One recipient of a survey: its link, its sending state and (at most) one answer. */
export const surveyInvitations = pgTable('survey_invitations', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  surveyId: uuid('survey_id').notNull(),
  distributionId: uuid('distribution_id'),
  customerId: uuid('customer_id').notNull(),
  language: text('language').notNull(),
  channel: text('channel').notNull(),
  /** queued → ready (consent and fatigue passed, set-based) → sent | skipped_fatigue | skipped_consent | failed; answered once a response exists. */
  status: text('status').notNull().default('queued'),
  /** What caused a triggered invitation ("case_resolved:<caseId>"): one invitation per event. */
  triggerRef: text('trigger_ref'),
  /** Tier, channel, department… of the moment, for breakdowns. */
  context: jsonb('context').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  error: text('error'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.surveyId], foreignColumns: [surveys.workspaceId, surveys.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  uniqueIndex('survey_invitations_distribution_key').on(t.workspaceId, t.distributionId, t.customerId),
  uniqueIndex('survey_invitations_trigger_key').on(t.workspaceId, t.surveyId, t.triggerRef),
  index('survey_invitations_due_idx').on(t.workspaceId, t.status, t.sendAfter),
  index('survey_invitations_survey_idx').on(t.workspaceId, t.surveyId, t.status),
  index('survey_invitations_customer_idx').on(t.workspaceId, t.customerId),
]);

/**
 * The last time each customer was surveyed. Claiming a send is one conditional
 * upsert on this primary key, so concurrent triggers cannot both pass the
 * fatigue window (the row lock of ON CONFLICT serialises them).
 */
export const surveyContactWindows = pgTable('survey_contact_windows', {
  workspaceId: uuid('workspace_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  lastInvitedAt: timestamp('last_invited_at', { withTimezone: true }).notNull(),
  invitationId: uuid('invitation_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.customerId] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
]);

export const surveyResponses = pgTable('survey_responses', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  /** Null for an answer through the survey's public link or widget: it belongs to no invitation and no customer. */
  invitationId: uuid('invitation_id'),
  surveyId: uuid('survey_id').notNull(),
  customerId: uuid('customer_id'),
  score: integer('score'),
  answers: jsonb('answers').$type<Record<string, string | string[] | number>>().notNull().default(sql`'{}'::jsonb`),
  comment: text('comment'),
  language: text('language').notNull(),
  sentiment: text('sentiment'),
  sentimentScore: real('sentiment_score'),
  keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
  context: jsonb('context').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  followUpCaseId: uuid('follow_up_case_id'),
  commentedAt: timestamp('commented_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  // One answer per invitation: the link answers once, even under a double click.
  uniqueIndex('survey_responses_invitation_key').on(t.workspaceId, t.invitationId),
  foreignKey({ columns: [t.workspaceId, t.invitationId], foreignColumns: [surveyInvitations.workspaceId, surveyInvitations.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  index('survey_responses_survey_idx').on(t.workspaceId, t.surveyId, t.createdAt, t.id),
  index('survey_responses_customer_idx').on(t.workspaceId, t.customerId),
]);

/** Names people gave to themes (the key is the aspect or "kw:" + keyword). */
export const surveyThemeNames = pgTable('survey_theme_names', {
  workspaceId: uuid('workspace_id').notNull(),
  key: text('key').notNull(),
  name: text('name').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.key] })]);

/** How far the trigger scan has read each source (domain events id, purchase time…). */
export const surveyTriggerCursors = pgTable('survey_trigger_cursors', {
  workspaceId: uuid('workspace_id').notNull(),
  source: text('source').notNull(),
  position: text('position').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.source] })]);
