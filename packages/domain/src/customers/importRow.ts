import { toE164 } from './phone.ts';
import { normalizeEmail } from './searchText.ts';

/** Fields a column of an import file can be mapped to. `custom:<key>` maps to a custom field. */
export const IMPORT_FIELDS = [
  'external_id',
  'kind',
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'language',
  'birth_date',
  'tags',
  'street',
  'city',
  'postal_code',
  'country',
  'consent_email',
  'consent_sms',
  'company_external_id',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number] | `custom:${string}`;

export const LANGUAGES = ['az', 'tr', 'en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What an import row or an API call wants a customer to be. */
export interface CustomerDraft {
  kind: 'person' | 'company';
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  language: Language | null;
  birthDate: string | null;
  tags: string[];
  address: { street: string | null; city: string | null; postalCode: string | null; country: string | null } | null;
  consent: Partial<Record<'email' | 'sms', boolean>>;
  companyExternalId: string | null;
  customFields: Record<string, string>;
}

export interface ImportFieldError {
  column: string;
  value: string;
  code: string;
  expected: string;
}

/** A custom field as the workspace defined it, enough to check a value. */
export interface CustomFieldRule {
  key: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'select';
  options?: readonly string[];
}

const YES = new Set(['1', 'yes', 'true', 'bəli', 'beli', 'evet', 'hə', 'y']);
const NO = new Set(['0', 'no', 'false', 'xeyr', 'hayır', 'hayir', 'yox', 'n', '']);

export function parseYesNo(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** Accepts ISO dates and the day-first forms common in Azerbaijan and Türkiye. */
export function parseCalendarDate(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const dayFirst = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(v);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dayFirst) [d, m, y] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export function checkCustomFieldValue(rule: CustomFieldRule, value: string): string | null {
  switch (rule.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? null : 'a number';
    case 'date':
      return parseCalendarDate(value) ? null : 'a date (YYYY-MM-DD or DD.MM.YYYY)';
    case 'boolean':
      return parseYesNo(value) === null ? 'yes or no' : null;
    case 'select':
      return rule.options?.includes(value) ? null : `one of: ${(rule.options ?? []).join(', ')}`;
    default:
      return null;
  }
}

/**
 * Turns one row of an import file into a draft, or says for each bad column
 * what was found and what was expected. `mapping` is column header → field.
 */
export function readImportRow(
  row: Record<string, string>,
  mapping: Record<string, ImportField>,
  customFields: readonly CustomFieldRule[],
): { draft: CustomerDraft; errors: ImportFieldError[] } {
  const errors: ImportFieldError[] = [];
  const draft: CustomerDraft = {
    kind: 'person', externalId: null, firstName: null, lastName: null, companyName: null,
    email: null, phone: null, language: null, birthDate: null, tags: [], address: null,
    consent: {}, companyExternalId: null, customFields: {},
  };
  const address = { street: null as string | null, city: null as string | null, postalCode: null as string | null, country: null as string | null };
  const fail = (column: string, value: string, code: string, expected: string) => errors.push({ column, value, code, expected });

  for (const [column, field] of Object.entries(mapping)) {
    const value = (row[column] ?? '').trim();
    if (value === '') continue;
    switch (field) {
      case 'external_id': draft.externalId = value; break;
      case 'kind':
        if (value === 'person' || value === 'company') draft.kind = value;
        else fail(column, value, 'invalid_kind', 'person or company');
        break;
      case 'first_name': draft.firstName = value; break;
      case 'last_name': draft.lastName = value; break;
      case 'company_name': draft.companyName = value; break;
      case 'email':
        if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) draft.email = normalizeEmail(value);
        else fail(column, value, 'invalid_email', 'an e-mail address like name@example.az');
        break;
      case 'phone': {
        const e164 = toE164(value);
        if (e164) draft.phone = e164;
        else fail(column, value, 'invalid_phone', 'a phone number, e.g. +994 50 123 45 67');
        break;
      }
      case 'language':
        if ((LANGUAGES as readonly string[]).includes(value.toLowerCase())) draft.language = value.toLowerCase() as Language;
        else fail(column, value, 'invalid_language', `one of ${LANGUAGES.join(', ')}`);
        break;
      case 'birth_date': {
        const date = parseCalendarDate(value);
        if (date) draft.birthDate = date;
        else fail(column, value, 'invalid_date', 'a date (YYYY-MM-DD or DD.MM.YYYY)');
        break;
      }
      case 'tags': draft.tags = [...new Set(value.split(/[;,]/).map((t) => t.trim()).filter(Boolean))]; break;
      case 'street': address.street = value; break;
      case 'city': address.city = value; break;
      case 'postal_code': address.postalCode = value; break;
      case 'country':
        if (/^[A-Za-z]{2}$/.test(value)) address.country = value.toUpperCase();
        else fail(column, value, 'invalid_country', 'a two-letter country code such as AZ or TR');
        break;
      case 'consent_email':
      case 'consent_sms': {
        const yes = parseYesNo(value);
        if (yes === null) fail(column, value, 'invalid_boolean', 'yes or no');
        else draft.consent[field === 'consent_email' ? 'email' : 'sms'] = yes;
        break;
      }
      case 'company_external_id': draft.companyExternalId = value; break;
      default: {
        const key = field.slice('custom:'.length);
        const rule = customFields.find((f) => f.key === key);
        if (!rule) { fail(column, value, 'unknown_custom_field', `a defined custom field, not "${key}"`); break; }
        const expected = checkCustomFieldValue(rule, value);
        if (expected) fail(column, value, 'invalid_custom_field', expected);
        else draft.customFields[key] = value;
      }
    }
  }
  if (Object.values(address).some((v) => v !== null)) draft.address = address;
  if (draft.kind === 'company' && !draft.companyName) {
    fail('company_name', '', 'required', 'a company name for a company');
  }
  if (draft.kind === 'person' && !draft.firstName && !draft.lastName && !draft.email && !draft.phone) {
    fail(Object.keys(mapping)[0] ?? 'first_name', '', 'required', 'a name, an e-mail or a phone number');
  }
  return { draft, errors };
}
