import { and, eq } from 'drizzle-orm';
import { normaliseCaseNumber, statusAfterCustomerReply, type CaseStatus } from '@vefa/domain';
import type { CaseIntake, CaseRef } from '../caseIntake.ts';
import { NotFoundCase } from './errors.ts';
import { cases } from '../schema.ts';
import { refreshSla, type CaseRow } from '../sla/caseClock.ts';
import { caseEventWrites } from './caseEvents.ts';
import { writeTogether } from '../../../platform/db/writeTogether.ts';
import { deskSettingsOf } from '../deskSettings.ts';
import { openCase } from './openCase.ts';
import { reserveCaseNumber } from './caseNumbers.ts';
import { statusFields } from './statusChange.ts';

const refOf = (r: Pick<CaseRow, 'id' | 'number' | 'departmentId' | 'status' | 'customerId' | 'subject'>): CaseRef => ({
  id: r.id, number: r.number, departmentId: r.departmentId, status: r.status, customerId: r.customerId, subject: r.subject,
});

/**
 * The desk's side of the channel seam. Channels act as a system actor and are
 * not department-scoped: mail for any department arrives at the same listener.
 */
export const caseIntake: CaseIntake = {
  async openCase(tx, actor, input) {
    const row = await openCase(tx, actor, {
      customerId: input.customerId, subject: input.subject, description: input.body, channel: input.channel,
      mailboxId: input.mailboxId ?? null, departmentId: input.departmentId ?? null, language: input.language ?? null,
      receivedAt: input.receivedAt, type: input.channel === 'survey' ? 'complaint' : 'question',
      ...(input.number ? { number: input.number } : {}),
      ...(input.customer ? { customer: input.customer } : {}),
    });
    return refOf(row);
  },

  reserveNumber: reserveCaseNumber,

  async findCaseByNumber(tx, workspaceId, number) {
    const canonical = normaliseCaseNumber(number);
    if (!canonical) return null;
    const [row] = await tx.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.number, canonical)));
    return row ? refOf(row) : null;
  },

  async findCaseById(tx, workspaceId, id) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row] = await tx.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)));
    return row ? refOf(row) : null;
  },

  async recordMessage(tx, actor, event) {
    const [row] = await tx.select().from(cases).where(and(eq(cases.workspaceId, actor.workspaceId), eq(cases.id, event.caseId))).for('update');
    if (!row) throw new NotFoundCase(event.caseId);
    const set: Partial<CaseRow> = { updatedAt: new Date() };
    if (event.direction === 'inbound') {
      const next = statusAfterCustomerReply(row.status as CaseStatus);
      if (next !== row.status) Object.assign(set, statusFields(row, next, event.at));
    } else if (!row.firstRespondedAt) {
      set.firstRespondedAt = event.at;
    }
    // The change and the clocks it moves are written in one update, with the desk's cached SLA settings.
    // A policy the cache does not know yet (made seconds ago by another process) sends it to the database.
    const { sla } = await deskSettingsOf(tx, actor.workspaceId);
    const cached = !row.slaPolicyId || sla.policies.some((p) => p.id === row.slaPolicyId);
    const after = await refreshSla(tx, { ...row, ...set }, { ...(cached ? { ctx: sla } : {}), alsoSet: set });
    await writeTogether(tx, caseEventWrites(tx, actor, after, {
      kind: 'message', at: event.at, body: event.summary,
      data: { direction: event.direction, messageRef: event.messageRef, ...(after.status !== row.status ? { from: row.status, to: after.status } : {}) },
    }));
  },
};
