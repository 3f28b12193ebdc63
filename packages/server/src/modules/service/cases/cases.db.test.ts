import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { Case, CaseEvent, CaseListItem, page } from '@vefa/contract';
import { startTestApp, type TestContext } from '../../../test/testApp.ts';
import { sqlRows } from '../../../platform/db/database.ts';
import { auditLog } from '../../../platform/db/schema.ts';
import { timelineEntries } from '../../customers/schema.ts';
import { caseMentions } from '../schema.ts';
import { buildDesk, openCaseVia } from '../serviceFixture.ts';

let ctx: TestContext;
let desk: Awaited<ReturnType<typeof buildDesk>>;

beforeAll(async () => {
  ctx = await startTestApp();
  desk = await buildDesk(ctx, 'desk');
});
afterAll(() => ctx.close());

describe('opening and reading cases', () => {
  it('numbers a case per workspace and year, puts it on the timeline and in the audit log', async () => {
    const a = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Kartım bloklanıb', description: 'Kartımı istifadə edə bilmirəm', type: 'complaint' }));
    const b = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'İkinci', channel: 'phone' }));
    const year = new Date().getFullYear();
    expect(a.number).toMatch(new RegExp(`^VF-${year}-\\d{6}$`));
    expect(Number(b.number.slice(-6))).toBe(Number(a.number.slice(-6)) + 1);
    expect(a.status).toBe('new');
    expect(a.customer.name).toBe('Rəşad Quliyev');
    const timeline = await ctx.database.db.select().from(timelineEntries).where(and(eq(timelineEntries.sourceModule, 'service'), eq(timelineEntries.sourceId, a.id)));
    expect(timeline.map((t) => t.kind)).toContain('case_created');
    const audit = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'case'), eq(auditLog.entityId, a.id)));
    expect(audit.map((x) => x.action)).toContain('service.case.opened');
  });

  it('hands out distinct numbers to concurrent openings', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => desk.coordinator.request('POST', '/api/v1/service/cases', { customerId: desk.customerId, subject: `Paralel ${i}` })));
    for (const r of made) expect(r.statusCode, r.body).toBe(201);
    const numbers = made.map((r) => r.json().number as string);
    expect(new Set(numbers).size).toBe(8);
  });

  it('matches or creates the customer by e-mail for API callers', async () => {
    const c = Case.parse(await openCaseVia(desk.owner, { customerEmail: 'Yeni.Musteri@Mail.az', customerName: 'Yeni Müştəri', subject: 'Salam', channel: 'chat' }));
    const again = Case.parse(await openCaseVia(desk.owner, { customerEmail: 'yeni.musteri@mail.az', subject: 'Yenə salam', channel: 'chat' }));
    expect(again.customer.id).toBe(c.customer.id);
    expect(c.customer.email).toBe('yeni.musteri@mail.az');
    const bad = await desk.owner.request('POST', '/api/v1/service/cases', { subject: 'no customer' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.customerId');
  });
});

describe('retries and customer merges', () => {
  it('replays a retried creation with the same Idempotency-Key', async () => {
    const body = { customerId: desk.customerId, subject: 'Retry' };
    const first = await desk.coordinator.request('POST', '/api/v1/service/cases', body, { 'idempotency-key': 'case-retry-0001' });
    const second = await desk.coordinator.request('POST', '/api/v1/service/cases', body, { 'idempotency-key': 'case-retry-0001' });
    expect(first.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
  });

  it('moves cases to the surviving customer when customers merge', async () => {
    const dup = (await desk.owner.request('POST', '/api/v1/customers', { firstName: 'Rəşad', lastName: 'Quliyev', phone: '+994501112233' })).json();
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: dup.id, subject: 'Dublikat müştəri' }));
    const merged = await desk.owner.request('POST', `/api/v1/customers/${desk.customerId}/merge`, { duplicateId: dup.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(Case.parse((await desk.coordinator.request('GET', `/api/v1/service/cases/${c.id}`)).json()).customer.id).toBe(desk.customerId);
  });
});

