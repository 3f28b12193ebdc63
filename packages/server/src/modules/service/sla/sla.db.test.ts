import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { Case, CaseEvent, CaseListItem, page } from '@vefa/contract';
import { startTestApp, type TestContext } from '../../../test/testApp.ts';
import { sqlRows } from '../../../platform/db/database.ts';
import { domainEvents, jobs } from '../../../platform/db/schema.ts';
import { JOB_DEFINITIONS } from '../../jobs.ts';
import { buildDesk, openCaseVia } from '../serviceFixture.ts';
import { SLA_CHECK_JOB } from './caseClock.ts';

let ctx: TestContext;
let desk: Awaited<ReturnType<typeof buildDesk>>;
const MINUTE = 60_000;

beforeAll(async () => {
  ctx = await startTestApp();
  desk = await buildDesk(ctx, 'sla');
  const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
  const cal = await desk.coordinator.request('PUT', '/api/v1/service/calendar', { timeZone: 'Asia/Baku', weeklyHours: allWeek, holidayCountries: [], closures: [] });
  expect(cal.statusCode, cal.body).toBe(200);
  const urgent = await desk.coordinator.request('POST', '/api/v1/service/sla-policies', {
    name: 'Təcili', conditions: { priorities: ['urgent'] }, firstResponseMinutes: 10, resolutionMinutes: 60,
  });
  expect(urgent.statusCode, urgent.body).toBe(201);
  const normal = await desk.coordinator.request('POST', '/api/v1/service/sla-policies', {
    name: 'Standart', conditions: {}, firstResponseMinutes: 30, resolutionMinutes: 120, warnBeforeMinutes: 10,
    escalation: { notify: true, raisePriority: true, reassignToUserId: desk.leyla.id },
  });
  expect(normal.statusCode, normal.body).toBe(201);
});
afterAll(() => ctx.close());

/** Moves a case's start into the past, as if it had been waiting that long. */
async function age(caseId: string, minutes: number) {
  const at = new Date(Date.now() - minutes * MINUTE);
  await ctx.database.db.execute(sql`update cases set created_at = ${at}, status_history = jsonb_build_array(jsonb_build_object('status', 'new', 'at', ${at.toISOString()}::text))
    where workspace_id = ${desk.ws.id} and id = ${caseId}`);
}

async function runSlaCheck(caseId: string, metric: string) {
  const definition = JOB_DEFINITIONS.find((d) => d.kind === SLA_CHECK_JOB);
  if (!definition) throw new Error('no SLA job');
  await definition.perform(ctx.database, { workspaceId: desk.ws.id, id: crypto.randomUUID(), kind: SLA_CHECK_JOB, payload: { caseId, metric }, attempts: 1, maxAttempts: 5 });
}

async function events(caseId: string) {
  return page(CaseEvent).parse((await desk.coordinator.request('GET', `/api/v1/service/cases/${caseId}/events?limit=100`)).json()).items;
}

describe('SLA policies and clocks', () => {
  it('picks the first matching policy and re-picks when the priority changes', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Policy', departmentId: desk.cards }));
    expect(c.sla.policyName).toBe('Standart');
    expect(c.sla.firstResponse).toMatchObject({ state: 'running', targetMinutes: 30 });
    const urgent = Case.parse((await desk.coordinator.request('PATCH', `/api/v1/service/cases/${c.id}`, { priority: 'urgent' })).json());
    expect(urgent.sla.policyName).toBe('Təcili');
    expect(urgent.sla.firstResponse?.targetMinutes).toBe(10);
  });

  it('queues the warning and the breach check once per due time', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Jobs', departmentId: desk.cards }));
    const due = new Date(c.sla.firstResponse?.dueAt ?? '').getTime();
    const queued = await ctx.database.db.select().from(jobs).where(and(eq(jobs.kind, SLA_CHECK_JOB), sql`${jobs.payload}->>'caseId' = ${c.id}`));
    const first = queued.filter((j) => (j.payload as { metric?: string }).metric === 'first_response').map((j) => j.runAt.getTime()).sort();
    expect(first).toEqual([due - 10 * MINUTE, due]);
    // Reading or touching the case again does not queue the same checks twice.
    await desk.coordinator.request('PATCH', `/api/v1/service/cases/${c.id}`, { tags: ['x'] });
    const again = await ctx.database.db.select().from(jobs).where(and(eq(jobs.kind, SLA_CHECK_JOB), sql`${jobs.payload}->>'caseId' = ${c.id}`));
    expect(again).toHaveLength(queued.length);
  });

  it('warns once when the first response is close to due', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Warn', departmentId: desk.cards, assigneeId: desk.aysel.id }));
    await age(c.id, 25);
    await runSlaCheck(c.id, 'first_response');
    await runSlaCheck(c.id, 'first_response');
    expect((await events(c.id)).filter((e) => e.kind === 'sla_warning')).toHaveLength(1);
    const warnings = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.type, 'service.case.sla_warning'), eq(domainEvents.entityId, c.id)));
    expect(warnings).toHaveLength(1);
  });

  it('escalates a breach exactly once: notify, raise priority, reassign', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Breach', departmentId: desk.cards, assigneeId: desk.aysel.id }));
    await age(c.id, 45);
    await Promise.all([runSlaCheck(c.id, 'first_response'), runSlaCheck(c.id, 'first_response')]);
    await runSlaCheck(c.id, 'first_response');
    const history = await events(c.id);
    expect(history.filter((e) => e.kind === 'sla_breached')).toHaveLength(1);
    expect(history.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    const after = Case.parse((await desk.coordinator.request('GET', `/api/v1/service/cases/${c.id}`)).json());
    expect(after).toMatchObject({ priority: 'high', assignee: { id: desk.leyla.id } });
    expect(after.sla.breached).toBe(true);
    expect(after.sla.firstResponse?.state).toBe('breached');
    const notices = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.type, 'service.case.sla_breached'), eq(domainEvents.entityId, c.id)));
    expect(notices).toHaveLength(1);
    const breaching = page(CaseListItem).parse((await desk.coordinator.request('GET', '/api/v1/service/cases?view=breaching&breachingWithinMinutes=0')).json());
    expect(breaching.items[0]?.id).toBe(c.id);
  });

  it('does nothing for a case answered before its check runs', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Answered', departmentId: desk.cards }));
    await age(c.id, 20);
    await desk.coordinator.request('POST', `/api/v1/service/cases/${c.id}/contacts`, { kind: 'call', summary: 'Zəng etdik', direction: 'outbound' });
    await runSlaCheck(c.id, 'first_response');
    expect(Case.parse((await desk.coordinator.request('GET', `/api/v1/service/cases/${c.id}`)).json()).sla.firstResponse?.state).toBe('met');
    expect((await events(c.id)).some((e) => e.kind === 'sla_breached')).toBe(false);
  });

  it('shows the calendar with AZ holidays and refuses a bad time zone', async () => {
    const bad = await desk.coordinator.request('PUT', '/api/v1/service/calendar', { timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.timeZone');
    const az = await desk.coordinator.request('PUT', '/api/v1/service/calendar', { holidayCountries: ['AZ'], closures: [{ date: '2026-12-30', name: 'İlsonu' }] });
    expect(az.statusCode, az.body).toBe(200);
    expect(az.json().upcomingHolidays.length).toBeGreaterThan(3);
    const rows = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from audit_log where action = 'service.calendar.updated'`);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
  });
});
