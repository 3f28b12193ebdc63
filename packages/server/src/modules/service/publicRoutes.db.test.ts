import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { Case } from '@vefa/contract';
import { startTestApp, type TestContext } from '../../test/testApp.ts';
import { cases } from './schema.ts';
import { buildDesk, openCaseVia } from './serviceFixture.ts';
import { csatLinkFor, markCsatInvitationSent, pendingCsatInvitations } from './csat/csat.ts';
import { formTicket } from './forms/webForm.ts';

let ctx: TestContext;
let desk: Awaited<ReturnType<typeof buildDesk>>;

beforeAll(async () => {
  ctx = await startTestApp();
  desk = await buildDesk(ctx, 'public');
});
afterAll(() => ctx.close());

async function resolvedCase(subject: string) {
  const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject, departmentId: desk.cards, language: 'az' }));
  const r = await desk.coordinator.request('POST', `/api/v1/service/cases/${c.id}/resolve`, { rootCause: 'Səhv', actionTaken: 'Düzəldildi' });
  expect(r.statusCode, r.body).toBe(200);
  return c;
}

const tokenOf = (url: string) => url.split('/csat/')[1] ?? '';

describe('CSAT', () => {
  it('asks on resolution; the mail channel finds the invitation and its link', async () => {
    const c = await resolvedCase('CSAT link');
    const pending = await pendingCsatInvitations(ctx.database.db, desk.ws.id);
    expect(pending.map((p) => p.caseId)).toContain(c.id);
    const link = await csatLinkFor(ctx.database.db, desk.ws.id, c.id, 'https://vefa.example');
    expect(link?.url).toMatch(/^https:\/\/vefa\.example\/csat\/[\w-]+\.[\w-]+$/);
    expect(link?.scoreUrls[5]).toBe(`${link?.url}?score=5`);
    await markCsatInvitationSent(ctx.database.db, desk.ws.id, link?.csatRequestId ?? '');
    expect((await pendingCsatInvitations(ctx.database.db, desk.ws.id)).map((p) => p.caseId)).not.toContain(c.id);
    const view = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/csat/${link?.token}?score=4` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ caseNumber: c.number, language: 'az', answered: false, score: 4 });
  });

  it('takes one answer per link, puts it on the case and the timeline', async () => {
    const c = await resolvedCase('CSAT once');
    const token = tokenOf((await csatLinkFor(ctx.database.db, desk.ws.id, c.id, 'http://x'))?.url ?? '');
    const first = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/csat/${token}`, payload: { score: 5, comment: 'Çox sağ olun' } });
    expect(first.statusCode, first.body).toBe(200);
    const second = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/csat/${token}`, payload: { score: 1 } });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('csat_used');
    const after = Case.parse((await desk.coordinator.request('GET', `/api/v1/service/cases/${c.id}`)).json());
    expect(after.csat).toMatchObject({ score: 5, comment: 'Çox sağ olun' });
    const timeline = (await desk.coordinator.request('GET', `/api/v1/customers/${desk.customerId}/timeline?limit=100`)).json().items;
    expect(timeline.some((t: { kind: string; data: { score?: number } }) => t.kind === 'case_csat' && t.data.score === 5)).toBe(true);
    const badScore = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/csat/${token}`, payload: { score: 6 } });
    expect(badScore.statusCode).toBe(422);
  });

  it('refuses an expired or tampered link', async () => {
    const c = await resolvedCase('CSAT expiry');
    const link = await csatLinkFor(ctx.database.db, desk.ws.id, c.id, 'http://x');
    const token = link?.token ?? '';
    const [payload, mac] = token.split('.');
    const forged = `${payload}.${(mac ?? '').slice(0, -2)}xx`;
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/csat/${forged}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/csat/not-a-token-at-all' })).statusCode).toBe(404);
    await ctx.database.db.execute(sql`update csat_requests set expires_at = now() - interval '1 minute' where workspace_id = ${desk.ws.id} and case_id = ${c.id}`);
    const expired = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/csat/${token}`, payload: { score: 3 } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('csat_expired');
    expect(await csatLinkFor(ctx.database.db, desk.ws.id, c.id, 'http://x')).toBeNull();
  });
});

describe('public web form', () => {
  const form = (body: Record<string, unknown>, ip = '203.0.113.7') =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/public/service/forms/public', payload: body, remoteAddress: ip });
  const oldTicket = async () => (await formTicket(ctx.database.db, 'public', Date.now() - 10_000)).ticket;
  const fields = { name: 'Nigar Həsənova', email: 'nigar@mail.az', subject: 'Kartım', message: 'Kartım bloklanıb, kömək edin' };

  it('gives the page a signed ticket', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/service/forms/public' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ minSeconds: 3, workspaceName: 'Workspace public' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/service/forms/nope' })).statusCode).toBe(404);
  });

  it('refuses the honeypot, a too-fast send and a forged ticket, creating nothing', async () => {
    const before = await ctx.database.db.select({ id: cases.id }).from(cases).where(eq(cases.workspaceId, desk.ws.id));
    const honey = await form({ ...fields, ticket: await oldTicket(), website: 'http://spam' }, '198.51.100.1');
    expect(honey.statusCode).toBe(422);
    expect(honey.json().errors[0]).toMatchObject({ field: 'body.website', code: 'spam_suspected' });
    const fresh = (await ctx.app.inject({ method: 'GET', url: '/api/v1/public/service/forms/public' })).json().ticket;
    const fast = await form({ ...fields, ticket: fresh }, '198.51.100.1');
    expect(fast.json().errors[0]).toMatchObject({ field: 'body.ticket', code: 'too_fast' });
    const t = await oldTicket();
    const forged = await form({ ...fields, ticket: `${t.slice(0, -3)}abc` }, '198.51.100.1');
    expect(forged.json().errors[0].code).toBe('invalid_ticket');
    const after = await ctx.database.db.select({ id: cases.id }).from(cases).where(eq(cases.workspaceId, desk.ws.id));
    expect(after.length).toBe(before.length);
  });

  it('opens a web_form case for a matched or new customer, and rate-limits an address', async () => {
    const known = await form({ ...fields, email: 'RESAD@public.az', ticket: await oldTicket() });
    expect(known.statusCode, known.body).toBe(201);
    const [row] = await ctx.database.db.select().from(cases).where(and(eq(cases.workspaceId, desk.ws.id), eq(cases.number, known.json().caseNumber)));
    expect(row).toMatchObject({ channel: 'web_form', customerId: desk.customerId });
    const stranger = await form({ ...fields, ticket: await oldTicket() });
    expect(stranger.statusCode).toBe(201);
    const [other] = await ctx.database.db.select().from(cases).where(and(eq(cases.workspaceId, desk.ws.id), eq(cases.number, stranger.json().caseNumber)));
    expect(other?.customerId).not.toBe(desk.customerId);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await form({ ...fields, ticket: await oldTicket() })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await form({ ...fields, ticket: await oldTicket() }, '192.0.2.9')).statusCode).toBe(201);
  });
});
