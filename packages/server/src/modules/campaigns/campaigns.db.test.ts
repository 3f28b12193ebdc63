import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Campaign, CampaignResults, SegmentCount } from '@vefa/contract';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { startSmtpSink } from '../service/mail/test/smtpSink.ts';
import { smtpTransport, type MailTransport } from '../service/mail/transport.ts';
import { runCampaign } from './jobs.ts';
import { issueBatch } from './issue.ts';
import { drawAudience } from './audience.ts';

let ctx: TestContext;
let owner: Client;
let specialist: Client;
let viewer: Client;
let ws = '';
let programmeId = '';
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let transport: MailTransport;
const delivery = () => ({ transport, publicUrl: 'http://vefa.test', from: 'noreply@vefa.test' });

interface Person { customerId: string; memberId: string; email: string; consent: boolean; vip: boolean; language: 'az' | 'tr' | 'en' }
const people: Person[] = [];
const DAY = 86_400_000;
let seq = 0;

function purchaseOf(memberId: string, amountMinor: number, at = new Date(), category = 'dairy') {
  return { externalId: `P-${++seq}`, member: { memberId }, occurredAt: at.toISOString(), lines: [{ id: 'l1', sku: 'SKU1', category, quantity: 1, unitPriceMinor: amountMinor }] };
}

const consentAndVipOrBuyer = {
  type: 'group', combinator: 'and', conditions: [
    { type: 'condition', field: 'consent', op: 'granted', key: 'email' },
    { type: 'group', combinator: 'or', conditions: [
      { type: 'condition', field: 'tag', op: 'has', value: 'vip' },
      { type: 'condition', field: 'behaviour.purchases', op: 'gte', value: 1, period: { lastDays: 30 } },
    ] },
  ],
};

beforeAll(async () => {
  ctx = await startTestApp();
  const w = await buildWorkspace(ctx.database, 'cmp', ['owner', 'loyalty_specialist', 'viewer']);
  ws = w.id;
  owner = await signIn(ctx.app, w.people.owner ?? '');
  specialist = await signIn(ctx.app, w.people.loyalty_specialist ?? '');
  viewer = await signIn(ctx.app, w.people.viewer ?? '');
  sink = await startSmtpSink();
  transport = smtpTransport(sink.url);
  const programme = await specialist.request('POST', '/api/v1/loyalty/programmes', { name: 'Bonus', currency: 'AZN', pointValueMinor: 1 });
  expect(programme.statusCode, programme.body).toBe(201);
  programmeId = programme.json().id;
  const languages = ['az', 'tr', 'en'] as const;
  for (let i = 0; i < 60; i++) {
    const consent = i % 5 !== 0;
    const vip = i % 3 === 0;
    const language = languages[i % 3] ?? 'az';
    const email = `p${i}@cmp.test`;
    const c = await owner.request('POST', '/api/v1/customers', {
      firstName: `Person${i}`, email, language, tags: vip ? ['vip'] : [], consents: [{ channel: 'email', granted: consent, source: 'test' }],
    });
    expect(c.statusCode, c.body).toBe(201);
    const m = await specialist.request('POST', '/api/v1/loyalty/members', { customerId: c.json().id, programmeId });
    expect(m.statusCode, m.body).toBe(201);
    people.push({ customerId: c.json().id, memberId: m.json().id, email, consent, vip, language });
  }
  // Every fourth person bought something ten days ago.
  for (let i = 0; i < 60; i += 4) {
    const p = people[i];
    if (p) expect((await specialist.request('POST', '/api/v1/loyalty/purchases', purchaseOf(p.memberId, 2500, new Date(Date.now() - 10 * DAY)))).statusCode).toBe(201);
  }
});
afterAll(async () => {
  transport?.close();
  await sink?.close();
  await ctx?.close();
});

