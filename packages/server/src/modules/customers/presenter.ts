import type { Consent, Customer, TimelineEntry } from '@vefa/contract';
import type { consents, customers, timelineEntries } from './schema.ts';

type CustomerRow = typeof customers.$inferSelect;
type TimelineRow = typeof timelineEntries.$inferSelect;

const LANGUAGES = ['az', 'tr', 'en', 'ru'] as const;
const isLanguage = (v: string | null): v is (typeof LANGUAGES)[number] => v !== null && (LANGUAGES as readonly string[]).includes(v);

const DATE_COLUMNS = new Set(['createdAt', 'updatedAt', 'recordedAt']);

/** A row that Postgres turned into JSON (to_jsonb), back in the shape Drizzle gives: camelCase keys, Date timestamps. */
const camelKeys = new Map<string, string>();
export function fromJson<T>(json: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    // Column names are few and repeat on every row of every search.
    let camel = camelKeys.get(key);
    if (camel === undefined) camelKeys.set(key, camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
    out[camel] = DATE_COLUMNS.has(camel) && typeof value === 'string' ? new Date(value) : value;
  }
  return out as T;
}

export const customerFromJson = (json: Record<string, unknown>) => fromJson<CustomerRow>(json);

/** The API's view of a customer; database rows never leave the module as they are. */
export function presentCustomer(row: CustomerRow): Customer {
  const language = isLanguage(row.language) ? row.language : null;
  return {
    id: row.id,
    kind: row.kind === 'company' ? 'company' : 'person',
    displayName: row.displayName,
    firstName: row.firstName,
    lastName: row.lastName,
    companyName: row.companyName,
    companyId: row.companyId,
    externalId: row.externalId,
    email: row.email,
    phone: row.phone,
    language,
    birthDate: row.birthDate,
    addresses: row.addresses.map((a) => ({ ...a })),
    tags: row.tags,
    customFields: row.customFields,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentTimelineEntry(row: TimelineRow): TimelineEntry {
  return {
    id: row.id,
    customerId: row.customerId,
    kind: row.kind,
    occurredAt: row.occurredAt.toISOString(),
    summary: row.summary,
    body: row.body,
    actor: { id: row.actorId, name: row.actorName },
    data: row.data,
  };
}

/** A snapshot for the audit log: the fields a person edits, without derived columns. */
export function auditSnapshot(row: CustomerRow) {
  const { nameKey: _nameKey, workspaceId: _workspaceId, createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = row;
  return rest;
}

const CHANNELS = ['email', 'sms', 'phone', 'push', 'post'] as const;
type ConsentRow = typeof consents.$inferSelect;

export function presentConsent(row: ConsentRow): Consent | null {
  const channel = CHANNELS.find((c) => c === row.channel);
  if (!channel) return null;
  return { channel, granted: row.granted, source: row.source, recordedAt: row.recordedAt.toISOString() };
}
