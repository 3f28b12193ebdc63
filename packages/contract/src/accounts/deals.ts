import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';
import { CurrencyCode, MinorAmount, AccountsMoney } from './accounts.ts';

export const PipelineStage = z.object({
  id: Uuid, key: z.string().nullable(), name: z.string(), position: z.number().int(),
  probability: z.number().int().min(0).max(100), outcome: z.enum(['open', 'won']),
});
export const Pipeline = z.object({ id: Uuid, name: z.string(), isDefault: z.boolean(), stages: z.array(PipelineStage) });
export type Pipeline = z.infer<typeof Pipeline>;

const StageInput = z.strictObject({
  name: z.string().trim().min(1).max(120), probability: z.number().int().min(0).max(100), outcome: z.enum(['open', 'won']).default('open'),
});
export const PipelineCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  stages: z.array(StageInput).min(2).max(30).optional().describe('Defaults to the work cycle: prospect → … → referral'),
});

export const DealStatus = z.enum(['open', 'won', 'lost']);
export const DealProduct = z.object({ productId: Uuid, quantity: z.number().int().min(1).max(10_000_000) });

export const Deal = z.object({
  id: Uuid,
  title: z.string(),
  accountId: Uuid,
  accountName: z.string(),
  contactId: Uuid.nullable(),
  pipelineId: Uuid,
  stageId: Uuid,
  stageName: z.string(),
  status: DealStatus,
  value: AccountsMoney,
  probability: z.number().int(),
  expectedCloseOn: IsoDate.nullable(),
  ownerId: Uuid,
  products: z.array(DealProduct),
  nextStep: z.string().nullable(),
  nextStepDueOn: IsoDate.nullable(),
  competitorId: Uuid.nullable(),
  lostReason: z.string().nullable(),
  lostToCompetitorId: Uuid.nullable(),
  stageEnteredAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type Deal = z.infer<typeof Deal>;

export const DealCreate = z.strictObject({
  title: z.string().trim().min(1).max(200),
  accountId: Uuid,
  contactId: Uuid.nullable().optional(),
  pipelineId: Uuid.optional().describe('Defaults to the workspace default pipeline'),
  stageId: Uuid.optional().describe('Defaults to the first stage'),
  value: z.strictObject({ amountMinor: MinorAmount, currency: CurrencyCode }),
  probability: z.number().int().min(0).max(100).optional().describe('Defaults to the stage probability'),
  expectedCloseOn: IsoDate.nullable().optional(),
  products: z.array(DealProduct).max(200).optional(),
  nextStep: z.string().trim().max(300).nullable().optional(),
  nextStepDueOn: IsoDate.nullable().optional(),
  competitorId: Uuid.nullable().optional(),
  referralId: Uuid.nullable().optional(),
});
export type DealCreate = z.infer<typeof DealCreate>;

export const DealUpdate = DealCreate.omit({ accountId: true, pipelineId: true, stageId: true, referralId: true }).partial().strict();
export type DealUpdate = z.infer<typeof DealUpdate>;

export const DealMove = z.strictObject({ stageId: Uuid });
export const DealClose = z.strictObject({
  outcome: z.enum(['won', 'lost']),
  reason: z.string().trim().min(1).max(500).optional().describe('Required when lost'),
  lostToCompetitorId: Uuid.nullable().optional(),
});

export const DealListQuery = z.object({
  pipelineId: Uuid.optional(),
  accountId: Uuid.optional(),
  status: DealStatus.optional(),
  stageId: Uuid.optional(),
  ownerId: Uuid.optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const StageVisit = z.object({ stageId: Uuid, stageName: z.string(), enteredAt: IsoDateTime, leftAt: IsoDateTime.nullable(), durationMs: z.number().int() });
export const DealView = z.object({ deal: Deal, history: z.array(StageVisit), timeInStageMs: z.record(z.string(), z.number().int()) });

/** What a kanban card shows; the deal page (GET /accounts/deals/{id}) has the rest. */
export const BoardCard = Deal.pick({
  id: true, title: true, accountId: true, accountName: true, stageId: true, status: true, value: true, probability: true,
  expectedCloseOn: true, ownerId: true, nextStep: true, nextStepDueOn: true, stageEnteredAt: true,
});
export type BoardCard = z.infer<typeof BoardCard>;

/** The kanban: per stage, the newest cards and the totals of all its deals (the rest page through GET /accounts/deals?stageId=). */
export const Board = z.object({
  pipeline: Pipeline,
  columns: z.array(z.object({
    stageId: Uuid, count: z.number().int().describe('Every deal in the stage, not only the cards sent'),
    totals: z.record(z.string(), z.number().int()).describe('Value by currency'),
    deals: z.array(BoardCard).describe('The newest cards of the stage (perStage)'),
  })),
});
export type Board = z.infer<typeof Board>;

export const ActivityKind = z.enum(['call', 'meeting', 'appointment', 'email', 'fax', 'letter', 'chat', 'task']);
export const Activity = z.object({
  id: Uuid,
  kind: ActivityKind,
  accountId: Uuid,
  contactId: Uuid.nullable(),
  dealId: Uuid.nullable(),
  subject: z.string(),
  body: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  occurredAt: IsoDateTime.nullable(),
  startsAt: IsoDateTime.nullable(),
  endsAt: IsoDateTime.nullable(),
  timeZone: z.string().nullable(),
  location: z.string().nullable(),
  dueAt: IsoDateTime.nullable(),
  doneAt: IsoDateTime.nullable(),
  reminderMinutes: z.number().int().nullable(),
  invitation: z.enum(['none', 'queued', 'sent', 'failed', 'no_transport']),
  ownerId: Uuid,
  createdAt: IsoDateTime,
});
export type Activity = z.infer<typeof Activity>;

export const ActivityCreate = z.strictObject({
  kind: ActivityKind,
  accountId: Uuid,
  contactId: Uuid.nullable().optional(),
  dealId: Uuid.nullable().optional(),
  subject: z.string().trim().min(1).max(300),
  body: z.string().max(20_000).nullable().optional(),
  direction: z.enum(['inbound', 'outbound']).nullable().optional(),
  occurredAt: IsoDateTime.optional().describe('When a call, e-mail, fax, letter or chat happened; defaults to now'),
  startsAt: IsoDateTime.optional().describe('Meetings and appointments'),
  endsAt: IsoDateTime.optional(),
  timeZone: z.string().max(60).optional().describe('IANA zone of the meeting; defaults to the workspace zone'),
  location: z.string().max(300).nullable().optional(),
  dueAt: IsoDateTime.optional().describe('Tasks and follow-ups'),
  reminderMinutes: z.number().int().min(0).max(10_080).nullable().optional(),
  sendInvitation: z.boolean().default(false).describe('E-mail an iCalendar invitation to the contact'),
});
export type ActivityCreate = z.infer<typeof ActivityCreate>;

export const ActivityListQuery = z.object({
  accountId: Uuid.optional(),
  dealId: Uuid.optional(),
  contactId: Uuid.optional(),
  kind: ActivityKind.optional(),
  from: IsoDateTime.optional().describe('Calendar window start (scheduled or occurred time)'),
  to: IsoDateTime.optional(),
  open: z.enum(['true', 'false']).optional().describe('Only tasks not yet done'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