describe('department scoping', () => {
  it('shows an agent only their department’s cases and their own, a coordinator all', async () => {
    const cardCase = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Kart', departmentId: desk.cards }));
    const loanCase = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Kredit', departmentId: desk.loans }));
    expect((await desk.aysel.client.request('GET', `/api/v1/service/cases/${cardCase.id}`)).statusCode).toBe(200);
    const hidden = await desk.aysel.client.request('GET', `/api/v1/service/cases/${loanCase.id}`);
    expect(hidden.statusCode).toBe(404);
    expect((await desk.aysel.client.request('PATCH', `/api/v1/service/cases/${loanCase.id}`, { priority: 'high' })).statusCode).toBe(404);
    expect((await desk.aysel.client.request('POST', `/api/v1/service/cases/${loanCase.id}/notes`, { body: 'x' })).statusCode).toBe(404);
    const listed = page(CaseListItem).parse((await desk.aysel.client.request('GET', '/api/v1/service/cases?limit=200')).json());
    expect(listed.items.some((c) => c.id === cardCase.id)).toBe(true);
    expect(listed.items.every((c) => c.department?.id === desk.cards || c.assignee?.id === desk.aysel.id)).toBe(true);
    const murad = page(CaseListItem).parse((await desk.murad.client.request('GET', '/api/v1/service/cases?limit=200')).json());
    expect(murad.items.map((c) => c.id)).toContain(loanCase.id);
    expect(murad.items.map((c) => c.id)).not.toContain(cardCase.id);
    const all = page(CaseListItem).parse((await desk.coordinator.request('GET', '/api/v1/service/cases?limit=200')).json());
    expect(all.items.map((c) => c.id)).toEqual(expect.arrayContaining([cardCase.id, loanCase.id]));
    // A case assigned to an agent stays visible to them even outside their department.
    await desk.coordinator.request('POST', `/api/v1/service/cases/${loanCase.id}/assign`, { assigneeId: desk.aysel.id });
    expect((await desk.aysel.client.request('GET', `/api/v1/service/cases/${loanCase.id}`)).statusCode).toBe(200);
    // The views that keep to the scope by themselves (mine, my department) and one that does not (another department).
    const view = async (query: string) => page(CaseListItem).parse((await desk.aysel.client.request('GET', `/api/v1/service/cases?limit=200&${query}`)).json()).items;
    const mine = await view('view=mine');
    expect(mine.map((c) => c.id)).toContain(loanCase.id);
    expect(mine.every((c) => c.assignee?.id === desk.aysel.id)).toBe(true);
    const myDepartment = await view('view=department');
    expect(myDepartment.map((c) => c.id)).toContain(cardCase.id);
    expect(myDepartment.every((c) => c.department?.id === desk.cards)).toBe(true);
    const otherLoan = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Kredit 2', departmentId: desk.loans, assigneeId: desk.murad.id }));
    const loans = await view(`view=department&departmentId=${desk.loans}`);
    expect(loans.map((c) => c.id)).toEqual([loanCase.id]);
    expect(await view(`departmentId=${desk.loans}&assigneeId=${desk.murad.id}`)).toEqual([]);
    expect((await view('view=all')).map((c) => c.id)).not.toContain(otherLoan.id);
    // A viewer reads but may not work.
    expect((await desk.viewer.request('PATCH', `/api/v1/service/cases/${cardCase.id}`, { priority: 'high' })).statusCode).toBe(403);
  });

  it('serves the inbox views ordered by due time and pages by keyset', async () => {
    const mine = page(CaseListItem).parse((await desk.aysel.client.request('GET', '/api/v1/service/cases?view=mine')).json());
    expect(mine.items.every((c) => c.assignee?.id === desk.aysel.id)).toBe(true);
    const unassigned = page(CaseListItem).parse((await desk.coordinator.request('GET', '/api/v1/service/cases?view=unassigned&limit=200')).json());
    expect(unassigned.items.every((c) => c.assignee === null)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await desk.coordinator.request('GET', `/api/v1/service/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const body = page(CaseListItem).parse(res.json());
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const total = page(CaseListItem).parse((await desk.coordinator.request('GET', '/api/v1/service/cases?limit=200')).json()).items.length;
    expect(seen.length).toBe(total);
    const byNumber = page(CaseListItem).parse((await desk.coordinator.request('GET', '/api/v1/service/cases?limit=200')).json()).items[0];
    const found = page(CaseListItem).parse((await desk.coordinator.request('GET', `/api/v1/service/cases?q=${byNumber?.number.toLowerCase()}`)).json());
    expect(found.items.map((c) => c.id)).toEqual([byNumber?.id]);
  });
});

describe('workflow', () => {
  it('refuses a move the workflow forbids with 409 naming the field, and changes nothing', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Workflow', departmentId: desk.cards }));
    expect((await desk.aysel.client.request('PATCH', `/api/v1/service/cases/${c.id}`, { status: 'open' })).json().status).toBe('open');
    const resolved = await desk.aysel.client.request('POST', `/api/v1/service/cases/${c.id}/resolve`, { rootCause: 'Kart limiti', actionTaken: 'Limit artırıldı' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', rootCause: 'Kart limiti', actionTaken: 'Limit artırıldı' });
    const bad = await desk.aysel.client.request('PATCH', `/api/v1/service/cases/${c.id}`, { status: 'pending_customer' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json()).toMatchObject({ code: 'invalid_transition', errors: [{ field: 'body.status', code: 'not_allowed' }] });
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const same = await desk.aysel.client.request('PATCH', `/api/v1/service/cases/${c.id}`, { status: 'resolved' });
    expect(same.json().errors[0].code).toBe('same_status');
    const after = Case.parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}`)).json());
    expect(after.status).toBe('resolved');
    const events = page(CaseEvent).parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}/events`)).json());
    expect(events.items.map((e) => e.kind)).toEqual(['created', 'status_changed', 'resolved']);
    const unknownField = await desk.aysel.client.request('PATCH', `/api/v1/service/cases/${c.id}`, { status: 'bogus' });
    expect(unknownField.statusCode).toBe(422);
  });

  it('pauses the SLA while waiting on the customer and resumes on their reply', async () => {
    await desk.coordinator.request('PUT', '/api/v1/service/calendar', { timeZone: 'Asia/Baku', weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]])), holidayCountries: [], closures: [] });
    const policy = await desk.coordinator.request('POST', '/api/v1/service/sla-policies', { name: 'Hamısı', conditions: {}, firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect(policy.statusCode, policy.body).toBe(201);
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'SLA', departmentId: desk.cards }));
    expect(c.sla).toMatchObject({ policyName: 'Hamısı', paused: false, breached: false });
    expect(c.sla.firstResponse?.state).toBe('running');
    expect(c.sla.nextDueAt).not.toBeNull();
    const paused = Case.parse((await desk.aysel.client.request('PATCH', `/api/v1/service/cases/${c.id}`, { status: 'pending_customer' })).json());
    expect(paused.sla.paused).toBe(true);
    expect(paused.sla.resolution?.state).toBe('paused');
    const { caseIntake } = await import('./intake.ts');
    const { systemActor } = await import('../../../platform/auth/actor.ts');
    await ctx.database.db.transaction((tx) => caseIntake.recordMessage(tx, systemActor(desk.ws.id), { caseId: c.id, direction: 'inbound', messageRef: 'm1', summary: 'Cavab', at: new Date() }));
    const resumed = Case.parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}`)).json());
    expect(resumed.status).toBe('open');
    expect(resumed.sla.paused).toBe(false);
    await ctx.database.db.transaction((tx) => caseIntake.recordMessage(tx, systemActor(desk.ws.id), { caseId: c.id, direction: 'outbound', messageRef: 'm2', summary: 'Cavab verdik', at: new Date() }));
    const answered = Case.parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}`)).json());
    expect(answered.firstRespondedAt).not.toBeNull();
    expect(answered.sla.firstResponse?.state).toBe('met');
    const ref = await ctx.database.db.transaction((tx) => caseIntake.findCaseByNumber(tx, desk.ws.id, c.number.toLowerCase()));
    expect(ref).toMatchObject({ id: c.id, number: c.number });
  });
});

describe('notes, contacts, links, merge and bulk', () => {
  it('records @mentions for the people named', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Mention', departmentId: desk.cards }));
    const note = await desk.aysel.client.request('POST', `/api/v1/service/cases/${c.id}/notes`, { body: '@leyla baxa bilərsən? @nobody' });
    expect(note.statusCode, note.body).toBe(201);
    expect(CaseEvent.parse(note.json()).mentions).toEqual([{ id: desk.leyla.id, name: 'Leyla Məmmədova' }]);
    const rows = await ctx.database.db.select().from(caseMentions).where(eq(caseMentions.userId, desk.leyla.id));
    expect(rows).toHaveLength(1);
    const mine = page(CaseEvent).parse((await desk.leyla.client.request('GET', '/api/v1/service/mentions')).json());
    expect(mine.items[0]?.body).toContain('@leyla');
  });

  it('logs calls on a case (first response) and on a customer', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Zəng', departmentId: desk.cards }));
    const call = await desk.aysel.client.request('POST', `/api/v1/service/cases/${c.id}/contacts`, { kind: 'call', summary: 'Müştəriyə zəng', direction: 'outbound', durationMinutes: 5 });
    expect(call.statusCode, call.body).toBe(201);
    expect(Case.parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}`)).json()).firstRespondedAt).not.toBeNull();
    const meeting = await desk.aysel.client.request('POST', `/api/v1/service/customers/${desk.customerId}/contacts`, { kind: 'meeting', summary: 'Ofisdə görüş', participants: ['Rəşad'] });
    expect(meeting.statusCode, meeting.body).toBe(201);
    expect(meeting.json().kind).toBe('meeting');
  });

  it('merges a duplicate: its events move to the survivor and it closes', async () => {
    const keep = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Əsas', departmentId: desk.cards }));
    const dup = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Dublikat', departmentId: desk.cards }));
    await desk.aysel.client.request('POST', `/api/v1/service/cases/${dup.id}/notes`, { body: 'dublikatda qeyd' });
    const merged = await desk.aysel.client.request('POST', `/api/v1/service/cases/${keep.id}/merge`, { duplicateId: dup.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const survivor = Case.parse(merged.json());
    expect(survivor.links).toEqual([expect.objectContaining({ caseId: dup.id, kind: 'duplicate' })]);
    const events = page(CaseEvent).parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${keep.id}/events?limit=50`)).json());
    expect(events.items.some((e) => e.body === 'dublikatda qeyd')).toBe(true);
    const closed = Case.parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${dup.id}`)).json());
    expect(closed).toMatchObject({ status: 'closed', mergedInto: { id: keep.id, number: keep.number } });
    const again = await desk.aysel.client.request('POST', `/api/v1/service/cases/${keep.id}/merge`, { duplicateId: dup.id });
    expect(again.statusCode).toBe(409);
    const linkSelf = await desk.aysel.client.request('POST', `/api/v1/service/cases/${keep.id}/links`, { otherCaseId: keep.id });
    expect(linkSelf.json().errors[0].field).toBe('body.otherCaseId');
  });

  it('applies bulk changes case by case and reports what the workflow refused', async () => {
    const a = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Bulk A', departmentId: desk.cards }));
    const b = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Bulk B', departmentId: desk.cards }));
    await desk.coordinator.request('POST', `/api/v1/service/cases/${b.id}/resolve`, { rootCause: 'x', actionTaken: 'y' });
    const loan = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Bulk loan', departmentId: desk.loans }));
    const res = await desk.aysel.client.request('POST', '/api/v1/service/cases/bulk', { caseIds: [a.id, b.id, loan.id], set: { status: 'pending_internal', priority: 'high' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toEqual([a.id]);
    expect(res.json().failed).toEqual([
      expect.objectContaining({ caseId: b.id, code: 'not_allowed' }),
      expect.objectContaining({ caseId: loan.id, code: 'not_found' }),
    ]);
    const after = Case.parse((await desk.coordinator.request('GET', `/api/v1/service/cases/${b.id}`)).json());
    expect(after.priority).toBe('normal');
    const assigned = await desk.coordinator.request('POST', '/api/v1/service/cases/bulk', { caseIds: [a.id, loan.id], set: { assigneeId: desk.murad.id } });
    expect(assigned.json().updated).toHaveLength(2);
  });
});

describe('routing', () => {
  it('applies rules (words, channel) then the department’s round robin', async () => {
    const rule = await desk.coordinator.request('POST', '/api/v1/service/routing-rules', {
      name: 'Kart şikayətləri', conditions: { anyWords: ['kart*'] }, actions: { departmentId: desk.cards, priority: 'high', tags: ['kart'] },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const strategy = await desk.coordinator.request('PUT', `/api/v1/service/departments/${desk.cards}`, { strategy: 'round_robin' });
    expect(strategy.statusCode, strategy.body).toBe(200);
    const first = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kartımdan pul çıxıb', channel: 'chat' }));
    const second = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kartım işləmir', channel: 'chat' }));
    expect(first).toMatchObject({ department: { id: desk.cards }, priority: 'high', tags: ['kart'] });
    expect(first.routing.matchedRuleIds).toEqual([rule.json().id]);
    expect([first.assignee?.id, second.assignee?.id].sort()).toEqual([desk.aysel.id, desk.leyla.id].sort());
    const other = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kredit faizi', channel: 'chat' }));
    expect(other.department).toBeNull();
    expect(other.priority).toBe('normal');
    const unavailable = await desk.coordinator.request('PATCH', `/api/v1/service/agents/${desk.leyla.id}`, { available: false });
    expect(unavailable.statusCode, unavailable.body).toBe(204);
    const third = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kart yenə', channel: 'chat' }));
    const fourth = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kart bir də', channel: 'chat' }));
    expect([third.assignee?.id, fourth.assignee?.id]).toEqual([desk.aysel.id, desk.aysel.id]);
    await desk.coordinator.request('PATCH', `/api/v1/service/agents/${desk.leyla.id}`, { available: true });
    await desk.coordinator.request('PUT', `/api/v1/service/departments/${desk.cards}`, { strategy: 'manual' });
    await desk.coordinator.request('DELETE', `/api/v1/service/routing-rules/${rule.json().id}`);
  });

  it('routes by a rule and times by a policy changed a moment ago, though the desk keeps its settings between cases', async () => {
    const rule = await desk.coordinator.request('POST', '/api/v1/service/routing-rules', { name: 'Kredit', conditions: { anyWords: ['kredit*'] }, actions: { departmentId: desk.loans } });
    expect(rule.statusCode, rule.body).toBe(201);
    const before = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kredit haqqında', channel: 'chat' }));
    expect(before.department?.id).toBe(desk.loans);
    // The policy the pause test made (it matches every case): its first-response target changes now.
    const policyId = before.sla.policyId ?? '';
    expect(before.sla.firstResponse?.targetMinutes).toBe(60);
    const changed = await desk.coordinator.request('PATCH', `/api/v1/service/routing-rules/${rule.json().id}`, { actions: { departmentId: desk.cards } });
    expect(changed.statusCode, changed.body).toBe(200);
    const policy = await desk.coordinator.request('PATCH', `/api/v1/service/sla-policies/${policyId}`, { firstResponseMinutes: 17 });
    expect(policy.statusCode, policy.body).toBe(200);
    const after = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kredit yenə', channel: 'chat' }));
    expect(after.department?.id).toBe(desk.cards);
    expect(after.sla.firstResponse?.targetMinutes).toBe(17);
    await desk.coordinator.request('PATCH', `/api/v1/service/sla-policies/${policyId}`, { firstResponseMinutes: 60 });
    await desk.coordinator.request('DELETE', `/api/v1/service/routing-rules/${rule.json().id}`);
  });

  it('gives the least-loaded agent who speaks the case’s language', async () => {
    await desk.coordinator.request('PATCH', `/api/v1/service/agents/${desk.aysel.id}`, { languages: ['az'] });
    await desk.coordinator.request('PATCH', `/api/v1/service/agents/${desk.leyla.id}`, { languages: ['az', 'tr'] });
    await desk.coordinator.request('PUT', `/api/v1/service/departments/${desk.cards}`, { strategy: 'least_open_cases' });
    const tr = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kartım çalışmıyor', departmentId: desk.cards, language: 'tr' }));
    expect(tr.assignee?.id).toBe(desk.leyla.id);
    const depts = (await desk.aysel.client.request('GET', '/api/v1/service/departments')).json().items;
    const cards = depts.find((d: { departmentId: string }) => d.departmentId === desk.cards);
    expect(cards.strategy).toBe('least_open_cases');
    const load = Object.fromEntries(cards.agents.map((a: { userId: string; openCases: number }) => [a.userId, a.openCases]));
    const next = Case.parse(await openCaseVia(desk.owner, { customerId: desk.customerId, subject: 'Kart', departmentId: desk.cards, language: 'az' }));
    const lighter = (load[desk.aysel.id] ?? 0) <= (load[desk.leyla.id] ?? 0) ? desk.aysel.id : desk.leyla.id;
    expect(next.assignee?.id).toBe(lighter);
    await desk.coordinator.request('PUT', `/api/v1/service/departments/${desk.cards}`, { strategy: 'manual' });
  });

  it('trains the classifier on resolved cases, reports macro-F1 and suggests a category', async () => {
    const topics = {
      kart: ['Kartım bloklanıb, kartla ödəniş keçmir', 'Kart limiti azdır, kartımı aça bilmirəm', 'Bankomat kartımı uddu', 'Kartdan pul çıxıb, kart oğurlanıb'],
      kredit: ['Kredit faizi çox yüksəkdir', 'Kredit ödənişi gecikdi, cərimə yazılıb', 'Kredit müqaviləsinin surəti lazımdır', 'Kredit borcumu erkən ödəmək istəyirəm'],
    };
    for (const [category, texts] of Object.entries(topics)) {
      for (let i = 0; i < 15; i++) {
        const text = texts[i % texts.length] ?? '';
        const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: `${text} ${i}`, description: text, category, departmentId: category === 'kart' ? desk.cards : desk.loans }));
        await desk.coordinator.request('POST', `/api/v1/service/cases/${c.id}/resolve`, { rootCause: 'r', actionTaken: 'a' });
      }
    }
    const { trainClassifier } = await import('../routing/classifier.ts');
    const queued = await desk.coordinator.request('POST', '/api/v1/service/classifier/train');
    expect(queued.statusCode).toBe(202);
    await trainClassifier(ctx.database.db, desk.ws.id);
    const status = await desk.coordinator.request('GET', '/api/v1/service/classifier');
    expect(status.json()).toMatchObject({ trainingCases: expect.any(Number), heldOutCases: expect.any(Number) });
    expect(status.json().macroF1).toBeGreaterThan(0.5);
    expect((await desk.aysel.client.request('GET', '/api/v1/service/classifier')).statusCode).toBe(403);
    const fresh = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Kredit faizi barədə', description: 'kredit ödənişi' }));
    const suggestion = await desk.coordinator.request('GET', `/api/v1/service/cases/${fresh.id}/suggestion`);
    expect(suggestion.json()).toMatchObject({ category: 'kredit', departmentId: desk.loans });
    expect(suggestion.json().confidence).toBeGreaterThan(0.5);
    // A confident guess routes the case even without a rule.
    expect(fresh.department?.id).toBe(desk.loans);
    expect(fresh.category).toBe('kredit');
  });
});

