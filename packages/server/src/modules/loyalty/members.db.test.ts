import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { LoyaltyMember, LoyaltyMemberView, MemberBalance, TransferResult } from '@vefa/contract';
import { bearerClient, buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../../platform/db/database.ts';

let ctx: TestContext;
let owner: Client;
let viewer: Client;
let till: Client;
let wsId = '';
let programmeId = '';
let seq = 0;
const ext = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
const DAY = 86_400_000;

async function enrol(firstName: string, extra: Record<string, unknown> = {}, customerExtra: Record<string, unknown> = {}, programme = programmeId) {
  const c = await owner.request('POST', '/api/v1/customers', { firstName, ...customerExtra });
  expect(c.statusCode, c.body).toBe(201);
  const res = await owner.request('POST', '/api/v1/loyalty/members', { customerId: c.json().id, programmeId: programme, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return LoyaltyMember.parse(res.json());
}

async function give(memberId: string, points: number, expiresOn?: string) {
  const res = await owner.request('POST', `/api/v1/loyalty/members/${memberId}/adjustments`, { points, reason: 'opening balance', ...(expiresOn ? { expiresOn } : {}) });
  expect(res.statusCode, res.body).toBe(201);
}

async function view(memberId: string) {
  const res = await owner.request('GET', `/api/v1/loyalty/members/${memberId}`);
  expect(res.statusCode, res.body).toBe(200);
  return LoyaltyMemberView.parse(res.json());
}

async function ledgerOk() {
  const res = await owner.request('GET', '/api/v1/loyalty/ledger/check');
  expect(res.json().problems).toEqual([]);
  expect(res.json().ok).toBe(true);
}

function purchase(memberId: string, amountMinor: number) {
  return { externalId: ext('M'), member: { memberId }, occurredAt: new Date().toISOString(), lines: [{ id: 'l1', sku: 'SKU', quantity: 1, unitPriceMinor: amountMinor }] };
}

const localDay = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku' }).format(new Date(Date.now() + offsetDays * DAY));

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'members', ['owner', 'viewer']);
  wsId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  const key = await owner.request('POST', '/api/v1/api-keys', { name: 'till', scopes: ['loyalty:transact', 'loyalty:read'] });
  till = bearerClient(ctx.app, key.json().secret);
  const prog = await owner.request('POST', '/api/v1/loyalty/programmes', {
    name: 'Ailə', expiryMonths: 12, expiryWarningDays: 30,
    referral: { referrerPoints: 300, refereePoints: 200, minPurchaseMinor: 1000, maxRewardsPerReferrer: 5 },
  });
  expect(prog.statusCode, prog.body).toBe(201);
  programmeId = prog.json().id;
  const rule = await owner.request('POST', '/api/v1/loyalty/rules', {
    programmeId, rule: { name: '1 point per AZN', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } },
  });
  expect(rule.statusCode, rule.body).toBe(201);
});
afterAll(() => ctx.close());

