import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { bearerClient, buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { TEST_DB } from '../../test/testDatabase.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { timelineEntries } from '../customers/schema.ts';
import { loyaltyLots } from './schema.ts';
import { runMaintenance } from './maintenance.ts';
import { postSinglePurchase } from './singlePurchases.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { JOB_DEFINITIONS } from '../jobs.ts';
import { LoyaltyMember, LoyaltyMemberView } from '@vefa/contract';

let ctx: TestContext;
let owner: Client;
let specialist: Client;
let viewer: Client;
let till: Client;
let programmeId = '';
let wsId = '';

const DAY = 86_400_000;
let seq = 0;
const ext = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

async function customer(firstName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await owner.request('POST', '/api/v1/customers', { firstName, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function enrol(firstName: string, extra: Record<string, unknown> = {}, customerExtra: Record<string, unknown> = {}, programme = programmeId) {
  const customerId = await customer(firstName, customerExtra);
  const res = await specialist.request('POST', '/api/v1/loyalty/members', { customerId, programmeId: programme, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return LoyaltyMember.parse(res.json());
}

function purchase(memberId: string, amounts: number[], extra: Record<string, unknown> = {}) {
  return {
    externalId: ext('T'), member: { memberId }, occurredAt: new Date().toISOString(), storeId: 's1', channel: 'store',
    lines: amounts.map((a, i) => ({ id: `l${i + 1}`, sku: `SKU${i}`, category: i === 0 ? 'dairy' : 'bread', quantity: 1, unitPriceMinor: a })),
    ...extra,
  };
}

async function balance(memberId: string) {
  const res = await owner.request('GET', `/api/v1/loyalty/members/${memberId}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = LoyaltyMemberView.parse(res.json());
  return { ...body, balance: { available: body.balance.available, pending: body.balance.pending } };
}

async function ledgerOk() {
  const res = await owner.request('GET', '/api/v1/loyalty/ledger/check');
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  expect(body.problems).toEqual([]);
  expect(body.ok).toBe(true);
  return body;
}

/** A programme with 1 point per AZN, double points on dairy, and Bronze/Silver(100 points)/Gold(1,000) tiers. */
async function setupProgramme(settings: Record<string, unknown>): Promise<string> {
  const prog = await specialist.request('POST', '/api/v1/loyalty/programmes', settings);
  expect(prog.statusCode, prog.body).toBe(201);
  const id: string = prog.json().id;
  const rule = await specialist.request('POST', '/api/v1/loyalty/rules', {
    programmeId: id, rule: { name: '1 point per AZN', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } },
  });
  expect(rule.statusCode, rule.body).toBe(201);
  const dairy = await specialist.request('POST', '/api/v1/loyalty/rules', {
    programmeId: id, rule: { name: 'Double dairy', priority: 10, stacking: 'cumulative', lines: { type: 'category', in: ['dairy'] }, effect: { type: 'multiplier', percent: 200 } },
  });
  expect(dairy.statusCode, dairy.body).toBe(201);
  for (const [rank, name, points] of [[0, 'Bronze', undefined], [1, 'Silver', 100], [2, 'Gold', 1000]] as const) {
    const t = await specialist.request('POST', `/api/v1/loyalty/programmes/${id}/tiers`, {
      name, rank, requires: points === undefined ? {} : { points }, earningMultiplierPercent: rank === 2 ? 150 : 100,
    });
    expect(t.statusCode, t.body).toBe(201);
  }
  return id;
}

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'loyal', ['owner', 'loyalty_specialist', 'viewer']);
  wsId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  specialist = await signIn(ctx.app, ws.people.loyalty_specialist ?? '');
  viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  const key = await owner.request('POST', '/api/v1/api-keys', { name: 'till 1', scopes: ['loyalty:transact', 'loyalty:read'] });
  expect(key.statusCode, key.body).toBe(201);
  till = bearerClient(ctx.app, key.json().secret);
  programmeId = await setupProgramme({
    name: 'Bazar Bonus', currency: 'AZN', pointValueMinor: 1, returnWindowDays: 0, expiryMonths: 12, expiryWarningDays: 30,
    negativeBalance: 'allow', referral: { referrerPoints: 300, refereePoints: 200, minPurchaseMinor: 1000, maxRewardsPerReferrer: 5 },
  });
});
afterAll(() => ctx.close());

describe('earning rules', () => {
  it('refuses a bad rule with problem+json naming every bad field', async () => {
    const res = await specialist.request('POST', '/api/v1/loyalty/rules', {
      programmeId, rule: { name: 'broken', priority: 1, stacking: 'sometimes', effect: { type: 'pointsPerAmount', points: 1, perMinor: 0, scope: 'line' }, when: { type: 'weekday', in: [9] } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('body.rule.stacking');
    expect(fields).toContain('body.rule.effect.perMinor');
    expect(fields.some((f: string) => f.startsWith('body.rule.when.in'))).toBe(true);
  });

  it('simulates a rule on a sample purchase with explanations and writes nothing', async () => {
    const before = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from loyalty_ledger_entries`);
    const res = await specialist.request('POST', '/api/v1/loyalty/rules/simulate', {
      programmeId,
      rule: { name: 'Weekend bonus', priority: 5, stacking: 'cumulative', effect: { type: 'fixedBonus', points: 50, scope: 'basket' } },
      purchase: { lines: [{ id: 'a', sku: 'MILK', category: 'dairy', quantity: 2, unitPriceMinor: 250 }, { id: 'b', sku: 'BREAD', quantity: 1, unitPriceMinor: 120 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // base: milk 5, bread 1; bonus 50 split by amount (milk 40, bread 10); double dairy on milk's 45: +45
    expect(body.totalPoints).toBe(101);
    const alone = await specialist.request('POST', '/api/v1/loyalty/rules/simulate', {
      programmeId, alone: true, rule: { name: 'x', priority: 1, stacking: 'cumulative', effect: { type: 'fixedBonus', points: 7, scope: 'basket' } },
      purchase: { lines: [{ id: 'a', sku: 'MILK', quantity: 1, unitPriceMinor: 100 }] },
    });
    expect(alone.json().totalPoints).toBe(7);
    expect(body.explanation.length).toBeGreaterThanOrEqual(3);
    const after = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from loyalty_ledger_entries`);
    expect(after).toEqual(before);
    expect((await viewer.request('POST', '/api/v1/loyalty/rules/simulate', {})).statusCode).toBe(403);
  });
});

describe('purchases', () => {
  it('earns points by the rules, on the ledger, balance cache and timeline', async () => {
    const m = await enrol('Aysel');
    expect(m.qrPayload).toContain(m.cardNumber);
    const res = await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [1050, 399]));
    expect(res.statusCode, res.body).toBe(201);
    // dairy line 10 points ×2 = 20; bread 3
    expect(res.json().points).toBe(23);
    expect((await balance(m.id)).balance).toEqual({ available: 23, pending: 0 });
    const ledger = (await owner.request('GET', `/api/v1/loyalty/members/${m.id}/ledger?limit=2`)).json();
    expect(ledger.items).toHaveLength(2);
    expect(ledger.nextCursor).not.toBeNull();
    expect(ledger.items[0].cause.kind).toBe('purchase');
    const next = (await owner.request('GET', `/api/v1/loyalty/members/${m.id}/ledger?limit=10&cursor=${ledger.nextCursor}`)).json();
    expect(next.items.length).toBe(1);
    const timeline = await ctx.database.db.select().from(timelineEntries).where(and(eq(timelineEntries.customerId, m.customerId), eq(timelineEntries.kind, 'loyalty_purchase')));
    expect(timeline).toHaveLength(1);
  });

  it('counts a retried purchase once: same external id, and same Idempotency-Key', async () => {
    const m = await enrol('Tural');
    const p = purchase(m.id, [1000]);
    const first = await till.request('POST', '/api/v1/loyalty/purchases', p);
    const again = await till.request('POST', '/api/v1/loyalty/purchases', p);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate', purchaseId: first.json().purchaseId });
    const key = { 'idempotency-key': `till-${crypto.randomUUID()}` };
    const p2 = purchase(m.id, [500]);
    const k1 = await till.request('POST', '/api/v1/loyalty/purchases', p2, key);
    const k2 = await till.request('POST', '/api/v1/loyalty/purchases', p2, key);
    expect(k1.statusCode).toBe(201);
    expect(k2.statusCode).toBe(201);
    expect(k2.headers['idempotent-replayed']).toBe('true');
    expect((await balance(m.id)).balance.available).toBe(30);
    // concurrent retries of one purchase
    const p3 = purchase(m.id, [700]);
    const all = await Promise.all([1, 2, 3, 4].map(() => till.request('POST', '/api/v1/loyalty/purchases', p3)));
    expect(all.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect((await balance(m.id)).balance.available).toBe(44);
  });

  it('posts single purchases arriving together in shared transactions, each with its own outcome', async () => {
    const ms = await Promise.all([1, 2].map((i) => enrol(`Together${i}`)));
    // One dairy line: 1 point per AZN, doubled.
    const bodies = Array.from({ length: 24 }, (_, i) => purchase(ms[i % 2]?.id ?? '', [100 * (1 + (i % 5))]));
    const expected = (i: number) => 2 * (1 + (i % 5));
    const retry = bodies[0];
    const stranger = purchase(crypto.randomUUID(), [500]);
    const replies = await Promise.all([...bodies, retry, stranger].map((b) => till.request('POST', '/api/v1/loyalty/purchases', b)));
    replies.slice(0, 24).forEach((r, i) => {
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ status: 'created', memberId: ms[i % 2]?.id, points: expected(i) });
    });
    expect(replies[24]?.statusCode).toBe(200);
    expect(replies[24]?.json()).toMatchObject({ status: 'duplicate', purchaseId: replies[0]?.json().purchaseId });
    expect(replies[25]?.statusCode).toBe(422);
    expect(replies[25]?.json().errors[0]).toMatchObject({ field: 'body.member', code: 'member_not_found' });
    for (const [k, m] of ms.entries()) {
      const sum = bodies.reduce((s, _, i) => s + (i % 2 === k ? expected(i) : 0), 0);
      expect((await balance(m?.id ?? '')).balance.available).toBe(sum);
    }
    // A burst larger than the transactions one caller may have in flight goes in fewer
    // transactions than purchases (now() is a transaction's start, shared by its group).
    const burst = Array.from({ length: 30 }, (_, i) => purchase(ms[i % 2]?.id ?? '', [100]));
    const outcomes = await Promise.all(burst.map((b) => postSinglePurchase(ctx.database.db, systemActor(wsId), b)));
    expect(outcomes.map((o) => o.status)).toEqual(burst.map(() => 'created'));
    const [tx] = await sqlRows<{ n: number }>(ctx.database.db, sql`
      select count(distinct created_at)::int as n from loyalty_purchases where workspace_id = ${wsId} and external_id in (${sql.join(burst.map((b) => sql`${b.externalId}`), sql`, `)})`);
    expect(tx?.n).toBeLessThan(burst.length / 2);
    await ledgerOk();
  });

  it('refuses bad purchases with problem+json naming the field, and changes nothing', async () => {
    const m = await enrol('Orxan');
    const noLines = await till.request('POST', '/api/v1/loyalty/purchases', { ...purchase(m.id, [100]), lines: [] });
    expect(noLines.statusCode).toBe(422);
    expect(noLines.json().errors[0].field).toBe('body.lines');
    const badQty = await till.request('POST', '/api/v1/loyalty/purchases', { ...purchase(m.id, [100]), lines: [{ id: 'a', sku: 'X', quantity: 0, unitPriceMinor: 100 }] });
    expect(badQty.statusCode).toBe(422);
    expect(badQty.json().errors[0].field).toBe('body.lines.0.quantity');
    const dupLine = await till.request('POST', '/api/v1/loyalty/purchases', { ...purchase(m.id, [100, 200]), lines: [{ id: 'a', sku: 'X', quantity: 1, unitPriceMinor: 100 }, { id: 'a', sku: 'Y', quantity: 1, unitPriceMinor: 100 }] });
    expect(dupLine.statusCode).toBe(422);
    expect(dupLine.json().errors[0].field).toBe('body.lines.1.id');
    const unknown = await till.request('POST', '/api/v1/loyalty/purchases', purchase(crypto.randomUUID(), [100]));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'body.member', code: 'member_not_found' });
    const currency = await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [100], { currency: 'TRY' }));
    expect(currency.statusCode).toBe(422);
    expect(currency.json().errors[0].field).toBe('body.currency');
    const extra = await till.request('POST', '/api/v1/loyalty/purchases', { ...purchase(m.id, [100]), tip: 5 });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors[0].field).toBe('body.tip');
    expect((await balance(m.id)).balance.available).toBe(0);
  });

  it('ingests a batch through the API key once, however often it is retried', async () => {
    const a = await enrol('Batch A');
    const b = await enrol('Batch B');
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      ...purchase(i % 2 === 0 ? a.id : b.id, [100 + i]),
      member: i % 3 === 0 ? { cardNumber: i % 2 === 0 ? a.cardNumber : b.cardNumber } : { memberId: i % 2 === 0 ? a.id : b.id },
    }));
    batch[7] = { ...purchase(crypto.randomUUID(), [100]) };
    const first = await till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: batch });
    expect(first.statusCode, first.body.slice(0, 500)).toBe(200);
    expect(first.json()).toMatchObject({ created: 999, duplicates: 0, rejected: 1 });
    expect(first.json().items[7].error.field).toBe('body.purchases.7.member');
    // Points as reported per item (rules + the Gold tier's +50 % once reached) add up to the balances.
    const items: { points: number; status: string }[] = first.json().items;
    const expected = (member: string) => items.reduce((s, it, i) => s + (i !== 7 && (i % 2 === 0 ? a.id : b.id) === member ? it.points : 0), 0);
    expect(items[0]?.points).toBe(2);
    expect(items[998]?.points).toBe(30);
    const before = [await balance(a.id), await balance(b.id)].map((x) => x.balance.available);
    expect(before).toEqual([expected(a.id), expected(b.id)]);
    const retry = await till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: batch });
    expect(retry.json()).toMatchObject({ created: 0, duplicates: 999, rejected: 1 });
    expect([await balance(a.id), await balance(b.id)].map((x) => x.balance.available)).toEqual(before);
    await ledgerOk();
  });
});

describe('batch limits', () => {
  it('accepts a full batch larger than the default 1 MB body limit, and refuses 1,001 purchases naming the field', async () => {
    const m = await enrol('Big basket');
    const sku = 'S'.repeat(110);
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      ...purchase(m.id, [100, 200, 300]), externalId: `BIG-${i}-${'x'.repeat(100)}`,
      lines: [0, 1, 2].map((j) => ({ id: `l${j}`, sku: `${sku}${j}`, category: `category-${'c'.repeat(40)}`, brand: `brand-${'b'.repeat(40)}`, quantity: 1, unitPriceMinor: 100 })),
    }));
    const body = JSON.stringify({ purchases: batch });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const res = await till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: batch });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().created).toBe(1000);
    const tooMany = await till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: [...batch, batch[0]] });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors[0].field).toBe('body.purchases');
  });
});

describe('returns', () => {
  it('a purchase then its full return leaves the member as before, tier included', async () => {
    // With a return window, points stay pending and an upgrade stays provisional until it closes.
    const windowed = await setupProgramme({ name: 'Windowed', returnWindowDays: 14 });
    const m = await enrol('Leyla', {}, {}, windowed);
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [2000]));
    const before = await balance(m.id);
    expect(before.tier?.name).toBe('Bronze');
    const p = purchase(m.id, [5000, 1234], { paidWithPointsMinor: 0 });
    const res = await till.request('POST', '/api/v1/loyalty/purchases', p);
    expect(res.json().points).toBe(112);
    expect(res.json().tier).toMatchObject({ change: 'upgrade' });
    expect((await balance(m.id)).tier?.name).toBe('Silver');
    // a partial return first, then the rest
    const part = await till.request('POST', '/api/v1/loyalty/returns', { externalId: ext('R'), purchaseExternalId: p.externalId, lines: [{ lineId: 'l2', quantity: 1 }] });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json().pointsReversed).toBe(12);
    expect((await balance(m.id)).balance).toEqual({ available: 0, pending: 140 });
    const rest = { externalId: ext('R'), purchaseExternalId: p.externalId };
    const full = await till.request('POST', '/api/v1/loyalty/returns', rest);
    expect(full.statusCode, full.body).toBe(201);
    expect(full.json()).toMatchObject({ pointsReversed: 100, purchaseFullyReturned: true });
    const again = await till.request('POST', '/api/v1/loyalty/returns', rest);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('duplicate');
    const after = await balance(m.id);
    expect(after.balance).toEqual(before.balance);
    expect(after.tier?.name).toBe('Bronze');
    const tooMuch = await till.request('POST', '/api/v1/loyalty/returns', { externalId: ext('R'), purchaseExternalId: p.externalId, lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().errors[0].field).toBe('body.lines.0.quantity');
  });
});

describe('redemptions', () => {
  it('reserves, commits and cancels; a cancel gives points and stock back', async () => {
    const m = await enrol('Nigar');
    await specialist.request('POST', `/api/v1/loyalty/members/${m.id}/adjustments`, { points: 500, reason: 'welcome gift' });
    const reward = (await specialist.request('POST', '/api/v1/loyalty/rewards', { programmeId, name: 'Coffee', kind: 'product', pointsCost: 200, stock: 10, perMemberLimit: 2 })).json();
    const r1 = await till.request('POST', '/api/v1/loyalty/redemptions', { memberId: m.id, rewardId: reward.id });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json().status).toBe('reserved');
    expect((await balance(m.id)).balance.available).toBe(300);
    const cancelled = await till.request('POST', `/api/v1/loyalty/redemptions/${r1.json().id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await balance(m.id)).balance.available).toBe(500);
    expect((await owner.request('GET', `/api/v1/loyalty/rewards/${reward.id}`)).json().stock).toBe(10);
    const r2 = await till.request('POST', '/api/v1/loyalty/redemptions', { memberId: m.id, rewardId: reward.id });
    expect((await till.request('POST', `/api/v1/loyalty/redemptions/${r2.json().id}/commit`)).json().status).toBe('committed');
    expect((await till.request('POST', `/api/v1/loyalty/redemptions/${r2.json().id}/cancel`)).statusCode).toBe(409);
    await till.request('POST', '/api/v1/loyalty/redemptions', { memberId: m.id, rewardId: reward.id, commit: true });
    const limit = await till.request('POST', '/api/v1/loyalty/redemptions', { memberId: m.id, rewardId: reward.id });
    expect(limit.statusCode).toBe(409);
    expect(limit.json().code).toBe('member_limit');
    const audits = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, m.id), eq(auditLog.action, 'loyalty.points.adjusted')));
    expect(audits).toHaveLength(1);
  });

  it('gives back a reservation the till never committed, after a day', async () => {
    const m = await enrol('Walked away');
    await specialist.request('POST', `/api/v1/loyalty/members/${m.id}/adjustments`, { points: 300, reason: 'test ttl' });
    const reward = (await specialist.request('POST', '/api/v1/loyalty/rewards', { programmeId, name: 'Mug', kind: 'product', pointsCost: 300, stock: 1 })).json();
    const r = (await till.request('POST', '/api/v1/loyalty/redemptions', { memberId: m.id, rewardId: reward.id })).json();
    expect((await balance(m.id)).balance.available).toBe(0);
    expect((await runMaintenance(ctx.database.db, wsId, programmeId)).reservationsCancelled).toBe(0);
    const report = await runMaintenance(ctx.database.db, wsId, programmeId, Date.now() + 25 * 3600_000);
    expect(report.reservationsCancelled).toBe(1);
    expect((await balance(m.id)).balance.available).toBe(300);
    expect((await owner.request('GET', `/api/v1/loyalty/rewards/${reward.id}`)).json().stock).toBe(1);
    expect((await owner.request('GET', `/api/v1/loyalty/redemptions?memberId=${m.id}`)).json().items[0]).toMatchObject({ id: r.id, status: 'cancelled' });
  });

  it('never oversells the last unit of stock under concurrent redemptions', async () => {
    const members = await Promise.all([1, 2, 3, 4, 5, 6].map(async (i) => {
      const mm = await enrol(`Stock${i}`);
      await specialist.request('POST', `/api/v1/loyalty/members/${mm.id}/adjustments`, { points: 100, reason: 'test stock' });
      return mm;
    }));
    const reward = (await specialist.request('POST', '/api/v1/loyalty/rewards', { programmeId, name: 'Last TV', kind: 'product', pointsCost: 100, stock: 1 })).json();
    const results = await Promise.all(members.map((mm) => till.request('POST', '/api/v1/loyalty/redemptions', { memberId: mm.id, rewardId: reward.id })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(Array(5).fill('out_of_stock'));
    expect((await owner.request('GET', `/api/v1/loyalty/rewards/${reward.id}`)).json().stock).toBe(0);
    const balances = await Promise.all(members.map((mm) => balance(mm.id)));
    expect(balances.map((x) => x.balance.available).sort()).toEqual([0, 100, 100, 100, 100, 100]);
  });

  it('never spends the same points twice under concurrent burns at the till', async () => {
    const m = await enrol('Burner');
    await specialist.request('POST', `/api/v1/loyalty/members/${m.id}/adjustments`, { points: 100, reason: 'test burn' });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => till.request('POST', `/api/v1/loyalty/members/${m.id}/burn`, { points: 60, externalId: ext(`B${i}`) })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 422).map((r) => r.json().code)).toEqual(Array(4).fill('insufficient_points'));
    expect((await balance(m.id)).balance.available).toBe(40);
    await ledgerOk();
  });

  it('refuses a manual adjustment without a reason, and from a viewer', async () => {
    const m = await enrol('Adjusted');
    const noReason = await specialist.request('POST', `/api/v1/loyalty/members/${m.id}/adjustments`, { points: 10, reason: '' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    expect((await viewer.request('POST', `/api/v1/loyalty/members/${m.id}/adjustments`, { points: 10, reason: 'sneaky' })).statusCode).toBe(403);
    expect((await viewer.request('GET', `/api/v1/loyalty/members/${m.id}`)).statusCode).toBe(200);
  });
});

describe('coupons and referrals', () => {
  it('bulk-generates unguessable codes, validates and redeems within limits', async () => {
    const gen = await specialist.request('POST', '/api/v1/loyalty/coupons', { programmeId, name: 'Spring', count: 200, prefix: 'SP', maxUses: 1, benefit: { kind: 'percentOff', value: 10 }, conditions: { minAmountMinor: 1000 } });
    expect(gen.statusCode, gen.body).toBe(201);
    const codes: string[] = gen.json().codes;
    expect(new Set(codes).size).toBe(200);
    const code = codes[0] ?? '';
    const lines = [{ id: 'a', sku: 'X', quantity: 1, unitPriceMinor: 1500 }];
    const small = await till.request('POST', '/api/v1/loyalty/coupons/validate', { code, purchase: { lines: [{ id: 'a', sku: 'X', quantity: 1, unitPriceMinor: 100 }] } });
    expect(small.json().refusals.map((r: { code: string }) => r.code)).toEqual(['min_amount']);
    const mistyped = await till.request('POST', '/api/v1/loyalty/coupons/validate', { code: `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}` });
    expect(mistyped.json().ok).toBe(false);
    const ok = await till.request('POST', '/api/v1/loyalty/coupons/validate', { code: code.toLowerCase(), purchase: { lines } });
    expect(ok.json().ok).toBe(true);
    const results = await Promise.all([1, 2, 3].map((i) => till.request('POST', '/api/v1/loyalty/coupons/redeem', { code, externalId: `C-${i}` })));
    expect(results.filter((r) => r.json().ok)).toHaveLength(1);
    expect(results.filter((r) => !r.json().ok).map((r) => r.json().refusals[0].code)).toEqual(['used_up', 'used_up']);
  });

  it('credits a bonus-points coupon to the member, once per till transaction', async () => {
    const m = await enrol('Couponed');
    const gen = (await specialist.request('POST', '/api/v1/loyalty/coupons', { programmeId, name: 'Bonus 50', code: 'WELCOME50', maxUses: null, maxUsesPerMember: 1, benefit: { kind: 'bonusPoints', value: 50 } })).json();
    const code: string = gen.codes[0];
    expect(code).toMatch(/^WE1C0ME50.$/);
    const first = await till.request('POST', '/api/v1/loyalty/coupons/redeem', { code: `welcome-50${code.slice(-1).toLowerCase()}`, memberId: m.id, externalId: 'T-1' });
    expect(first.json()).toMatchObject({ ok: true });
    const retry = await till.request('POST', '/api/v1/loyalty/coupons/redeem', { code, memberId: m.id, externalId: 'T-1' });
    expect(retry.json().redemptionId).toBe(first.json().redemptionId);
    const second = await till.request('POST', '/api/v1/loyalty/coupons/redeem', { code, memberId: m.id, externalId: 'T-2' });
    expect(second.json().refusals.map((r: { code: string }) => r.code)).toEqual(['member_limit']);
    expect((await balance(m.id)).balance.available).toBe(50);
  });

  it('rewards referrer and referee once on the first qualifying purchase, and blocks self-referral', async () => {
    const referrer = await enrol('Referrer', {}, { email: 'ref.one@mail.az' });
    const referee = await enrol('Referee', { referralCode: referrer.referralCode }, { email: 'newbie@mail.az' });
    const cheat = await enrol('Cheat', { referralCode: referrer.referralCode }, { email: 'refone+2@mail.az'.replace('refone', 'ref.one') });
    const refs = (await owner.request('GET', `/api/v1/loyalty/referrals?memberId=${referrer.id}`)).json().items;
    expect(refs.find((r: { refereeMemberId: string }) => r.refereeMemberId === cheat.id)).toMatchObject({ status: 'blocked', fraudReasons: ['same_email'] });
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(referee.id, [1500]));
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(referee.id, [1500]));
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(cheat.id, [1500]));
    expect((await balance(referrer.id)).balance.available).toBe(300);
    expect((await balance(referee.id)).balance.available).toBe(200 + 30 + 30);
    expect((await balance(cheat.id)).balance.available).toBe(30);
  });
});

describe('pending points, expiry and the ledger', () => {
  it('archives a programme: its members keep their points, new purchases are refused', async () => {
    const archived = await setupProgramme({ name: 'Short-lived' });
    const m = await enrol('Archived', {}, {}, archived);
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [1000]));
    const del = await specialist.request('DELETE', `/api/v1/loyalty/programmes/${archived}`);
    expect(del.json().status).toBe('archived');
    const refused = await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [1000]));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'body.member', code: 'programme_archived' });
    expect((await balance(m.id)).balance.available).toBe(20);
  });

  it('releases pending points after the return window and expires lots first in, first out, with warnings', async () => {
    const prog = (await specialist.request('POST', '/api/v1/loyalty/programmes', {
      name: 'Pending club', returnWindowDays: 14, expiryMonths: 1, expiryWarningDays: 10,
    })).json();
    await specialist.request('POST', '/api/v1/loyalty/rules', { programmeId: prog.id, rule: { name: 'base', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'basket' } } });
    const m = await enrol('Lapsing', {}, {}, prog.id);
    const old = await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [3000], { occurredAt: new Date(Date.now() - 40 * DAY).toISOString() }));
    expect(old.json()).toMatchObject({ points: 30, pending: true });
    const recent = await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [2000], { occurredAt: new Date(Date.now() - 25 * DAY).toISOString() }));
    expect(recent.json().points).toBe(20);
    const fresh = await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [1000]));
    expect((await balance(m.id)).balance).toEqual({ available: 0, pending: 60 });
    void fresh;
    const report = await runMaintenance(ctx.database.db, wsId, prog.id);
    expect(report.released).toBe(50);
    expect(report.expired).toBe(30);
    expect(report.warned).toBe(1);
    const view = await balance(m.id);
    expect(view.balance).toEqual({ available: 20, pending: 10 });
    expect(view.expiringSoon).toHaveLength(1);
    const again = await runMaintenance(ctx.database.db, wsId, prog.id);
    expect(again).toEqual({ released: 0, expired: 0, expiredMembers: 0, warned: 0, tierChanges: 0, reservationsCancelled: 0 });
    const lots = await ctx.database.db.select().from(loyaltyLots).where(eq(loyaltyLots.memberId, m.id));
    expect(lots.map((l) => l.available + l.pending).sort((x, y) => x - y)).toEqual([0, 10, 20]);
  });

  it('moves a member down at the tier review when the window no longer qualifies them', async () => {
    const m = await enrol('Reviewed');
    await till.request('POST', '/api/v1/loyalty/purchases', purchase(m.id, [6000]));
    expect((await balance(m.id)).tier?.name).toBe('Silver');
    // Pretend the activity is two years old and the member was last reviewed long ago.
    await ctx.database.db.execute(sql`update loyalty_tier_activity set "on" = "on" - 800 where member_id = ${m.id}`);
    await ctx.database.db.execute(sql`update loyalty_members set last_review_on = '2000-01-01' where id = ${m.id}`);
    const report = await runMaintenance(ctx.database.db, wsId, programmeId);
    expect(report.tierChanges).toBeGreaterThanOrEqual(1);
    expect((await balance(m.id)).tier?.name).toBe('Bronze');
    const entries = await ctx.database.db.select().from(timelineEntries).where(and(eq(timelineEntries.customerId, m.customerId), eq(timelineEntries.kind, 'loyalty_tier_changed')));
    expect(entries.map((e) => e.summary)).toEqual(expect.arrayContaining([expect.stringContaining('Bronze')]));
  });

  it('posts overlapping batches from two tills at once exactly once each', async () => {
    const ms = await Promise.all([1, 2, 3].map((i) => enrol(`Parallel${i}`)));
    const make = (prefix: string) => Array.from({ length: 600 }, (_, i) => ({ ...purchase(ms[i % 3]?.id ?? '', [100 + (i % 7) * 100]), externalId: `${prefix}-${i}` }));
    const [a, b] = [make('PA'), make('PB')];
    const [ra, rb] = await Promise.all([till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: a }), till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: b })]);
    expect([ra.json().created, rb.json().created]).toEqual([600, 600]);
    const reported = new Map<string, number>();
    for (const [batch, res] of [[a, ra], [b, rb]] as const) {
      res.json().items.forEach((it: { points: number }, i: number) => {
        const id = batch[i]?.member.memberId ?? '';
        reported.set(id, (reported.get(id) ?? 0) + it.points);
      });
    }
    for (const m of ms) expect((await balance(m.id)).balance.available).toBe(reported.get(m.id));
    const again = await Promise.all([a, b].map((p) => till.request('POST', '/api/v1/loyalty/purchases/batch', { purchases: p })));
    expect(again.map((r) => r.json().duplicates)).toEqual([600, 600]);
    await ledgerOk();
  });

  it('gives a till the balance in one read', async () => {
    const m = await enrol('Quick');
    await specialist.request('POST', `/api/v1/loyalty/members/${m.id}/adjustments`, { points: 42, reason: 'quick test' });
    const res = await till.request('GET', `/api/v1/loyalty/members/${m.id}/balance`);
    expect(res.json()).toMatchObject({ available: 42, pending: 0, valueMinor: 42, currency: 'AZN', status: 'active' });
  });

  it('keeps the maintenance job scheduled: queued with the programme, re-queued by each run', async () => {
    const queued = await sqlRows<{ id: string; payload: { programmeId: string } }>(ctx.database.db, sql`
      select id, payload from jobs where workspace_id = ${wsId} and kind = 'loyalty.maintenance' and payload->>'programmeId' = ${programmeId}`);
    expect(queued.length).toBeGreaterThanOrEqual(1);
    const definition = JOB_DEFINITIONS.find((d) => d.kind === 'loyalty.maintenance');
    expect(definition).toBeDefined();
    await definition?.perform(ctx.database, { workspaceId: wsId, id: queued[0]?.id ?? '', kind: 'loyalty.maintenance', payload: { programmeId }, attempts: 1, maxAttempts: 5 });
    const after = await sqlRows<{ run_at: Date | string }>(ctx.database.db, sql`
      select run_at from jobs where workspace_id = ${wsId} and kind = 'loyalty.maintenance' and payload->>'programmeId' = ${programmeId} and run_at > now()`);
    expect(after).toHaveLength(1);
  });

  it('refuses to update or delete ledger entries, and the check proves every cache', async () => {
    await expect(ctx.database.db.execute(sql`update loyalty_ledger_entries set amount = amount + 1`)).rejects.toThrow();
    await expect(ctx.database.db.execute(sql`delete from loyalty_ledger_entries`)).rejects.toThrow();
    const body = await ledgerOk();
    expect(body.entries).toBeGreaterThan(1000);
    expect(body.outstandingLiability).toBe(body.sumOfMemberBalances);
    // Tampering with a cache is caught.
    const [victim] = await sqlRows<{ member_id: string }>(ctx.database.db, sql`select member_id from loyalty_member_balances where workspace_id = ${wsId} limit 1`);
    await ctx.database.db.execute(sql`update loyalty_member_balances set available = available + 7 where member_id = ${victim?.member_id}`);
    const bad = (await owner.request('GET', '/api/v1/loyalty/ledger/check')).json();
    expect(bad.ok).toBe(false);
    expect(bad.memberBalanceMismatches).toBe(1);
    await ctx.database.db.execute(sql`update loyalty_member_balances set available = available - 7 where member_id = ${victim?.member_id}`);
    await ledgerOk();
    void TEST_DB;
  });
});
