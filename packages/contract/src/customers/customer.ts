import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';

export const CustomerKind = z.enum(['person', 'company']);
export const CustomerLanguage = z.enum(['az', 'tr', 'en', 'ru']);
export const ConsentChannel = z.enum(['email', 'sms', 'phone', 'push', 'post']);

export const Address = z.strictObject({
  label: z.string().max(60).optional(),
  street: z.string().max(300).nullable().optional(),
  city: z.string().max(120).nullable().optional(),
  postalCode: z.string().max(20).nullable().optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'two-letter country code, e.g. AZ').nullable().optional(),
});

export const Consent = z.object({
  channel: ConsentChannel,
  granted: z.boolean(),
  source: z.string(),
  recordedAt: IsoDateTime,
});

export type Consent = z.infer<typeof Consent>;

export const Customer = z.object({
  id: Uuid,
  kind: CustomerKind,
  displayName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  companyName: z.string().nullable(),
  companyId: Uuid.nullable(),
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: CustomerLanguage.nullable(),
  birthDate: IsoDate.nullable(),
  addresses: z.array(Address),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.string()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Customer = z.infer<typeof Customer>;

const Tag = z.string().trim().min(1).max(60);

const editable = {
  firstName: z.string().trim().min(1).max(120).nullable().optional(),
  lastName: z.string().trim().min(1).max(120).nullable().optional(),
  companyName: z.string().trim().min(1).max(200).nullable().optional(),
  companyId: Uuid.nullable().optional(),
  externalId: z.string().trim().min(1).max(120).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  phone: z.string().max(40).nullable().optional().describe('Any common form; stored as E.164'),
  language: CustomerLanguage.nullable().optional(),
  birthDate: IsoDate.nullable().optional(),
  addresses: z.array(Address).max(10).optional(),
  tags: z.array(Tag).max(50).optional(),
  customFields: z.record(z.string(), z.string().max(1000)).optional(),
};

export const CustomerCreate = z.strictObject({
  kind: CustomerKind.default('person'),
  ...editable,
  consents: z.array(z.strictObject({ channel: ConsentChannel, granted: z.boolean(), source: z.string().min(1).max(120) })).optional(),
});
export type CustomerCreate = z.infer<typeof CustomerCreate>;
export const CustomerUpdate = z.strictObject(editable);
export type CustomerUpdate = z.infer<typeof CustomerUpdate>;

export const CustomerSort = z.enum(['name', '-name', 'created', '-created', 'updated', '-updated']);
export const CustomerListQuery = z.object({
  q: z.string().max(200).optional().describe('Name (prefix, typo-tolerant), e-mail, phone or external id'),
  kind: CustomerKind.optional(),
  tag: z.string().optional(),
  language: CustomerLanguage.optional(),
  companyId: Uuid.optional(),
  consent: ConsentChannel.optional().describe('Only customers who granted this channel'),
  sort: CustomerSort.default('name'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

export const ConsentUpdate = z.strictObject({ granted: z.boolean(), source: z.string().trim().min(1).max(120) });

export const CustomFieldType = z.enum(['text', 'number', 'date', 'boolean', 'select']);
export const CustomFieldDefinition = z.object({
  key: z.string(),
  label: z.object({ az: z.string(), tr: z.string(), en: z.string() }),
  type: CustomFieldType,
  options: z.array(z.string()).nullable(),
});
export const CustomFieldCreate = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _; starts with a letter'),
  label: z.strictObject({ az: z.string().min(1).max(80), tr: z.string().min(1).max(80), en: z.string().min(1).max(80) }),
  type: CustomFieldType,
  options: z.array(z.string().min(1).max(80)).min(1).max(100).nullable().default(null),
});

export const DuplicateSuggestion = z.object({
  keep: Customer, duplicate: Customer, score: z.number(),
  reasons: z.array(z.enum(['same_email', 'same_phone', 'same_external_id', 'similar_name'])),
});
export const MergeBody = z.strictObject({ duplicateId: Uuid });

/** Everything the 360 page shows in one request; modules add their panels later. */
export const Customer360 = z.object({
  customer: Customer,
  company: Customer.nullable(),
  contacts: z.array(Customer),
  consents: z.array(Consent),
  customFieldDefinitions: z.array(CustomFieldDefinition),
});
export type Customer360 = z.infer<typeof Customer360>;
