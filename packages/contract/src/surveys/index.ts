import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';

// Surveys: NPS, CSAT, CES and custom questionnaires, their distribution, the
// public answer page, results with feedback analysis, and follow-up cases.

export const SurveyType = z.enum(['nps', 'csat', 'ces', 'custom']);
export const SurveyStatus = z.enum(['draft', 'active', 'closed']);
export const SurveyLanguage = z.enum(['az', 'tr', 'en']);
export const LocalizedText = z.object({ az: z.string().trim().min(1).max(500), tr: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) }).strict();

export const SurveyQuestionKind = z.enum(['single', 'multiple', 'rating', 'text']);
export const SurveyQuestion = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  kind: SurveyQuestionKind,
  text: LocalizedText,
  options: z.array(z.object({ id: z.string().regex(/^[a-z0-9_-]{1,40}$/), text: LocalizedText }).strict()).max(20).default([]),
  /** Rating questions: 1 … scaleMax. */
  scaleMax: z.number().int().min(2).max(10).default(5),
  required: z.boolean().default(false),
}).strict();

export const SurveyTriggerEvent = z.enum(['case_resolved', 'purchase', 'loyalty_joined']);
export const SurveyTrigger = z.object({
  event: SurveyTriggerEvent,
  /** Send this many days after the event (loyalty_joined: N days after joining). */
  delayDays: z.number().int().min(0).max(365).default(0),
}).strict();

export const SurveyCreate = z.object({
  name: z.string().trim().min(1).max(200),
  type: SurveyType,
  /** The scored question (NPS 0–10, CSAT 1–5, CES 1–7); required unless custom. */
  question: LocalizedText.optional(),
  /** The "why?" asked after the score. */
  commentPrompt: LocalizedText.optional(),
  questions: z.array(SurveyQuestion).max(30).default([]),
  trigger: SurveyTrigger.nullable().default(null),
  /** Department that receives follow-up cases (else the workspace default). */
  followUpDepartmentId: Uuid.nullable().default(null),
  /** Days a link stays valid. */
  validDays: z.number().int().min(1).max(90).default(14),
}).strict();

export const SurveyUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  status: SurveyStatus.optional(),
  question: LocalizedText.optional(),
  commentPrompt: LocalizedText.optional(),
  questions: z.array(SurveyQuestion).max(30).optional(),
  trigger: SurveyTrigger.nullable().optional(),
  followUpDepartmentId: Uuid.nullable().optional(),
  validDays: z.number().int().min(1).max(90).optional(),
}).strict();

export const Survey = z.object({
  id: Uuid,
  name: z.string(),
  type: SurveyType,
  status: SurveyStatus,
  question: LocalizedText.nullable(),
  commentPrompt: LocalizedText.nullable(),
  questions: z.array(SurveyQuestion),
  trigger: SurveyTrigger.nullable(),
  followUpDepartmentId: Uuid.nullable(),
  validDays: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const SurveyAudience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customers'), customerIds: z.array(Uuid).min(1).max(10_000) }).strict(),
  z.object({ kind: z.literal('tag'), tag: z.string().trim().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('segment'), segmentId: Uuid }).strict(),
]);

export const DistributionCreate = z.object({
  audience: SurveyAudience,
  /** email: sent by the worker, throttled; link: invitations made, links listed for another channel. */
  channel: z.enum(['email', 'link']).default('email'),
  /** One reminder to those who have not answered after this many days; null = none. */
  reminderAfterDays: z.number().int().min(1).max(30).nullable().default(null),
  /** Send throttle. */
  perMinute: z.number().int().min(1).max(100_000).default(600),
}).strict();

export const InvitationCounts = z.object({
  total: z.number().int(), queued: z.number().int(), sent: z.number().int(), answered: z.number().int(),
  skippedFatigue: z.number().int(), skippedConsent: z.number().int(), failed: z.number().int(), reminded: z.number().int(),
});

export const Distribution = z.object({
  id: Uuid,
  surveyId: Uuid,
  audience: SurveyAudience,
  channel: z.enum(['email', 'link']),
  reminderAfterDays: z.number().int().nullable(),
  perMinute: z.number().int(),
  counts: InvitationCounts,
  createdAt: IsoDateTime,
});

export const SurveyInvitation = z.object({
  id: Uuid,
  customerId: Uuid,
  customerName: z.string(),
  status: z.string(),
  language: SurveyLanguage,
  url: z.string().nullable(),
  sentAt: IsoDateTime.nullable(),
  answeredAt: IsoDateTime.nullable(),
});

export const Sentiment = z.enum(['positive', 'neutral', 'negative']);

export const FollowUpCase = z.object({ id: Uuid, number: z.string(), status: z.string() });

