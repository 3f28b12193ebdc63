import { sql } from 'drizzle-orm';
import {
  bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

/**
 * Platform tables. `workspaces` and `users` are the only tables without a
 * workspace_id: a workspace is the tenant itself and a person's login spans
 * workspaces. On Citus both become reference tables; every other table is
 * distributed by workspace_id, which is why it leads every key.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  timeZone: text('time_zone').notNull().default('Asia/Baku'),
  currency: text('currency').notNull().default('AZN'),
  caseNumberPrefix: text('case_number_prefix').notNull().default('VF'),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').notNull().default('az'),
  createdAt: createdAt(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

export const departments = pgTable('departments', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('departments_name_key').on(t.workspaceId, t.name),
]);

export const memberships = pgTable('memberships', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  role: text('role').notNull(),
  departmentId: uuid('department_id'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.userId] }),
  foreignKey({ columns: [t.workspaceId, t.departmentId], foreignColumns: [departments.workspaceId, departments.id] }),
]);

export const sessions = pgTable('sessions', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  tokenHash: text('token_hash').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.tokenHash] })]);

export const apiKeys = pgTable('api_keys', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  secretHash: text('secret_hash').notNull(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  role: text('role').notNull(),
  scopes: text('scopes').array(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** Failed logins per e-mail, for throttling across processes. */
export const loginFailures = pgTable('login_failures', {
  emailKey: text('email_key').notNull(),
  failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('login_failures_email_idx').on(t.emailKey, t.failedAt)]);

export const auditLog = pgTable('audit_log', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('audit_entity_idx').on(t.workspaceId, t.entityType, t.entityId, t.id),
]);

/** A repeated Idempotency-Key returns the first answer; the primary key makes that race-free. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  key: text('key').notNull(),
  actorId: text('actor_id').notNull(),
  route: text('route').notNull(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code').notNull(),
  response: jsonb('response').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.actorId, t.key] })]);

/** Durable background work: claimed with FOR UPDATE SKIP LOCKED, retried with back-off. */
export const jobs = pgTable('jobs', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
  status: text('status').notNull().default('queued'),
  runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(5),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  dedupeKey: text('dedupe_key'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('jobs_due_idx').on(t.status, t.runAt),
  uniqueIndex('jobs_dedupe_key').on(t.workspaceId, t.kind, t.dedupeKey),
]);

/** Transactional outbox: written with the change it describes, delivered afterwards. */
export const domainEvents = pgTable('domain_events', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
  type: text('type').notNull(),
  entityId: text('entity_id').notNull(),
  payload: jsonb('payload').notNull(),
  occurredAt: createdAt(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

