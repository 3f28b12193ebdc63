import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoyaltyProgrammeSummary, page, LoyaltyMemberRow } from '@vefa/contract';
import { bearerClient, buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';

let ctx: TestContext;
let owner: Client;
let specialist: Client;
let viewer: Client;
let programmeId = '';
const members: Record<string, { id: string; customerId: string; cardNumber: string }> = {};

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'views', ['owner', 'loyalty_specialist', 'viewer']);
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  specialist = await signIn(ctx.app, ws.people.loyalty_specialist ?? '');
  viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  programmeId = (await specialist.request('POST', '/api/v1/loyalty/programmes', { name: 'Views', currency: 'AZN' })).json().id;
  await specialist.request('POST', '/api/v1/loyalty/rules', { programmeId, rule: { name: 'base', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } } });
  await specialist.request('POST', `/api/v1/loyalty/programmes/${programmeId}/tiers`, { name: 'Bronze', rank: 0 });
  await specialist.request('POST', `/api/v1/loyalty/programmes/${programmeId}/tiers`, { name: 'Silver', rank: 1, requires: { points: 100 } });
  for (const [firstName, lastName, email] of [['Şəbnəm', 'Quliyeva', 'sebnem@mail.az'], ['Rəşad', 'Əliyev', 'resad@mail.az'], ['Ayşe', 'Yılmaz', null]] as const) {
    const c = (await owner.request('POST', '/api/v1/customers', { firstName, lastName, ...(email ? { email } : {}) })).json();
    const m = (await specialist.request('POST', '/api/v1/loyalty/members', { customerId: c.id, programmeId })).json();
    members[firstName] = { id: m.id, customerId: c.id, cardNumber: m.cardNumber };
  }
  const key = (await owner.request('POST', '/api/v1/api-keys', { name: 'till', scopes: ['loyalty:transact'] })).json();
  const till = bearerClient(ctx.app, key.secret);
  const res = await till.request('POST', '/api/v1/loyalty/purchases', {
    externalId: 'V-1', member: { memberId: members['Rəşad']?.id }, occurredAt: new Date().toISOString(),
    lines: [{ id: '1', sku: 'TV', quantity: 1, unitPriceMinor: 25_000 }],
  });
  expect(res.statusCode, res.body).toBe(201);
  for (const points of [20, -5]) {
    const adj = await specialist.request('POST', `/api/v1/loyalty/members/${members['Ayşe']?.id}/adjustments`, { points, reason: 'views test' });
    expect(adj.statusCode, adj.body).toBe(201);
  }
});
afterAll(() => ctx.close());

describe('loyalty views', () => {
  it('lists members by name with tier and balance, and finds them by name, e-mail or card', async () => {
    const all = page(LoyaltyMemberRow).parse((await viewer.request('GET', `/api/v1/loyalty/views/members?programmeId=${programmeId}&limit=2`)).json());
    expect(all.items.map((m) => m.displayName)).toEqual(['Ayşe Yılmaz', 'Rəşad Əliyev']);
    expect(all.items[1]).toMatchObject({ tierName: 'Silver', available: 250, pending: 0 });
    const rest = page(LoyaltyMemberRow).parse((await viewer.request('GET', `/api/v1/loyalty/views/members?programmeId=${programmeId}&limit=2&cursor=${all.nextCursor}`)).json());
    expect(rest.items.map((m) => m.displayName)).toEqual(['Şəbnəm Quliyeva']);
    expect(rest.nextCursor).toBeNull();
    const search = async (q: string) => (await viewer.request('GET', `/api/v1/loyalty/views/members?q=${encodeURIComponent(q)}`)).json().items.map((m: { displayName: string }) => m.displayName);
    expect(await search('sebnem')).toEqual(['Şəbnəm Quliyeva']);
    expect(await search('RESAD@')).toEqual(['Rəşad Əliyev']);
    expect(await search(members['Ayşe']?.cardNumber.slice(-8) ?? '')).toEqual(['Ayşe Yılmaz']);
    expect(await search('nobody')).toEqual([]);
    const silver = all.items[1]?.tierId ?? '';
    const bySilver = (await viewer.request('GET', `/api/v1/loyalty/views/members?tierId=${silver}`)).json().items.map((m: { displayName: string }) => m.displayName);
    expect(bySilver).toEqual(['Rəşad Əliyev']);
    // Members not yet reviewed hold the entry tier.
    expect(all.items[0]?.tierName).toBe('Bronze');
    const bad = await viewer.request('GET', '/api/v1/loyalty/views/members?cursor=nonsense');
    expect(bad.statusCode).toBe(422);
  });

  it('names members by id, and refuses what is not an id', async () => {
    const ids = [members['Şəbnəm']?.id, members['Rəşad']?.id].join(',');
    const res = await viewer.request('GET', `/api/v1/loyalty/views/member-names?ids=${ids}`);
    expect(res.json().items.map((m: { displayName: string }) => m.displayName).sort()).toEqual(['Rəşad Əliyev', 'Şəbnəm Quliyeva']);
    const bad = await viewer.request('GET', '/api/v1/loyalty/views/member-names?ids=1,2');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('query.ids');
  });

  it('summarises members, tiers and this month\'s points issued', async () => {
    const res = await viewer.request('GET', `/api/v1/loyalty/views/programmes/${programmeId}/summary`);
    expect(res.statusCode, res.body).toBe(200);
    const s = LoyaltyProgrammeSummary.parse(res.json());
    expect(s.members).toEqual({ total: 3, active: 3, joinedLast30Days: 3 });
    expect(s.points).toEqual({ available: 265, pending: 0, outstandingValueMinor: 265 });
    expect(s.tiers.map((t) => [t.name, t.members])).toEqual([['Bronze', 2], ['Silver', 1]]);
    expect(s.months).toHaveLength(12);
    expect(s.months.at(-1)).toMatchObject({ issued: 270, reversed: 5, redeemed: 0, expired: 0 });
    expect((await viewer.request('GET', `/api/v1/loyalty/views/programmes/${crypto.randomUUID()}/summary`)).statusCode).toBe(404);
  });
});
