import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';

export const CaseType = z.enum(['complaint', 'suggestion', 'question', 'request', 'onboarding']);
export type CaseType = z.infer<typeof CaseType>;
export const CaseStatus = z.enum(['new', 'open', 'pending_customer', 'pending_internal', 'resolved', 'closed', 'reopened']);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CasePriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type CasePriority = z.infer<typeof CasePriority>;
export const CaseChannel = z.enum(['email', 'web_form', 'phone', 'meeting', 'api', 'chat', 'survey']);
export type CaseChannel = z.infer<typeof CaseChannel>;
export const CaseLanguage = z.enum(['az', 'tr', 'en']);
export const CaseLinkKind = z.enum(['related', 'duplicate']);

const Ref = z.object({ id: Uuid, name: z.string() });

/** One SLA metric's clock as of the moment the case was read. */
export const SlaClockView = z.object({
  state: z.enum(['running', 'paused', 'breached', 'met']),
  targetMinutes: z.number().int(),
  dueAt: IsoDateTime.nullable(),
  /** Business minutes left; negative once overdue. */
  remainingMinutes: z.number().int(),
  breachedAt: IsoDateTime.nullable(),
  fulfilledAt: IsoDateTime.nullable(),
});
export type SlaClockView = z.infer<typeof SlaClockView>;

export const CaseSlaView = z.object({
  policyId: Uuid.nullable(),
  policyName: z.string().nullable(),
  firstResponse: SlaClockView.nullable(),
  resolution: SlaClockView.nullable(),
  /** Earliest due time of the running clocks: the inbox orders by it. */
  nextDueAt: IsoDateTime.nullable(),
  paused: z.boolean(),
  breached: z.boolean(),
});
export type CaseSlaView = z.infer<typeof CaseSlaView>;

export const OnboardingStep = z.object({
  key: z.string(),
  title: z.string(),
  done: z.boolean(),
  doneAt: IsoDateTime.nullable(),
  doneBy: Ref.nullable(),
});
export type OnboardingStep = z.infer<typeof OnboardingStep>;

export const CaseLinkView = z.object({ caseId: Uuid, number: z.string(), subject: z.string(), status: CaseStatus, kind: CaseLinkKind });