describe('point transfers', () => {
  it('moves points between two members of a programme, audited, keeping each lot\'s last day', async () => {
    const [giver, taker] = [await enrol('Vüqar'), await enrol('Gülnarə')];
    await give(giver.id, 100, localDay(40));
    const res = await till.request('POST', '/api/v1/loyalty/transfers', { fromMemberId: giver.id, toMemberId: taker.id, points: 30, externalId: 'TR-1', reason: 'family pooling' });
    expect(res.statusCode, res.body).toBe(201);
    const body = TransferResult.parse(res.json());
    expect(body).toMatchObject({ status: 'created', points: 30, from: { available: 70, pending: 0 }, to: { available: 30, pending: 0 } });
    const taken = await view(taker.id);
    expect(taken.balance.available).toBe(30);
    expect(taken.expiringSoon).toEqual([]);
    const lots = await sqlRows<{ expires_on: string }>(ctx.database.db, sql`
      select expires_on::text as expires_on from loyalty_lots where workspace_id = ${wsId} and member_id = ${taker.id}`);
    expect(lots.map((l) => l.expires_on)).toEqual([localDay(40)]);
    const ledger = (await owner.request('GET', `/api/v1/loyalty/members/${taker.id}/ledger`)).json().items;
    expect(ledger[0]).toMatchObject({ postingKind: 'transfer', amount: 30, cause: { kind: 'transfer', fromMemberId: giver.id, toMemberId: taker.id } });
    const audit = await sqlRows<{ action: string }>(ctx.database.db, sql`
      select action from audit_log where workspace_id = ${wsId} and entity_id = ${giver.id} and action = 'loyalty.points.transferred'`);
    expect(audit).toHaveLength(1);
    const timeline = (await owner.request('GET', `/api/v1/customers/${taker.customerId}/timeline`)).json().items;
    expect(timeline.some((t: { kind: string }) => t.kind === 'loyalty_transfer')).toBe(true);
    await ledgerOk();
  });

  it('moves the points once however often the same transfer is retried', async () => {
    const [giver, taker] = [await enrol('Rəna'), await enrol('Elçin')];
    await give(giver.id, 50);
    const send = () => till.request('POST', '/api/v1/loyalty/transfers', { fromMemberId: giver.id, toMemberId: taker.id, points: 20, externalId: 'TR-retry' });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(TransferResult.parse(again.json())).toMatchObject({ status: 'duplicate', transferId: TransferResult.parse(a.json()).transferId, from: { available: 30 }, to: { available: 20 } });
    const other = await till.request('POST', '/api/v1/loyalty/transfers', { fromMemberId: giver.id, toMemberId: taker.id, points: 5, externalId: 'TR-retry' });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0]).toMatchObject({ field: 'body.externalId', code: 'in_use' });
    expect((await view(giver.id)).balance.available).toBe(30);
    expect((await view(taker.id)).balance.available).toBe(20);
  });

  it('refuses more than the giver has, the same member, another programme or a viewer, and changes nothing', async () => {
    const [giver, taker] = [await enrol('Səbinə'), await enrol('Orxan')];
    await give(giver.id, 10);
    const other = await owner.request('POST', '/api/v1/loyalty/programmes', { name: 'Other' });
    const stranger = await enrol('Kənan', {}, {}, other.json().id);
    const cases: [Record<string, unknown>, Client, number, string, string][] = [
      [{ fromMemberId: giver.id, toMemberId: taker.id, points: 11 }, till, 422, 'body.points', 'insufficient_points'],
      [{ fromMemberId: giver.id, toMemberId: giver.id, points: 1 }, till, 422, 'body.toMemberId', 'same_member'],
      [{ fromMemberId: giver.id, toMemberId: stranger.id, points: 1 }, till, 422, 'body.toMemberId', 'other_programme'],
      [{ fromMemberId: giver.id, toMemberId: taker.id, points: 0 }, till, 422, 'body.points', 'too_small'],
    ];
    for (const [body, client, status, field, code] of cases) {
      const res = await client.request('POST', '/api/v1/loyalty/transfers', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field).toBe(field);
      if (code) expect(res.json().errors[0].code).toBe(code);
    }
    expect((await viewer.request('POST', '/api/v1/loyalty/transfers', { fromMemberId: giver.id, toMemberId: taker.id, points: 1 })).statusCode).toBe(403);
    expect((await view(giver.id)).balance.available).toBe(10);
    expect((await view(taker.id)).balance.available).toBe(0);
  });
});

