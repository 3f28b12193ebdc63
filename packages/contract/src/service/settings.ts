import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';
import { CaseChannel, CaseLanguage, CasePriority, CaseType } from './cases.ts';

const Words = z.array(z.string().trim().min(1).max(100)).max(100);

export const RoutingConditions = z.strictObject({
  channels: z.array(CaseChannel).optional(),
  mailboxes: z.array(z.string().trim().min(1).max(320)).optional(),
  anyWords: Words.optional().describe('Whole words without case or diacritics; a trailing * matches a prefix'),
  allWords: Words.optional(),
  noneWords: Words.optional(),
  wordsIn: z.enum(['subject', 'body', 'both']).optional(),
  customerTiers: z.array(z.string().trim().min(1).max(100)).optional(),
  customerSegments: z.array(z.string().trim().min(1).max(100)).optional().describe("Customer tags"),
  languages: z.array(CaseLanguage).optional(),
  categories: z.array(z.string().trim().min(1).max(100)).optional(),
});

export const RoutingActions = z.strictObject({
  departmentId: Uuid.optional(),
  priority: CasePriority.optional(),
  assigneeId: Uuid.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});

export const RoutingRuleCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  position: z.number().int().min(0).max(100_000).optional().describe('Rules run in ascending position; default last'),
  enabled: z.boolean().default(true),
  conditions: RoutingConditions,
  actions: RoutingActions,
  stop: z.boolean().default(false),
});
export type RoutingRuleCreate = z.infer<typeof RoutingRuleCreate>;
export const RoutingRuleUpdate = RoutingRuleCreate.partial();
export type RoutingRuleUpdate = z.infer<typeof RoutingRuleUpdate>;
export const RoutingRule = z.object({
  id: Uuid, name: z.string(), position: z.number().int(), enabled: z.boolean(),
  conditions: RoutingConditions, actions: RoutingActions, stop: z.boolean(), createdAt: IsoDateTime,
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const AssignmentStrategy = z.enum(['manual', 'round_robin', 'least_open_cases']);
export const DepartmentServiceSettings = z.object({
  departmentId: Uuid,
  name: z.string(),
  strategy: AssignmentStrategy,
  agents: z.array(z.object({
    userId: Uuid, name: z.string(), available: z.boolean(), skills: z.array(z.string()), languages: z.array(z.string()),
    maxOpenCases: z.number().int().nullable(), openCases: z.number().int(),
  })),
});
export const DepartmentServiceSettingsUpdate = z.strictObject({ strategy: AssignmentStrategy });
export const AgentProfileUpdate = z.strictObject({
  available: z.boolean().optional(),
  skills: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  languages: z.array(CaseLanguage).optional(),
  maxOpenCases: z.number().int().min(1).max(10_000).nullable().optional(),
});

export const SlaPolicyCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  position: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().default(true),
  conditions: z.strictObject({
    priorities: z.array(CasePriority).optional(),
    types: z.array(CaseType).optional(),
    customerTiers: z.array(z.string().trim().min(1).max(100)).optional(),
  }),
  firstResponseMinutes: z.number().int().min(1).max(525_600).nullable().default(null),
  resolutionMinutes: z.number().int().min(1).max(525_600).nullable().default(null),
  warnBeforeMinutes: z.number().int().min(0).max(10_080).default(30).describe('Business minutes before due to warn'),
  escalation: z.strictObject({
    notify: z.boolean().default(true),
    raisePriority: z.boolean().default(false),
    reassignToUserId: Uuid.nullable().default(null),
  }).default({ notify: true, raisePriority: false, reassignToUserId: null }),
});
export type SlaPolicyCreate = z.infer<typeof SlaPolicyCreate>;
export const SlaPolicyUpdate = SlaPolicyCreate.partial();
export const SlaPolicy = z.object({
  id: Uuid, name: z.string(), position: z.number().int(), enabled: z.boolean(),
  conditions: SlaPolicyCreate.shape.conditions,
  firstResponseMinutes: z.number().int().nullable(), resolutionMinutes: z.number().int().nullable(),
  warnBeforeMinutes: z.number().int(),
  escalation: z.object({ notify: z.boolean(), raisePriority: z.boolean(), reassignToUserId: Uuid.nullable() }),
  createdAt: IsoDateTime,
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const HoursRange = z.strictObject({ from: Clock, to: Clock });
export const WeeklyHours = z.strictObject({
  mon: z.array(HoursRange).optional(), tue: z.array(HoursRange).optional(), wed: z.array(HoursRange).optional(),
  thu: z.array(HoursRange).optional(), fri: z.array(HoursRange).optional(), sat: z.array(HoursRange).optional(),
  sun: z.array(HoursRange).optional(),
});
export const BusinessClosure = z.strictObject({
  date: IsoDate, until: IsoDate.optional(), from: Clock.optional(), to: Clock.optional(), name: z.string().max(200).optional(),
});
export const BusinessCalendar = z.object({
  timeZone: z.string(),
  weeklyHours: WeeklyHours,
  holidayCountries: z.array(z.enum(['AZ', 'TR'])),
  closures: z.array(BusinessClosure),
  /** Public holidays of the next twelve months from the domain's AZ/TR calendars, for display. */
  upcomingHolidays: z.array(z.object({ date: IsoDate, name: z.string().nullable() })),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
export const BusinessCalendarUpdate = z.strictObject({
  timeZone: z.string().min(1).max(64).optional(),
  weeklyHours: WeeklyHours.optional(),
  holidayCountries: z.array(z.enum(['AZ', 'TR'])).optional(),
  closures: z.array(BusinessClosure).max(500).optional(),
});
export type BusinessCalendarUpdate = z.infer<typeof BusinessCalendarUpdate>;

const Translated = z.strictObject({ az: z.string().max(20_000), tr: z.string().max(20_000), en: z.string().max(20_000) });
export const CannedReplyCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  body: Translated.describe('Variables: {{customer.name}}, {{customer.firstName}}, {{case.number}}, {{case.subject}}, {{agent.name}}, {{workspace.name}}'),
  departmentId: Uuid.nullable().default(null),
});
export const CannedReplyUpdate = CannedReplyCreate.partial();
export const CannedReply = z.object({ id: Uuid, name: z.string(), body: Translated, departmentId: Uuid.nullable(), createdAt: IsoDateTime });
export type CannedReply = z.infer<typeof CannedReply>;
export const CannedReplyRenderQuery = z.object({ caseId: Uuid, language: CaseLanguage.optional() });
export const RenderedReply = z.object({ text: z.string(), language: CaseLanguage, missing: z.array(z.string()) });

export const OnboardingTemplateCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  steps: z.array(z.strictObject({ key: z.string().trim().min(1).max(50).regex(/^[a-z0-9_-]+$/), title: z.string().trim().min(1).max(300) })).min(1).max(100),
});
export const OnboardingTemplate = z.object({
  id: Uuid, name: z.string(), steps: z.array(z.object({ key: z.string(), title: z.string() })), createdAt: IsoDateTime,
});
export type OnboardingTemplate = z.infer<typeof OnboardingTemplate>;
export const OnboardingStart = z.strictObject({
  customerId: Uuid, templateId: Uuid, subject: z.string().trim().min(1).max(300).optional(),
  assigneeId: Uuid.nullable().optional(), departmentId: Uuid.nullable().optional(),
});
export const OnboardingStepUpdate = z.strictObject({ done: z.boolean() });

export const ClassifierStatus = z.object({
  trainedAt: IsoDateTime.nullable(),
  trainingCases: z.number().int(),
  heldOutCases: z.number().int(),
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  labels: z.array(z.object({ label: z.string(), f1: z.number(), support: z.number().int() })),
  status: z.enum(['none', 'queued', 'ready', 'too_few_cases']),
});
export type ClassifierStatus = z.infer<typeof ClassifierStatus>;
