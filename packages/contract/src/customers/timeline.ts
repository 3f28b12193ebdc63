import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';

/** Kinds people log by hand; modules add their own kinds (purchase, case, deal, ...). */
export const ManualTimelineKind = z.enum(['note', 'call', 'email', 'meeting']);

export const TimelineEntry = z.object({
  id: Uuid,
  customerId: Uuid,
  kind: z.string(),
  occurredAt: IsoDateTime,
  summary: z.string(),
  body: z.string().nullable(),
  actor: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelineEntryCreate = z.strictObject({
  kind: ManualTimelineKind,
  summary: z.string().trim().min(1).max(300),
  body: z.string().max(20_000).nullable().optional(),
  occurredAt: IsoDateTime.optional(),
  direction: z.enum(['inbound', 'outbound']).optional().describe('For calls and e-mails'),
  durationMinutes: z.number().int().min(0).max(24 * 60).optional().describe('For calls and meetings'),
});