describe('referral links', () => {
  it('returns the code as a link; joining through it rewards both once, on the first qualifying purchase', async () => {
    const referrer = await enrol('Nigar', {}, { email: 'nigar@mail.az' });
    expect(referrer.referralUrl).toMatch(new RegExp(`/join\\?referral=${referrer.referralCode}$`));
    expect((await view(referrer.id)).referralUrl).toBe(referrer.referralUrl);
    const referee = await enrol('Tural', { referralCode: referrer.referralUrl }, { email: 'tural@mail.az' });
    const refs = (await owner.request('GET', `/api/v1/loyalty/referrals?memberId=${referrer.id}`)).json().items;
    expect(refs).toEqual([expect.objectContaining({ refereeMemberId: referee.id, status: 'pending' })]);
    const small = await till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: [purchase(referee.id, 1500), purchase(referee.id, 2500)] });
    expect(small.json().created).toBe(2);
    expect((await view(referrer.id)).balance.available).toBe(300);
    expect((await view(referee.id)).balance.available).toBe(200 + 15 + 25);
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(referee.id, 5000));
    expect((await view(referrer.id)).balance.available).toBe(300);
    await ledgerOk();
  });

  it('blocks self-referral and a referee at the referrer\'s address', async () => {
    const referrer = await enrol('Aysel', {}, { addresses: [{ label: 'home', street: 'Nizami küçəsi 12, mənzil 5', city: 'Bakı', country: 'AZ' }] });
    const self = await owner.request('POST', '/api/v1/loyalty/referrals', { referralCode: referrer.referralUrl, refereeMemberId: referrer.id });
    expect(self.statusCode, self.body).toBe(201);
    expect(self.json()).toMatchObject({ status: 'blocked', fraudReasons: expect.arrayContaining(['self_referral']) });
    const neighbour = await enrol('Aydın', { referralCode: referrer.referralCode }, { addresses: [{ label: 'home', street: 'Nizami kuc 12 m 5', city: 'Baki', country: 'AZ' }] });
    const refs = (await owner.request('GET', `/api/v1/loyalty/referrals?memberId=${referrer.id}`)).json().items;
    expect(refs.find((r: { refereeMemberId: string }) => r.refereeMemberId === neighbour.id)).toMatchObject({ status: 'blocked', fraudReasons: ['same_address'] });
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(neighbour.id, 5000));
    expect((await view(referrer.id)).balance.available).toBe(0);
    expect((await view(neighbour.id)).balance.available).toBe(50);
  });
});

describe('tier state and balance', () => {
  it('puts a member who never bought in the entry tier, with progress, also one who joined before the tiers', async () => {
    const prog = await owner.request('POST', '/api/v1/loyalty/programmes', { name: 'Tiered' });
    const early = await enrol('Erkən', {}, {}, prog.json().id);
    expect(early.tierId).toBeNull();
    const tiers: string[] = [];
    for (const [rank, name, points] of [[0, 'Bürünc', undefined], [1, 'Gümüş', 500]] as const) {
      const t = await owner.request('POST', `/api/v1/loyalty/programmes/${prog.json().id}/tiers`, { name, rank, requires: points === undefined ? {} : { points } });
      expect(t.statusCode, t.body).toBe(201);
      tiers.push(t.json().id);
    }
    const late = await enrol('Gec', {}, {}, prog.json().id);
    for (const m of [early, late]) {
      const list = await owner.request('GET', `/api/v1/loyalty/members?cardNumber=${m.cardNumber}`);
      expect(LoyaltyMember.parse(list.json().items[0]).tierId).toBe(tiers[0]);
      const v = await view(m.id);
      expect(v.tier).toMatchObject({ id: tiers[0], rank: 0, next: { id: tiers[1] }, toNext: [{ metric: 'points', current: 0, required: 500, missing: 500 }] });
    }
  });

  it('tells a till the points expiring within the next N days', async () => {
    const m = await enrol('Fidan');
    await give(m.id, 40, localDay(10));
    await give(m.id, 60, localDay(100));
    const balance = async (query: string) => {
      const res = await till.request('GET', `/api/v1/loyalty/members/${m.id}/balance${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return MemberBalance.parse(res.json());
    };
    expect(await balance('')).toMatchObject({ available: 100, expiring: { withinDays: 30, until: localDay(30), points: 40 } });
    expect((await balance('?expiringWithinDays=9')).expiring.points).toBe(0);
    expect((await balance('?expiringWithinDays=365')).expiring).toEqual({ withinDays: 365, until: localDay(365), points: 100 });
    const bad = await till.request('GET', `/api/v1/loyalty/members/${m.id}/balance?expiringWithinDays=-1`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('querystring.expiringWithinDays');
  });
});

describe('batch ingest', () => {
  it('counts a purchase sent twice in one batch once, as its first copy', async () => {
    const m = await enrol('Cavid');
    const p = purchase(m.id, 1200);
    const res = await till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: [p, purchase(m.id, 800), p] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, duplicates: 1, rejected: 0 });
    expect(body.items[2]).toMatchObject({ status: 'duplicate', purchaseId: body.items[0].purchaseId, points: 12 });
    expect((await view(m.id)).balance.available).toBe(20);
  });
});
