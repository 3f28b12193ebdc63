import { sql } from 'drizzle-orm';
import {
  boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { departments, users, workspaces } from '../../platform/db/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * The service desk's tables. Every key leads with workspace_id. The inbox reads
 * `cases` through partial indexes on open work ordered by `queue_due_at` (the
 * earliest SLA due time, 'infinity' when no clock runs), so "mine", "my
 * department", "unassigned" and "breaching soon" are each one index range.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

export interface StoredStatusChange { status: string; at: string }
export interface StoredOnboardingStep { key: string; title: string; doneAt: string | null; doneById: string | null; doneByName: string | null }
export interface StoredRouting { matchedRuleIds: string[]; suggestedCategory: string | null; confidence: number | null }

/** Case numbers per workspace and year; the upsert that bumps `last` serialises concurrent openings. */
export const caseNumberCounters = pgTable('case_number_counters', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  year: integer('year').notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.year] })]);

export const cases = pgTable('cases', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  number: text('number').notNull(),
  type: text('type').notNull(),
  category: text('category'),
  priority: text('priority').notNull(),
  status: text('status').notNull(),
  /** Not resolved and not closed: the partial indexes of the inbox cover exactly these. */
  isOpen: boolean('is_open').notNull(),
  subject: text('subject').notNull(),
  description: text('description').notNull(),
  channel: text('channel').notNull(),
  mailboxId: text('mailbox_id'),
  language: text('language'),
  departmentId: uuid('department_id'),
  assigneeId: uuid('assignee_id').references(() => users.id),
  customerId: uuid('customer_id').notNull(),
  companyId: uuid('company_id'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  rootCause: text('root_cause'),
  actionTaken: text('action_taken'),
  mergedIntoId: uuid('merged_into_id'),
  statusHistory: jsonb('status_history').$type<StoredStatusChange[]>().notNull(),
  slaPolicyId: uuid('sla_policy_id'),
  firstResponseDueAt: ts('first_response_due_at'),
  resolutionDueAt: ts('resolution_due_at'),
  /** Earliest due time of a running or breached clock; 'infinity' otherwise, so keyset paging needs no NULL handling. */
  queueDueAt: ts('queue_due_at').notNull().default(sql`'infinity'::timestamptz`),
  slaPaused: boolean('sla_paused').notNull().default(false),
  slaBreached: boolean('sla_breached').notNull().default(false),
  /** "<metric>@<due ISO>" of the warning / escalation already fired, so each fires once per due time. */
  slaWarnedFor: text('sla_warned_for'),
  slaEscalatedFor: text('sla_escalated_for'),
  firstRespondedAt: ts('first_responded_at'),
  resolvedAt: ts('resolved_at'),
  closedAt: ts('closed_at'),
  routing: jsonb('routing').$type<StoredRouting>().notNull().default(sql`'{"matchedRuleIds":[],"suggestedCategory":null,"confidence":null}'::jsonb`),
  onboardingTemplateId: uuid('onboarding_template_id'),
  onboardingSteps: jsonb('onboarding_steps').$type<StoredOnboardingStep[]>(),
  csatScore: integer('csat_score'),
  csatComment: text('csat_comment'),
  csatAt: ts('csat_at'),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('cases_number_key').on(t.workspaceId, t.number),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  foreignKey({ columns: [t.workspaceId, t.companyId], foreignColumns: [customers.workspaceId, customers.id] }),
  foreignKey({ columns: [t.workspaceId, t.departmentId], foreignColumns: [departments.workspaceId, departments.id] }),
  index('cases_queue_idx').on(t.workspaceId, t.queueDueAt, t.id).where(sql`is_open`),
  index('cases_assignee_queue_idx').on(t.workspaceId, t.assigneeId, t.queueDueAt, t.id).where(sql`is_open`),
  index('cases_department_queue_idx').on(t.workspaceId, t.departmentId, t.queueDueAt, t.id).where(sql`is_open`),
  index('cases_unassigned_queue_idx').on(t.workspaceId, t.departmentId, t.queueDueAt, t.id).where(sql`is_open and assignee_id is null`),
  // The coordinator's "unassigned" across departments, in due order.
  index('cases_unassigned_due_idx').on(t.workspaceId, t.queueDueAt, t.id).where(sql`is_open and assignee_id is null`),
  index('cases_customer_idx').on(t.workspaceId, t.customerId, t.createdAt),
  index('cases_created_idx').on(t.workspaceId, t.createdAt),
  index('cases_resolved_idx').on(t.workspaceId, t.resolvedAt).where(sql`resolved_at is not null`),
]);

/** Append-only history of a case; a merge re-points a duplicate's events at the survivor. */
export const caseEvents = pgTable('case_events', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').notNull(),
  at: ts('at').notNull().defaultNow(),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  body: text('body'),
  mentions: jsonb('mentions').$type<{ id: string; name: string }[]>().notNull().default(sql`'[]'::jsonb`),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  index('case_events_case_idx').on(t.workspaceId, t.caseId, t.at, t.id),
]);

