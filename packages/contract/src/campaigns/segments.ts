import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';

/** Shape of a segment definition (checked in depth by the server, which names the path of a bad condition). */
export type SegmentNodeShape =
  | { type: 'group'; combinator: 'and' | 'or'; conditions: SegmentNodeShape[] }
  | { type: 'condition'; field: string; op: string; value?: unknown; key?: string; period?: { lastDays: number } | { from: string; to: string }; withinDays?: number };

export const SegmentDefinition = z.record(z.string(), z.unknown())
  .describe('Nested groups {"type":"group","combinator":"and"|"or","conditions":[…]} of conditions {"type":"condition","field","op","value","key"?,"period"?,"withinDays"?}; see GET /campaigns/segment-fields');

export const SegmentKind = z.enum(['dynamic', 'static']).describe('dynamic: evaluated when used; static: members frozen at the last snapshot');

export const SegmentCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: SegmentKind.default('dynamic'),
  definition: SegmentDefinition,
});
export const SegmentUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  definition: SegmentDefinition.optional(),
});

export const Segment = z.object({
  id: Uuid,
  name: z.string(),
  kind: SegmentKind,
  definition: SegmentDefinition,
  memberCount: z.number().int().nullable().describe('Members of the last snapshot (static segments)'),
  snapshotAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Segment = z.infer<typeof Segment>;

export const SegmentCountInput = z.strictObject({ definition: SegmentDefinition });
export const SegmentCount = z.object({
  count: z.number().int(),
  conditions: z.number().int(),
  sample: z.array(z.object({ id: Uuid, displayName: z.string() })),
  tookMs: z.number(),
});
export type SegmentCount = z.infer<typeof SegmentCount>;

export const SegmentFieldInfo = z.object({
  field: z.string(),
  ops: z.array(z.object({ op: z.string(), value: z.enum(['none', 'text', 'texts', 'number', 'range', 'date']) })),
  values: z.array(z.string()).nullable(),
  needsKey: z.enum(['customField', 'consent']).nullable(),
  needsPeriod: z.boolean(),
  needsWithinDays: z.boolean(),
});
export const SegmentFields = z.object({ items: z.array(SegmentFieldInfo) });