async function newSegment(name: string, definition: unknown = consentAndVipOrBuyer, kind = 'dynamic') {
  const res = await specialist.request('POST', '/api/v1/campaigns/segments', { name, kind, definition });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function newCampaign(segmentId: string, extra: Record<string, unknown> = {}) {
  const res = await specialist.request('POST', '/api/v1/campaigns', {
    name: `Campaign ${++seq}`, segmentId, offer: { kind: 'points', programmeId, points: 100 }, controlShare: 0.3,
    startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
    templates: { az: { subject: 'Salam {{firstName}}', body: '{{points}} bonus sizindir' }, en: { subject: 'Hi {{firstName}}', body: '{{points}} points for you' } },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return Campaign.parse(res.json());
}

async function recipients(campaignId: string) {
  return sqlRows<{ customer_id: string; group_name: string; status: string; email_status: string; points: number; coupon_code: string | null }>(ctx.database.db,
    sql`select customer_id, group_name, status, email_status, points, coupon_code from campaign_recipients where workspace_id = ${ws} and campaign_id = ${campaignId}`);
}

const expectedMembers = () => people.filter((p, i) => p.consent && (p.vip || i % 4 === 0));

describe('segments', () => {
  it('counts a nested AND/OR definition with one query and names the path of a bad condition', async () => {
    const res = await specialist.request('POST', '/api/v1/campaigns/segments/count', { definition: consentAndVipOrBuyer });
    expect(res.statusCode, res.body).toBe(200);
    const count = SegmentCount.parse(res.json());
    expect(count.count).toBe(expectedMembers().length);
    expect(count.conditions).toBe(3);
    const bad = await specialist.request('POST', '/api/v1/campaigns/segments/count', { definition: { type: 'group', combinator: 'and', conditions: [
      { type: 'condition', field: 'tag', op: 'has', value: 'vip' },
      { type: 'group', combinator: 'or', conditions: [{ type: 'condition', field: 'behaviour.spend', op: 'between', value: [10, 1] , period: { lastDays: 5 } }] },
    ] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ field: 'body.definition.conditions[1].conditions[0].value', code: 'empty_range', message: expect.any(String) }]);
  });

  it('treats "no purchases" as zero and parameterises hostile text', async () => {
    const never = await specialist.request('POST', '/api/v1/campaigns/segments/count', { definition: { type: 'condition', field: 'behaviour.purchases', op: 'lte', value: 0, period: { lastDays: 30 } } });
    expect(never.json().count).toBe(60 - 15);
    const hostile = await specialist.request('POST', '/api/v1/campaigns/segments/count', { definition: { type: 'condition', field: 'customField', key: 'note', op: 'eq', value: "x' or 1=1 --" } });
    expect(hostile.statusCode, hostile.body).toBe(200);
    expect(hostile.json().count).toBe(0);
    const spend = await specialist.request('POST', '/api/v1/campaigns/segments/count', { definition: { type: 'group', combinator: 'and', conditions: [
      { type: 'condition', field: 'behaviour.spend', op: 'gte', value: 2500, period: { lastDays: 30 } },
      { type: 'condition', field: 'behaviour.category', op: 'in', value: ['dairy'], period: { lastDays: 30 } },
      { type: 'condition', field: 'behaviour.daysSinceLastPurchase', op: 'between', value: [5, 20] },
      { type: 'condition', field: 'loyalty.balance', op: 'gte', value: 0 },
      { type: 'condition', field: 'profile.language', op: 'in', value: ['az', 'tr', 'en'] },
    ] } });
    expect(spend.json().count).toBe(15);
  });

  it('freezes a static snapshot and exports its members as CSV', async () => {
    const id = await newSegment('VIP snapshot', { type: 'condition', field: 'tag', op: 'has', value: 'vip' }, 'static');
    const seg = await specialist.request('GET', `/api/v1/campaigns/segments/${id}`);
    expect(seg.json().memberCount).toBe(20);
    const csv = await specialist.request('GET', `/api/v1/campaigns/segments/${id}/export`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\n')).toHaveLength(21);
    expect((await viewer.request('GET', `/api/v1/campaigns/segments/${id}/export`)).statusCode).toBe(403);
    expect((await viewer.request('GET', `/api/v1/campaigns/segments/${id}`)).statusCode).toBe(200);
  });
});

describe('a points campaign with a control group', () => {
  let campaign: Campaign;
  it('holds the control group out of offer and message, mails only consenting treated customers in their language', async () => {
    campaign = await newCampaign(await newSegment('Engaged'));
    const launched = await Promise.all([1, 2, 3].map(() => specialist.request('POST', `/api/v1/campaigns/${campaign.id}/launch`)));
    expect(launched.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const before = sink.received.length;
    const result = await runCampaign(ctx.database.db, ws, campaign.id, delivery());
    const rows = await recipients(campaign.id);
    expect(rows.length).toBe(expectedMembers().length);
    const control = rows.filter((r) => r.group_name === 'control');
    const treated = rows.filter((r) => r.group_name === 'treated');
    expect(control.length).toBeGreaterThan(0);
    expect(treated.length).toBeGreaterThan(0);
    expect(result.issued).toBe(treated.length);
    expect(control.every((r) => r.status === 'held_out' && r.email_status === 'none' && r.points === 0)).toBe(true);
    const postings = await sqlRows<{ member_id: string; amount: number }>(ctx.database.db, sql`select member_id, amount from loyalty_ledger_entries
      where workspace_id = ${ws} and posting_id like ${`cmp:${campaign.id}:%`} and account = 'member_available'`);
    const memberOf = new Map(people.map((p) => [p.customerId, p.memberId]));
    expect(new Set(postings.map((p) => p.member_id))).toEqual(new Set(treated.map((r) => memberOf.get(r.customer_id))));
    expect(postings.every((p) => p.amount === 100)).toBe(true);
    const mails = (await sink.waitFor(before + treated.length)).slice(before);
    const addressOf = new Map(people.map((p) => [p.customerId, p.email]));
    const mailed = new Set(mails.flatMap((m) => m.envelopeTo));
    expect(mailed).toEqual(new Set(treated.map((r) => addressOf.get(r.customer_id))));
    for (const c of control) expect(mailed.has(addressOf.get(c.customer_id) ?? '')).toBe(false);
    for (const p of people.filter((x) => !x.consent)) expect(mailed.has(p.email)).toBe(false);
    const en = mails.find((m) => people.find((p) => p.email === m.envelopeTo[0])?.language === 'en');
    expect(en?.parsed.subject).toMatch(/^Hi Person/);
    expect(en?.parsed.text).toContain('100 points for you');
    const az = mails.find((m) => people.find((p) => p.email === m.envelopeTo[0])?.language !== 'en');
    expect(az?.parsed.subject).toMatch(/^Salam Person/);
    expect(az?.raw.toString()).toMatch(/List-Unsubscribe:\s+<http:\/\/vefa\.test\/api\/v1\/campaigns\/unsubscribe\?token=/);
    expect(await loyaltyCheck()).toBe(true);
    const exported = await specialist.request('GET', `/api/v1/campaigns/${campaign.id}/audience`);
    expect(exported.body.trim().split('\n')).toHaveLength(treated.length + 1);
    for (const c of control) expect(exported.body).not.toContain(c.customer_id);
  });

  it('honours the unsubscribe link: consent withdrawn, no further mail', async () => {
    const mail = sink.received.at(-1);
    const url = /https?:\/\/\S+unsubscribe\?token=\S+/.exec(mail?.parsed.text ?? '')?.[0] ?? '';
    const who = people.find((p) => p.email === mail?.envelopeTo[0]);
    expect(url && who).toBeTruthy();
    const page = await ctx.app.inject({ method: 'GET', url: url.replace(/^https?:\/\/[^/]+/, '') });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const consent = await sqlRows<{ granted: boolean }>(ctx.database.db, sql`select granted from consents where workspace_id = ${ws} and customer_id = ${who?.customerId ?? ''} and channel = 'email'`);
    expect(consent[0]?.granted).toBe(false);
    const forged = await ctx.app.inject({ method: 'GET', url: `${url.replace(/^https?:\/\/[^/]+/, '').slice(0, -3)}abc` });
    expect(forged.statusCode).toBe(400);
    const again = await newCampaign(await newSegment('Engaged again'), { controlShare: 0.01 });
    await specialist.request('POST', `/api/v1/campaigns/${again.id}/launch`);
    const before = sink.received.length;
    await runCampaign(ctx.database.db, ws, again.id, delivery());
    const rows = await recipients(again.id);
    expect(rows.some((r) => r.customer_id === who?.customerId)).toBe(false);
    await sink.waitFor(before + rows.filter((r) => r.group_name === 'treated').length);
    expect(sink.received.slice(before).some((m) => m.envelopeTo.includes(who?.email ?? ''))).toBe(false);
  });

  it('measures treated against control from purchases posted through the API', async () => {
    const rows = await recipients(campaign.id);
    const memberOf = new Map(people.map((p) => [p.customerId, p.memberId]));
    const treated = rows.filter((r) => r.group_name === 'treated');
    const control = rows.filter((r) => r.group_name === 'control');
    // Every treated customer buys twice, half the control once.
    for (const r of treated) {
      for (const amount of [3000, 2000]) expect((await specialist.request('POST', '/api/v1/loyalty/purchases', purchaseOf(memberOf.get(r.customer_id) ?? '', amount))).statusCode).toBe(201);
    }
    for (const r of control.filter((_, i) => i % 2 === 0)) {
      expect((await specialist.request('POST', '/api/v1/loyalty/purchases', purchaseOf(memberOf.get(r.customer_id) ?? '', 2000))).statusCode).toBe(201);
    }
    const res = await viewer.request('GET', `/api/v1/campaigns/${campaign.id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const results = CampaignResults.parse(res.json());
    expect(results.window.treated).toMatchObject({ customers: treated.length, converted: treated.length, purchases: 2 * treated.length, revenueMinor: 5000 * treated.length });
    const controlBuyers = Math.ceil(control.length / 2);
    expect(results.window.control).toMatchObject({ customers: control.length, converted: controlBuyers, revenueMinor: 2000 * controlBuyers });
    expect(results.window.conversion?.difference).toBeCloseTo(1 - controlBuyers / control.length, 10);
    expect(results.window.revenuePerCustomer?.difference).toBeCloseTo(5000 - (2000 * controlBuyers) / control.length, 6);
    expect(results.economics.costMinor).toBe(treated.length * 100);
    const incremental = Math.round((5000 - (2000 * controlBuyers) / control.length) * treated.length);
    expect(results.economics.incrementalRevenueMinor).toBe(incremental);
    expect(results.economics.roi).toBeCloseTo((Math.round(incremental * 0.3) - treated.length * 100) / (treated.length * 100), 10);
    expect(['worked_profitable', 'not_significant_yet', 'too_early']).toContain(results.verdict.code);
    expect(results.daily.length).toBeGreaterThan(0);
  });
});

describe('budget and frequency caps', () => {
  it('never spends past the budget, even with batches racing', async () => {
    const segmentId = await newSegment('Everyone', { type: 'condition', field: 'loyalty.member', op: 'exists' });
    const c = await newCampaign(segmentId, { channel: 'export', templates: {}, budgetMinor: 700, controlShare: 0.2 });
    expect((await specialist.request('POST', `/api/v1/campaigns/${c.id}/launch`)).statusCode).toBe(200);
    await drawAudience(ctx.database.db, ws, c.id);
    for (let round = 0; round < 10; round++) {
      const outcomes = await Promise.all([1, 2, 3, 4].map(() => issueBatch(ctx.database.db, ws, c.id, 3)));
      if (outcomes.every((o) => o.claimed === 0)) break;
    }
    const [row] = await sqlRows<{ spent_minor: number }>(ctx.database.db, sql`select spent_minor from campaigns where workspace_id = ${ws} and id = ${c.id}`);
    expect(Number(row?.spent_minor)).toBe(700);
    const rows = await recipients(c.id);
    expect(rows.filter((r) => r.status === 'issued')).toHaveLength(7);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(0);
    const [points] = await sqlRows<{ n: number }>(ctx.database.db, sql`select coalesce(sum(amount), 0)::int as n from loyalty_ledger_entries
      where workspace_id = ${ws} and posting_id like ${`cmp:${c.id}:%`} and account = 'member_available'`);
    expect(Number(points?.n)).toBe(700);
    expect(await loyaltyCheck()).toBe(true);
    const budget = (await viewer.request('GET', '/api/v1/campaigns/budget')).json();
    expect(budget.items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ budgetMinor: 700, spentMinor: 700, forecastMinor: 700 });
  });

  it('skips customers already treated by enough campaigns', async () => {
    const segmentId = await newSegment('Everyone capped', { type: 'condition', field: 'loyalty.member', op: 'exists' });
    const c = await newCampaign(segmentId, { channel: 'export', templates: {}, frequencyCap: { maxCampaigns: 1, days: 30 }, offer: { kind: 'message' } });
    await specialist.request('POST', `/api/v1/campaigns/${c.id}/launch`);
    await runCampaign(ctx.database.db, ws, c.id, delivery());
    const already = new Set((await sqlRows<{ customer_id: string }>(ctx.database.db, sql`select distinct customer_id from campaign_recipients
      where workspace_id = ${ws} and campaign_id <> ${c.id} and status = 'issued'`)).map((r) => r.customer_id));
    const rows = (await recipients(c.id)).filter((r) => r.group_name === 'treated');
    for (const r of rows) expect(r.status, r.customer_id).toBe(already.has(r.customer_id) ? 'skipped_frequency' : 'issued');
    expect(rows.some((r) => r.status === 'skipped_frequency')).toBe(true);
  });

  it('issues one-use coupons to treated members only', async () => {
    const segmentId = await newSegment('Coupon people', { type: 'condition', field: 'tag', op: 'has', value: 'vip' });
    const c = await newCampaign(segmentId, { channel: 'export', templates: {}, offer: { kind: 'coupon', programmeId, benefit: { kind: 'amountOff', value: 500 }, costPerCouponMinor: 500 } });
    await specialist.request('POST', `/api/v1/campaigns/${c.id}/launch`);
    await runCampaign(ctx.database.db, ws, c.id, delivery());
    const rows = await recipients(c.id);
    expect(rows.filter((r) => r.group_name === 'treated').every((r) => r.coupon_code)).toBe(true);
    expect(rows.filter((r) => r.group_name === 'control').every((r) => r.coupon_code === null)).toBe(true);
    const [coupons] = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from loyalty_coupons where workspace_id = ${ws} and batch_id = ${c.id}`);
    expect(Number(coupons?.n)).toBe(rows.filter((r) => r.group_name === 'treated').length);
  });
});

describe('planning, competitors and validation', () => {
  it('sizes a test before launch', async () => {
    const res = await viewer.request('GET', '/api/v1/campaigns/planning?baselineRate=0.1&effect=0.05&controlShare=0.5&customers=1372');
    expect(res.json().customersNeeded).toBe(1372);
    expect(res.json().minimumDetectableEffect).toBeCloseTo(0.05, 3);
  });
  it('lists competitor offers next to own campaigns', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const made = await specialist.request('POST', '/api/v1/campaigns/competitor-offers', { competitor: 'Bravo', offer: '2x bonus on dairy', channel: 'stores', startsOn: today, endsOn: null });
    expect(made.statusCode, made.body).toBe(201);
    const timeline = (await viewer.request('GET', `/api/v1/campaigns/timeline?from=${today}&to=${today}`)).json();
    expect(timeline.competitorOffers.map((o: { competitor: string }) => o.competitor)).toEqual(['Bravo']);
    expect(timeline.campaigns.length).toBeGreaterThan(0);
    const backwards = await specialist.request('POST', '/api/v1/campaigns/competitor-offers', { competitor: 'X', offer: 'y', channel: 'z', startsOn: today, endsOn: '2000-01-01' });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].field).toBe('body.endsOn');
  });
  it('refuses a campaign with bad input, naming the field, and lets a viewer only read', async () => {
    const segmentId = await newSegment('Plain');
    const res = await specialist.request('POST', '/api/v1/campaigns', {
      name: 'x', segmentId, offer: { kind: 'message' }, controlShare: 0.2, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() - DAY).toISOString(), templates: { en: { subject: 's', body: 'b' } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('body.endsAt');
    expect((await viewer.request('POST', '/api/v1/campaigns', {})).statusCode).toBe(403);
    expect((await viewer.request('GET', '/api/v1/campaigns')).json().items.length).toBeGreaterThan(0);
  });
});

async function loyaltyCheck() {
  const res = await owner.request('GET', '/api/v1/loyalty/ledger/check');
  return res.statusCode === 200 && res.json().ok === true;
}