/** Who was @mentioned where, so a person can find the notes that name them. */
export const caseMentions = pgTable('case_mentions', {
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id),
  eventId: uuid('event_id').notNull(),
  caseId: uuid('case_id').notNull(),
  createdAt: createdAt(),
  readAt: ts('read_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.userId, t.eventId] }),
  foreignKey({ columns: [t.workspaceId, t.eventId], foreignColumns: [caseEvents.workspaceId, caseEvents.id] }),
]);

/** Stored in both directions so either case lists the other with one index lookup. */
export const caseLinks = pgTable('case_links', {
  workspaceId: uuid('workspace_id').notNull(),
  caseId: uuid('case_id').notNull(),
  otherCaseId: uuid('other_case_id').notNull(),
  kind: text('kind').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.caseId, t.otherCaseId] }),
  foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  foreignKey({ columns: [t.workspaceId, t.otherCaseId], foreignColumns: [cases.workspaceId, cases.id] }),
]);

export const routingRules = pgTable('routing_rules', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  enabled: boolean('enabled').notNull(),
  conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull(),
  actions: jsonb('actions').$type<Record<string, unknown>>().notNull(),
  stop: boolean('stop').notNull().default(false),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export interface StoredEscalation { notify: boolean; raisePriority: boolean; reassignToUserId: string | null }

export const slaPolicies = pgTable('sla_policies', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  enabled: boolean('enabled').notNull(),
  conditions: jsonb('conditions').$type<{ priorities?: string[]; types?: string[]; customerTiers?: string[] }>().notNull(),
  firstResponseMinutes: integer('first_response_minutes'),
  resolutionMinutes: integer('resolution_minutes'),
  warnBeforeMinutes: integer('warn_before_minutes').notNull(),
  escalation: jsonb('escalation').$type<StoredEscalation>().notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** One business calendar per workspace: time zone, weekly hours, public-holiday countries, custom closures. */
export const businessCalendars = pgTable('business_calendars', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  timeZone: text('time_zone').notNull(),
  weeklyHours: jsonb('weekly_hours').$type<Record<string, { from: string; to: string }[]>>().notNull(),
  holidayCountries: text('holiday_countries').array().notNull(),
  closures: jsonb('closures').$type<{ date: string; until?: string; from?: string; to?: string; name?: string }[]>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

export const cannedReplies = pgTable('canned_replies', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  body: jsonb('body').$type<{ az: string; tr: string; en: string }>().notNull(),
  departmentId: uuid('department_id'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.departmentId], foreignColumns: [departments.workspaceId, departments.id] }),
]);

export const onboardingTemplates = pgTable('onboarding_templates', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  steps: jsonb('steps').$type<{ key: string; title: string }[]>().notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** A satisfaction request sent on resolution, and its answer. The token is signed; `answered_at` makes it single-use. */
export const csatRequests = pgTable('csat_requests', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  language: text('language').notNull(),
  expiresAt: ts('expires_at').notNull(),
  /** Set by the mail channel when it has sent the invitation. */
  sentAt: ts('sent_at'),
  answeredAt: ts('answered_at'),
  score: integer('score'),
  comment: text('comment'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  index('csat_requests_case_idx').on(t.workspaceId, t.caseId),
  index('csat_requests_unsent_idx').on(t.workspaceId, t.createdAt).where(sql`sent_at is null`),
  index('csat_requests_answered_idx').on(t.workspaceId, t.answeredAt).where(sql`answered_at is not null`),
]);

/** Per-workspace service settings: the key that signs CSAT links and form tickets. */
export const serviceSettings = pgTable('service_settings', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  signingKey: text('signing_key').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

export const departmentServiceSettings = pgTable('department_service_settings', {
  workspaceId: uuid('workspace_id').notNull(),
  departmentId: uuid('department_id').notNull(),
  strategy: text('strategy').notNull(),
  lastAssignedId: uuid('last_assigned_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.departmentId] }),
  foreignKey({ columns: [t.workspaceId, t.departmentId], foreignColumns: [departments.workspaceId, departments.id] }),
]);

export const agentProfiles = pgTable('agent_profiles', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  available: boolean('available').notNull().default(true),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
  maxOpenCases: integer('max_open_cases'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })]);

/** The workspace's trained classifier and how it scored on held-out cases. */
export const caseClassifiers = pgTable('case_classifiers', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  model: jsonb('model').notNull(),
  /** category → department it was most often resolved in, for the suggestion. */
  departments: jsonb('departments').$type<Record<string, string>>().notNull(),
  trainingCases: integer('training_cases').notNull(),
  heldOutCases: integer('held_out_cases').notNull(),
  accuracy: real('accuracy'),
  macroF1: real('macro_f1'),
  labels: jsonb('labels').$type<{ label: string; f1: number; support: number }[]>().notNull(),
  trainedAt: ts('trained_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

/** Management reports produced by the monthly job, kept for download and for the mail channel to send. */
export const serviceReports = pgTable('service_reports', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  periodFrom: text('period_from').notNull(),
  periodTo: text('period_to').notNull(),
  report: jsonb('report').notNull(),
  sentAt: ts('sent_at'),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('service_reports_period_key').on(t.workspaceId, t.periodFrom, t.periodTo)]);