describe('collision notice, canned replies, onboarding', () => {
  it('tells an agent who else has the case open', async () => {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Presence', departmentId: desk.cards }));
    const first = await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}/presence`);
    expect(first.json().viewers).toEqual([]);
    const second = await desk.leyla.client.request('GET', `/api/v1/service/cases/${c.id}/presence?editing=true`);
    expect(second.json().viewers).toEqual([expect.objectContaining({ userId: desk.aysel.id, name: 'Aysel Kərimova', editing: false })]);
    const third = await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}/presence`);
    expect(third.json().viewers).toEqual([expect.objectContaining({ userId: desk.leyla.id, editing: true })]);
  });

  it('renders canned replies with the case’s variables and refuses unknown variables', async () => {
    const bad = await desk.coordinator.request('POST', '/api/v1/service/canned-replies', { name: 'x', body: { az: '{{case.bogus}}', tr: '', en: '' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.body.az');
    const reply = await desk.coordinator.request('POST', '/api/v1/service/canned-replies', {
      name: 'Qəbul', body: { az: 'Hörmətli {{customer.name}}, {{case.number}} qeydə alındı. {{agent.name}}', tr: 'Sayın {{customer.name}}, {{case.number}} alındı.', en: 'Dear {{customer.name}}, {{case.number}} received.' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: 'Canned', departmentId: desk.cards, language: 'az' }));
    const rendered = await desk.aysel.client.request('GET', `/api/v1/service/canned-replies/${reply.json().id}/render?caseId=${c.id}`);
    expect(rendered.json()).toEqual({ text: `Hörmətli Rəşad Quliyev, ${c.number} qeydə alındı. Aysel Kərimova`, language: 'az', missing: [] });
    const tr = await desk.aysel.client.request('GET', `/api/v1/service/canned-replies/${reply.json().id}/render?caseId=${c.id}&language=tr`);
    expect(tr.json().text).toBe(`Sayın Rəşad Quliyev, ${c.number} alındı.`);
  });

  it('creates an onboarding case from a template and tracks its steps', async () => {
    const template = await desk.coordinator.request('POST', '/api/v1/service/onboarding-templates', {
      name: 'Korporativ müştəri', steps: [{ key: 'contract', title: 'Müqavilə imzalanıb' }, { key: 'training', title: 'Təlim keçirilib' }],
    });
    expect(template.statusCode, template.body).toBe(201);
    const started = await desk.aysel.client.request('POST', '/api/v1/service/onboarding', { customerId: desk.customerId, templateId: template.json().id, departmentId: desk.cards });
    expect(started.statusCode, started.body).toBe(201);
    const c = Case.parse(started.json());
    expect(c.type).toBe('onboarding');
    expect(c.onboarding?.steps.map((s) => [s.key, s.done])).toEqual([['contract', false], ['training', false]]);
    const ticked = Case.parse((await desk.aysel.client.request('PUT', `/api/v1/service/cases/${c.id}/onboarding/contract`, { done: true })).json());
    expect(ticked.onboarding?.steps[0]).toMatchObject({ done: true, doneBy: { id: desk.aysel.id } });
    expect((await desk.aysel.client.request('PUT', `/api/v1/service/cases/${c.id}/onboarding/nope`, { done: true })).statusCode).toBe(404);
    const events = page(CaseEvent).parse((await desk.aysel.client.request('GET', `/api/v1/service/cases/${c.id}/events`)).json());
    expect(events.items.at(-1)).toMatchObject({ kind: 'onboarding_step', data: { key: 'contract', done: true, doneSteps: 1, totalSteps: 2 } });
  });
});

describe('indexes', () => {
  it('has the inbox indexes on open cases', async () => {
    const rows = await sqlRows<{ indexname: string }>(ctx.database.db, sql`select indexname from pg_indexes where tablename = 'cases'`);
    expect(rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['cases_queue_idx', 'cases_assignee_queue_idx', 'cases_department_queue_idx', 'cases_unassigned_queue_idx']));
  });
});
