import { z } from 'zod';
import { IsoDateTime } from '../platform/common.ts';
import { CaseLanguage } from './cases.ts';

/** What the public CSAT page shows: no customer data beyond the case number and subject. */
export const CsatPublicView = z.object({
  caseNumber: z.string(),
  subject: z.string(),
  workspaceName: z.string(),
  language: CaseLanguage,
  expiresAt: IsoDateTime,
  answered: z.boolean(),
  score: z.number().int().min(1).max(5).nullable().describe('The score from the link, if any'),
});
export const CsatPublicQuery = z.object({ score: z.coerce.number().int().min(1).max(5).optional() });
export const CsatSubmit = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
export const CsatThanks = z.object({ ok: z.literal(true), score: z.number().int() });
