import { z } from 'zod';
import { CaseLanguage, CaseType } from './cases.ts';

/** A signed timestamp the page fetches when it shows the form; posting faster than a person can type is refused. */
export const PublicFormTicket = z.object({ ticket: z.string(), minSeconds: z.number().int(), workspaceName: z.string() });
export const PublicFormSubmit = z.strictObject({
  ticket: z.string().min(10).max(500),
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  phone: z.string().trim().max(50).optional(),
  subject: z.string().trim().min(1).max(300),
  message: z.string().trim().min(1).max(20_000),
  type: CaseType.exclude(['onboarding']).default('question'),
  language: CaseLanguage.optional(),
  /** The honeypot: hidden from people, filled by bots. Must stay empty. */
  website: z.string().max(500).optional(),
});
export type PublicFormSubmit = z.infer<typeof PublicFormSubmit>;
export const PublicFormReceipt = z.object({ caseNumber: z.string() });
