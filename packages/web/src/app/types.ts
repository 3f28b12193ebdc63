// Types of the HTTP API, straight from the zod schemas in @vefa/contract.
import type { z } from 'zod';
import type * as C from '@vefa/contract';

export type Me = z.infer<typeof C.Me>;
export type RoleName = z.infer<typeof C.RoleName>;
export type PermissionName = z.infer<typeof C.PermissionName>;
export type Locale = z.infer<typeof C.Locale>;
export type Problem = z.infer<typeof C.Problem>;

export type Customer = z.infer<typeof C.Customer>;
export type CustomerKind = z.infer<typeof C.CustomerKind>;
export type CustomerLanguage = z.infer<typeof C.CustomerLanguage>;
export type ConsentChannel = z.infer<typeof C.ConsentChannel>;
export type Consent = z.infer<typeof C.Consent>;
export type Address = z.infer<typeof C.Address>;
export type Customer360 = z.infer<typeof C.Customer360>;
export type CustomerCreate = z.input<typeof C.CustomerCreate>;
export type CustomerUpdate = z.input<typeof C.CustomerUpdate>;
export type CustomerSort = z.infer<typeof C.CustomerSort>;
export type CustomFieldDefinition = z.infer<typeof C.CustomFieldDefinition>;
export type CustomFieldCreate = z.input<typeof C.CustomFieldCreate>;
export type CustomFieldType = z.infer<typeof C.CustomFieldType>;
export type DuplicateSuggestion = z.infer<typeof C.DuplicateSuggestion>;

export type TimelineEntry = z.infer<typeof C.TimelineEntry>;
export type TimelineEntryCreate = z.input<typeof C.TimelineEntryCreate>;
export type ManualTimelineKind = z.infer<typeof C.ManualTimelineKind>;

export type ImportFile = z.infer<typeof C.ImportFile>;
export type ImportStart = z.input<typeof C.ImportStart>;
export type ImportRun = z.infer<typeof C.ImportRun>;
export type ImportLineError = z.infer<typeof C.ImportLineError>;
export type SavedMapping = z.infer<typeof C.SavedMapping>;

export type Department = z.infer<typeof C.Department>;
export type Member = z.infer<typeof C.Member>;
export type MemberCreate = z.input<typeof C.MemberCreate>;
export type MemberUpdate = z.input<typeof C.MemberUpdate>;
export type ApiKey = z.infer<typeof C.ApiKey>;
export type ApiKeyCreate = z.input<typeof C.ApiKeyCreate>;
export type ApiKeyCreated = z.infer<typeof C.ApiKeyCreated>;
export type AuditEntry = z.infer<typeof C.AuditEntry>;

export interface Page<T> { items: T[]; nextCursor: string | null }
export interface List<T> { items: T[] }

// Enumerations the UI iterates over. Kept here (not imported at run time) so the
// browser bundle does not pull zod in; locales.test.ts checks they match the contract.
export const ROLES: readonly RoleName[] = [
  'owner', 'admin', 'loyalty_specialist', 'service_coordinator', 'service_agent', 'account_manager', 'viewer',
];
export const PERMISSIONS: readonly PermissionName[] = [
  'customers:read', 'customers:write', 'customers:merge', 'customers:import', 'customers:export',
  'timeline:write', 'settings:read', 'settings:manage', 'users:manage', 'apikeys:manage', 'audit:read',
  'analytics:read', 'analytics:manage',
  'service:read', 'service:work', 'service:manage', 'accounts:read', 'accounts:write', 'accounts:manage',
  'loyalty:read', 'loyalty:manage', 'loyalty:transact', 'campaigns:read', 'campaigns:manage',
  'surveys:read', 'surveys:manage',
];
export const LOCALES: readonly Locale[] = ['az', 'tr', 'en'];
export const CUSTOMER_KINDS: readonly CustomerKind[] = ['person', 'company'];
export const CUSTOMER_LANGUAGES: readonly CustomerLanguage[] = ['az', 'tr', 'en', 'ru'];
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'phone', 'push', 'post'];
export const CUSTOMER_SORTS: readonly CustomerSort[] = ['name', '-name', 'created', '-created', 'updated', '-updated'];
export const MANUAL_TIMELINE_KINDS: readonly ManualTimelineKind[] = ['note', 'call', 'email', 'meeting'];
export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = ['text', 'number', 'date', 'boolean', 'select'];
