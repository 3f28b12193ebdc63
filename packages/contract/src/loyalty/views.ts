import { z } from 'zod';
import { IsoDate, Uuid } from '../platform/common.ts';

/** Read-only views for the loyalty web pages: members with their customer's name, programme summaries. */

export const LoyaltyMemberSearchQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  programmeId: Uuid.optional(),
  tierId: Uuid.optional(),
  q: z.string().trim().max(200).optional().describe('Name, e-mail, phone or card number'),
});

export const LoyaltyMemberRow = z.object({
  id: Uuid, programmeId: Uuid, customerId: Uuid, displayName: z.string(), email: z.string().nullable(), phone: z.string().nullable(),
  cardNumber: z.string(), status: z.enum(['active', 'opted_out']), joinedOn: IsoDate,
  tierId: Uuid.nullable(), tierName: z.string().nullable(), available: z.number().int(), pending: z.number().int(),
});
export type LoyaltyMemberRow = z.infer<typeof LoyaltyMemberRow>;

export const LoyaltyMemberNamesQuery = z.object({
  ids: z.string().trim().min(1).max(200 * 37).describe('Member ids, comma-separated, at most 200'),
});
export const LoyaltyMemberName = z.object({ memberId: Uuid, customerId: Uuid, displayName: z.string(), cardNumber: z.string() });

export const LoyaltyProgrammeSummary = z.object({
  programmeId: Uuid,
  currency: z.string(),
  members: z.object({ total: z.number().int(), active: z.number().int(), joinedLast30Days: z.number().int() }),
  points: z.object({
    available: z.number().int(), pending: z.number().int(),
    outstandingValueMinor: z.number().int().describe('available × point value'),
  }),
  tiers: z.array(z.object({ tierId: Uuid.nullable(), name: z.string().nullable(), rank: z.number().int().nullable(), members: z.number().int() })),
  months: z.array(z.object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    issued: z.number().int().describe('Points members received (earned, bonuses, positive adjustments)'),
    redeemed: z.number().int(), expired: z.number().int(),
    reversed: z.number().int().describe('Points taken back by returns and negative adjustments'),
  })).describe('The last 12 months, oldest first, in the workspace time zone'),
});
export type LoyaltyProgrammeSummary = z.infer<typeof LoyaltyProgrammeSummary>;
