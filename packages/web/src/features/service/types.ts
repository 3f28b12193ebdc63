// Types of the service desk API, straight from the zod schemas in @vefa/contract (types only: no zod in the bundle).
import type { z } from 'zod';
import type * as C from '@vefa/contract';

export type Case = z.infer<typeof C.Case>;
export type CaseListItem = z.infer<typeof C.CaseListItem>;
export type CaseType = z.infer<typeof C.CaseType>;
export type CaseStatus = z.infer<typeof C.CaseStatus>;
export type CasePriority = z.infer<typeof C.CasePriority>;
export type CaseChannel = z.infer<typeof C.CaseChannel>;
export type CaseLanguage = z.infer<typeof C.CaseLanguage>;
export type CaseLinkKind = z.infer<typeof C.CaseLinkKind>;
export type CaseView = z.infer<typeof C.CaseView>;
export type CaseEvent = z.infer<typeof C.CaseEvent>;
export type CaseEventKind = z.infer<typeof C.CaseEventKind>;
export type CaseCreate = z.input<typeof C.CaseCreate>;
export type CaseUpdate = z.input<typeof C.CaseUpdate>;
export type CaseAssign = z.input<typeof C.CaseAssign>;
export type CaseResolve = z.input<typeof C.CaseResolve>;
export type CaseBulkAction = z.input<typeof C.CaseBulkAction>;
export type CaseBulkResult = z.infer<typeof C.CaseBulkResult>;
export type ContactLogCreate = z.input<typeof C.ContactLogCreate>;
export type CaseSuggestion = z.infer<typeof C.CaseSuggestion>;
export type CasePresence = z.infer<typeof C.CasePresence>;
export type SlaClockView = z.infer<typeof C.SlaClockView>;
export type CaseSlaView = z.infer<typeof C.CaseSlaView>;
export type SlaState = SlaClockView['state'];

export type RoutingRule = z.infer<typeof C.RoutingRule>;
export type RoutingRuleCreate = z.input<typeof C.RoutingRuleCreate>;
export type SlaPolicy = z.infer<typeof C.SlaPolicy>;
export type SlaPolicyCreate = z.input<typeof C.SlaPolicyCreate>;
export type BusinessCalendar = z.infer<typeof C.BusinessCalendar>;
export type BusinessCalendarUpdate = z.input<typeof C.BusinessCalendarUpdate>;
export type WeeklyHours = z.infer<typeof C.WeeklyHours>;
export type BusinessClosure = z.infer<typeof C.BusinessClosure>;
export type DepartmentServiceSettings = z.infer<typeof C.DepartmentServiceSettings>;
export type AssignmentStrategy = z.infer<typeof C.AssignmentStrategy>;
export type CannedReply = z.infer<typeof C.CannedReply>;
export type CannedReplyCreate = z.input<typeof C.CannedReplyCreate>;
export type RenderedReply = z.infer<typeof C.RenderedReply>;
export type OnboardingTemplate = z.infer<typeof C.OnboardingTemplate>;
export type OnboardingTemplateCreate = z.input<typeof C.OnboardingTemplateCreate>;
export type OnboardingStart = z.input<typeof C.OnboardingStart>;
export type ClassifierStatus = z.infer<typeof C.ClassifierStatus>;
export type Mailbox = z.infer<typeof C.Mailbox>;
export type MailboxCreate = z.input<typeof C.MailboxCreate>;
export type MailboxUpdate = z.input<typeof C.MailboxUpdate>;
export type MailMessage = z.infer<typeof C.MailMessage>;
export type CaseReplyCreate = z.input<typeof C.CaseReplyCreate>;
export type ServiceReport = z.infer<typeof C.ServiceReport>;
export type MonthlyReportSummary = z.infer<typeof C.MonthlyReportSummary>;
export type CsatPublicView = z.infer<typeof C.CsatPublicView>;
export type PublicFormTicket = z.infer<typeof C.PublicFormTicket>;
export type PublicFormSubmit = z.input<typeof C.PublicFormSubmit>;
export type PublicFormReceipt = z.infer<typeof C.PublicFormReceipt>;

// Enumerations the UI iterates over, kept here so the bundle does not pull zod in;
// service.test.ts checks they equal the contract's and that every one has a name in az, tr and en.
export const CASE_TYPES: readonly CaseType[] = ['complaint', 'suggestion', 'question', 'request', 'onboarding'];
export const CASE_STATUSES: readonly CaseStatus[] = ['new', 'open', 'pending_customer', 'pending_internal', 'resolved', 'closed', 'reopened'];
export const CASE_PRIORITIES: readonly CasePriority[] = ['low', 'normal', 'high', 'urgent'];
export const CASE_CHANNELS: readonly CaseChannel[] = ['email', 'web_form', 'phone', 'meeting', 'api', 'chat', 'survey'];
export const CASE_LANGUAGES: readonly CaseLanguage[] = ['az', 'tr', 'en'];
export const CASE_VIEWS: readonly CaseView[] = ['all', 'mine', 'department', 'unassigned', 'breaching'];
export const CASE_LINK_KINDS: readonly CaseLinkKind[] = ['related', 'duplicate'];
export const SLA_STATES: readonly SlaState[] = ['running', 'paused', 'breached', 'met'];
export const CASE_EVENT_KINDS: readonly CaseEventKind[] = [
  'created', 'status_changed', 'assigned', 'priority_changed', 'department_changed', 'updated', 'note', 'message',
  'call', 'meeting', 'linked', 'merged', 'resolved', 'sla_warning', 'sla_breached', 'escalated', 'csat',
  'onboarding_step', 'routed',
];
export const ASSIGNMENT_STRATEGIES: readonly AssignmentStrategy[] = ['manual', 'round_robin', 'least_open_cases'];
export const MAIL_KINDS: readonly MailMessage['kind'][] = ['customer', 'reply', 'acknowledgement', 'notification'];
export const MAIL_STATUSES: readonly MailMessage['status'][] = ['received', 'queued', 'sent', 'failed'];
export const CLASSIFIER_STATES: readonly ClassifierStatus['status'][] = ['none', 'queued', 'ready', 'too_few_cases'];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly (keyof WeeklyHours)[];
export type Weekday = (typeof WEEKDAYS)[number];
/** Kinds of a case created by hand in the web app. */
export const NEW_CASE_CHANNELS = ['phone', 'meeting', 'email', 'chat', 'api'] as const satisfies readonly CaseChannel[];

/**
 * The case workflow (packages/domain/src/service/workflow/caseWorkflow.ts) as the status menu offers it;
 * service.test.ts keeps it equal to the domain's table, the server refuses anything else anyway.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['open', 'pending_customer', 'pending_internal', 'resolved', 'closed'],
  open: ['pending_customer', 'pending_internal', 'resolved', 'closed'],
  pending_customer: ['open', 'pending_internal', 'resolved', 'closed'],
  pending_internal: ['open', 'pending_customer', 'resolved', 'closed'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['open', 'pending_customer', 'pending_internal', 'resolved', 'closed'],
};

export const isOpenStatus = (s: CaseStatus) => s !== 'resolved' && s !== 'closed';

export const PRIORITY_TONE: Record<CasePriority, 'neutral' | 'info' | 'warning' | 'danger'> = {
  low: 'neutral', normal: 'info', high: 'warning', urgent: 'danger',
};
export const STATUS_TONE: Record<CaseStatus, 'neutral' | 'info' | 'warning' | 'success' | 'accent' | 'danger'> = {
  new: 'accent', open: 'info', pending_customer: 'warning', pending_internal: 'warning', resolved: 'success', closed: 'neutral', reopened: 'danger',
};
