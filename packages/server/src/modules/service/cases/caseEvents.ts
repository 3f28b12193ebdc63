import type { CaseEventKind } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { timelineEntryInsert } from '../../customers/timeline.ts';
import { caseEvents, caseMentions } from '../schema.ts';
import type { CaseRow } from '../sla/caseClock.ts';

export interface CaseEventAppend {
  kind: CaseEventKind;
  body?: string | null;
  data?: Record<string, unknown>;
  mentions?: { id: string; name: string }[];
  at?: Date;
  /** What the customer's timeline says; default: the case number and subject. */
  summary?: string;
}

/**
 * Appends to the case's history and, in the same transaction, to the
 * customer's timeline (kind `case_<event>`), so the 360 shows every step of
 * every case without the service desk keeping its own copy of the customer.
 */
export async function appendCaseEvent(tx: Queryable, actor: Actor, row: CaseEventSubject, event: CaseEventAppend) {
  const id = crypto.randomUUID();
  const at = event.at ?? new Date();
  const mentions = event.mentions ?? [];
  const [inserted] = await caseEventInsert(tx, actor, row, event, id, at).returning();
  for (const m of mentions) {
    await tx.insert(caseMentions).values({ workspaceId: row.workspaceId, userId: m.id, eventId: id, caseId: row.id }).onConflictDoNothing();
  }
  await caseTimelineInsert(tx, actor, row, event, at);
  if (!inserted) throw new Error('case event insert returned nothing');
  return inserted;
}

/**
 * The two inserts of an event without mentions (its row and the customer's
 * timeline entry), not yet sent: the caller sends them with its other writes
 * in one statement (see writeTogether).
 */
export function caseEventWrites(tx: Queryable, actor: Actor, row: CaseEventSubject, event: Omit<CaseEventAppend, 'mentions'>) {
  const at = event.at ?? new Date();
  return [caseEventInsert(tx, actor, row, event, crypto.randomUUID(), at), caseTimelineInsert(tx, actor, row, event, at)];
}

type CaseEventSubject = Pick<CaseRow, 'workspaceId' | 'id' | 'number' | 'subject' | 'customerId' | 'status'>;

function caseEventInsert(tx: Queryable, actor: Actor, row: CaseEventSubject, event: CaseEventAppend, id: string, at: Date) {
  return tx.insert(caseEvents).values({
    workspaceId: row.workspaceId, id, caseId: row.id, kind: event.kind, at,
    actorId: actor.userId ?? actor.apiKeyId, actorName: actor.type === 'system' ? null : actor.name,
    body: event.body ?? null, mentions: event.mentions ?? [], data: event.data ?? {},
  });
}

function caseTimelineInsert(tx: Queryable, actor: Actor, row: CaseEventSubject, event: CaseEventAppend, at: Date) {
  return timelineEntryInsert(tx, actor, {
    customerId: row.customerId, kind: `case_${event.kind}`, occurredAt: at,
    summary: event.summary ?? `${row.number} · ${row.subject}`.slice(0, 300),
    body: event.kind === 'note' ? null : event.body ?? null,
    sourceModule: 'service', sourceId: row.id,
    data: { caseId: row.id, caseNumber: row.number, event: event.kind, status: row.status, ...(event.data ?? {}) },
  });
}