export const Case = z.object({
  id: Uuid,
  number: z.string().describe('Human-readable, e.g. VF-2026-000123'),
  type: CaseType,
  category: z.string().nullable(),
  priority: CasePriority,
  status: CaseStatus,
  subject: z.string(),
  description: z.string(),
  channel: CaseChannel,
  language: CaseLanguage.nullable(),
  department: Ref.nullable(),
  assignee: Ref.nullable(),
  customer: z.object({ id: Uuid, name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  company: Ref.nullable(),
  tags: z.array(z.string()),
  links: z.array(CaseLinkView),
  mergedInto: z.object({ id: Uuid, number: z.string() }).nullable(),
  rootCause: z.string().nullable(),
  actionTaken: z.string().nullable(),
  sla: CaseSlaView,
  firstRespondedAt: IsoDateTime.nullable(),
  resolvedAt: IsoDateTime.nullable(),
  closedAt: IsoDateTime.nullable(),
  csat: z.object({ score: z.number().int().min(1).max(5), comment: z.string().nullable(), at: IsoDateTime }).nullable(),
  onboarding: z.object({ templateId: Uuid.nullable(), steps: z.array(OnboardingStep) }).nullable(),
  /** Why the case landed where it did: the routing rules that matched and the classifier's guess. */
  routing: z.object({
    matchedRuleIds: z.array(z.string()),
    suggestedCategory: z.string().nullable(),
    confidence: z.number().nullable(),
  }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Case = z.infer<typeof Case>;

/** Lighter row for the inbox. */
export const CaseListItem = Case.pick({
  id: true, number: true, type: true, category: true, priority: true, status: true, subject: true, channel: true,
  department: true, assignee: true, customer: true, tags: true, sla: true, createdAt: true, updatedAt: true,
});
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CaseCreate = z.strictObject({
  customerId: Uuid.optional().describe('An existing customer; or give customerEmail to match or create one'),
  customerEmail: z.email().optional(),
  customerName: z.string().trim().min(1).max(200).optional(),
  subject: z.string().trim().min(1).max(300),
  description: z.string().max(50_000).default(''),
  type: CaseType.default('question'),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  priority: CasePriority.optional().describe('Unset lets routing rules decide; default normal'),
  channel: CaseChannel.default('api'),
  language: CaseLanguage.nullable().optional(),
  departmentId: Uuid.nullable().optional(),
  assigneeId: Uuid.nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  onboardingTemplateId: Uuid.optional().describe('For type onboarding: copy this checklist onto the case'),
});
export type CaseCreate = z.infer<typeof CaseCreate>;

export const CaseUpdate = z.strictObject({
  status: CaseStatus.optional().describe('Validated by the case workflow; a move it forbids answers 409 invalid_transition'),
  priority: CasePriority.optional(),
  type: CaseType.optional(),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  subject: z.string().trim().min(1).max(300).optional(),
  departmentId: Uuid.nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  rootCause: z.string().trim().max(500).nullable().optional(),
  actionTaken: z.string().trim().max(2000).nullable().optional(),
});
export type CaseUpdate = z.infer<typeof CaseUpdate>;

export const CaseAssign = z.strictObject({
  assigneeId: Uuid.nullable().describe('null unassigns'),
  departmentId: Uuid.nullable().optional(),
});
export type CaseAssign = z.infer<typeof CaseAssign>;

export const CaseResolve = z.strictObject({
  rootCause: z.string().trim().min(1).max(500),
  actionTaken: z.string().trim().min(1).max(2000),
  category: z.string().trim().min(1).max(100).optional(),
});
export type CaseResolve = z.infer<typeof CaseResolve>;

export const CaseNoteCreate = z.strictObject({
  body: z.string().trim().min(1).max(20_000).describe('Internal note; @name or @e-mail mentions colleagues'),
});
export type CaseNoteCreate = z.infer<typeof CaseNoteCreate>;

/** A phone call or meeting logged on a case (or, with no case, on a customer). */
export const ContactLogCreate = z.strictObject({
  kind: z.enum(['call', 'meeting']),
  summary: z.string().trim().min(1).max(300),
  body: z.string().max(20_000).nullable().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  durationMinutes: z.number().int().min(0).max(24 * 60).optional(),
  occurredAt: IsoDateTime.optional(),
  participants: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
});
export type ContactLogCreate = z.infer<typeof ContactLogCreate>;

export const CaseLinkCreate = z.strictObject({ otherCaseId: Uuid, kind: CaseLinkKind.default('related') });
export const CaseMerge = z.strictObject({ duplicateId: Uuid.describe('This case is closed into the one in the URL, its events and messages move') });

export const CaseBulkAction = z.strictObject({
  caseIds: z.array(Uuid).min(1).max(500),
  set: z.strictObject({
    assigneeId: Uuid.nullable().optional(),
    status: CaseStatus.optional(),
    priority: CasePriority.optional(),
  }).refine((s) => Object.keys(s).length > 0, { message: 'set at least one of assigneeId, status, priority' }),
});
export type CaseBulkAction = z.infer<typeof CaseBulkAction>;

export const CaseBulkResult = z.object({
  updated: z.array(Uuid),
  failed: z.array(z.object({ caseId: Uuid, code: z.string(), message: z.string() })),
});

export const CaseEventKind = z.enum([
  'created', 'status_changed', 'assigned', 'priority_changed', 'department_changed', 'updated', 'note', 'message',
  'call', 'meeting', 'linked', 'merged', 'resolved', 'sla_warning', 'sla_breached', 'escalated', 'csat',
  'onboarding_step', 'routed',
]);
export type CaseEventKind = z.infer<typeof CaseEventKind>;

export const CaseEvent = z.object({
  id: Uuid,
  caseId: Uuid,
  kind: CaseEventKind,
  at: IsoDateTime,
  actor: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  body: z.string().nullable(),
  mentions: z.array(Ref),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseView = z.enum(['all', 'mine', 'department', 'unassigned', 'breaching']);
export const CaseListQuery = z.object({
  view: CaseView.default('all').describe('mine / my department / unassigned / breaching soon; each ordered by due time'),
  status: z.union([CaseStatus, z.array(CaseStatus)]).optional().describe('Default: open work (not resolved or closed)'),
  priority: CasePriority.optional(),
  type: CaseType.optional(),
  channel: CaseChannel.optional(),
  departmentId: Uuid.optional(),
  assigneeId: Uuid.optional(),
  customerId: Uuid.optional(),
  category: z.string().optional(),
  tag: z.string().optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Case number or words of the subject'),
  breachingWithinMinutes: z.coerce.number().int().min(0).max(7 * 24 * 60).default(120).describe('For view=breaching'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseSuggestion = z.object({
  caseId: Uuid,
  category: z.string().nullable(),
  departmentId: Uuid.nullable(),
  confidence: z.number(),
  ranking: z.array(z.object({ label: z.string(), probability: z.number() })),
  modelTrainedAt: IsoDateTime.nullable(),
});
export type CaseSuggestion = z.infer<typeof CaseSuggestion>;

/** Who else has the case open now (the agent's page polls this). */
export const CasePresence = z.object({
  caseId: Uuid,
  viewers: z.array(z.object({ userId: Uuid, name: z.string(), since: IsoDateTime, editing: z.boolean() })),
});
export const CasePresenceQuery = z.object({ editing: z.enum(['true', 'false']).optional() });