export const SurveyResponse = z.object({
  id: Uuid,
  surveyId: Uuid,
  /** Null for an answer through the survey's public link or widget. */
  customerId: Uuid.nullable(),
  customerName: z.string().nullable(),
  score: z.number().int().nullable(),
  answers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number()])),
  comment: z.string().nullable(),
  language: z.string(),
  sentiment: Sentiment.nullable(),
  sentimentScore: z.number().nullable(),
  keywords: z.array(z.string()),
  themes: z.array(z.string()),
  context: z.record(z.string(), z.string()),
  followUpCase: FollowUpCase.nullable(),
  createdAt: IsoDateTime,
});

export const ResponseListQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  sentiment: Sentiment.optional(),
  theme: z.string().max(100).optional(),
});

const Nps = z.object({
  responses: z.number().int(), promoters: z.number().int(), passives: z.number().int(), detractors: z.number().int(),
  nps: z.number().nullable(), ci95: z.object({ low: z.number(), high: z.number() }).nullable(), standardError: z.number().nullable(),
});
const Csat = z.object({ responses: z.number().int(), satisfied: z.number().int(), csat: z.number().nullable(), average: z.number().nullable() });
const Ces = z.object({ responses: z.number().int(), average: z.number().nullable(), easyShare: z.number().nullable() });

export const ScoreSlice = z.object({ key: z.string(), responses: z.number().int(), value: z.number().nullable(), nps: Nps.nullable() });

export const SurveyResults = z.object({
  surveyId: Uuid,
  type: SurveyType,
  invited: z.number().int(),
  delivered: z.number().int(),
  responses: z.number().int(),
  responseRate: z.number().nullable(),
  nps: Nps.nullable(),
  csat: Csat.nullable(),
  ces: Ces.nullable(),
  /** value: NPS, CSAT % or CES average of the month. */
  trend: z.array(z.object({ month: z.string(), responses: z.number().int(), value: z.number().nullable() })),
  breakdowns: z.array(z.object({ dimension: z.string(), slices: z.array(ScoreSlice) })),
  sentiment: z.object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() }),
  followUps: z.object({ opened: z.number().int(), resolved: z.number().int() }),
  /** The service desk's own CSAT on resolved cases, for comparison. */
  deskCsat: Csat.nullable(),
  /** Custom questions: how many answered each, option counts (single/multiple), average (rating). */
  questions: z.array(z.object({
    id: z.string(), kind: SurveyQuestionKind, answered: z.number().int(), average: z.number().nullable(),
    options: z.array(z.object({ id: z.string(), count: z.number().int() })),
  })),
});

export const SurveyTheme = z.object({
  key: z.string(),
  name: z.string().nullable(),
  keywords: z.array(z.string()),
  size: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  examples: z.array(z.object({ responseId: Uuid, text: z.string(), sentiment: Sentiment })),
});
export const ThemeRename = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const SurveySettings = z.object({
  fatigueDays: z.number().int().min(0).max(365),
  followUpDepartmentId: Uuid.nullable(),
  followUpOnDetractor: z.boolean(),
  followUpOnNegativeSentiment: z.boolean(),
});
export const SurveySettingsUpdate = SurveySettings.partial().strict();

// Public answer page (no sign-in): the token in the link is the credential.
export const PublicSurveyQuery = z.object({ score: z.coerce.number().int().min(0).max(10).optional() });
export const PublicSurveyView = z.object({
  workspaceName: z.string(),
  type: SurveyType,
  language: SurveyLanguage,
  state: z.enum(['open', 'answered']),
  question: z.string().nullable(),
  commentPrompt: z.string().nullable(),
  scale: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
  questions: z.array(z.object({
    id: z.string(), kind: SurveyQuestionKind, text: z.string(), required: z.boolean(), scaleMax: z.number().int(),
    options: z.array(z.object({ id: z.string(), text: z.string() })),
  })),
  /** The score clicked in the e-mail, to preselect. */
  score: z.number().int().nullable(),
  /** After the score is in, the page asks for the comment once. */
  commentOpen: z.boolean(),
});
export const PublicSurveySubmit = z.object({
  score: z.number().int().min(0).max(10).optional(),
  answers: z.record(z.string().max(40), z.union([z.string().max(2000), z.array(z.string().max(40)).max(20), z.number().int().min(0).max(10)])).optional(),
  comment: z.string().trim().max(4000).optional(),
}).strict();
/** The survey's own public link (not per recipient) and the snippet that embeds it. */
export const SurveyPublicLink = z.object({ url: z.string(), embedUrl: z.string(), embedHtml: z.string() });
export const PublicSurveyLinkQuery = PublicSurveyQuery.extend({ lang: SurveyLanguage.default('az') });
export const PublicSurveyThanks = z.object({ state: z.literal('answered'), commentOpen: z.boolean() });
