import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import ExcelJS from 'exceljs';
import { Board } from '@vefa/contract';
import { buildWorkspace, signIn, startTestApp, userIdOf, type Client, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { runDueJobs, startMailSink } from './testSupport.ts';
import { INVITATION_JOB } from './activities.ts';
import { SWEEP_JOB } from './reminders.ts';

let ctx: TestContext;
let owner: Client;
let kamA: Client;
let kamB: Client;
let kamAId = '';
let kamBId = '';
let wsId = '';
let sink: Awaited<ReturnType<typeof startMailSink>>;

const ok = async (res: Promise<{ statusCode: number; body: string; json(): any }>, status = [200, 201, 204]) => {
  const r = await res;
  if (!status.includes(r.statusCode)) throw new Error(`${r.statusCode}: ${r.body}`);
  return r.statusCode === 204 ? null : r.json();
};
const today = () => new Date().toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function company(client: Client, name: string) {
  return ok(client.request('POST', '/api/v1/customers', { kind: 'company', companyName: name }));
}
async function person(client: Client, firstName: string, companyId: string, email?: string) {
  return ok(client.request('POST', '/api/v1/customers', { firstName, lastName: 'Əliyev', companyId, ...(email ? { email } : {}) }));
}
async function keyAccount(client: Client, name: string) {
  const c = await company(client, name);
  return ok(client.request('POST', '/api/v1/accounts', { companyId: c.id, tier: 'strategic', industry: 'Retail', annualPotential: { amountMinor: 50_000_000, currency: 'AZN' } }));
}

beforeAll(async () => {
  sink = await startMailSink();
  process.env.VEFA_SMTP_URL = sink.url;
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'kam', ['owner', 'account_manager', 'viewer']);
  wsId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  kamA = await signIn(ctx.app, ws.people.account_manager ?? '');
  kamAId = await userIdOf(ctx.database, ws.people.account_manager ?? '');
  // A second account manager in the same workspace.
  const { users, memberships } = await import('../../platform/db/schema.ts');
  const { hashPassword } = await import('../../platform/auth/secrets.ts');
  kamBId = crypto.randomUUID();
  await ctx.database.db.insert(users).values({ id: kamBId, email: 'kam2@kam.test', name: 'Second KAM', passwordHash: await hashPassword('correct horse battery') });
  await ctx.database.db.insert(memberships).values({ workspaceId: wsId, userId: kamBId, role: 'account_manager' });
  kamB = await signIn(ctx.app, 'kam2@kam.test');
});
afterAll(async () => {
  delete process.env.VEFA_SMTP_URL;
  await ctx.close();
  await sink.close();
});

describe('the work cycle from prospect to referral', () => {
  it('runs a deal through every stage, keeps its history and timeline, and converts the referral', async () => {
    const referrer = await keyAccount(kamA, 'Bakı Ticarət MMC');
    const prospect = await keyAccount(kamA, 'Gəncə Qida ASC');
    const contact = await person(kamA, 'Rəşad', prospect.id, 'resad@gence.az');
    const referral = await ok(kamA.request('POST', '/api/v1/accounts/referrals', { referrerId: referrer.id, prospectId: prospect.id, reward: { amountMinor: 20_000, currency: 'AZN' } }));
    expect(referral).toMatchObject({ status: 'open', rewardStatus: 'none', referrerName: 'Bakı Ticarət MMC' });
    const pipelines = (await ok(kamA.request('GET', '/api/v1/accounts/pipelines'))).items;
    const stages = pipelines[0].stages as { id: string; key: string; outcome: string }[];
    expect(stages.map((s) => s.key)).toEqual(['prospect', 'appointment', 'preparation', 'contact', 'needs', 'presentation', 'objections', 'closing', 'support', 'referral']);
    const deal = await ok(kamA.request('POST', '/api/v1/accounts/deals', {
      title: 'Soyuducu avadanlığı', accountId: prospect.id, contactId: contact.id, value: { amountMinor: 12_500_000, currency: 'AZN' },
      referralId: referral.id, nextStep: 'Zəng et', nextStepDueOn: plusDays(2),
    }, { 'idempotency-key': 'deal-0000-0001' }));
    expect(deal).toMatchObject({ stageName: expect.any(String), status: 'open', probability: 5, nextStep: 'Zəng et' });
    for (const stage of stages.slice(1)) {
      const moved = await ok(kamA.request('POST', `/api/v1/accounts/deals/${deal.id}/move`, { stageId: stage.id }));
      expect(moved.status).toBe(stage.outcome === 'won' ? 'won' : 'open');
    }
    const view = await ok(kamA.request('GET', `/api/v1/accounts/deals/${deal.id}`));
    expect(view.history).toHaveLength(10);
    expect(view.history.filter((h: { leftAt: string | null }) => h.leftAt === null)).toHaveLength(1);
    expect(Object.keys(view.timeInStageMs)).toHaveLength(10);
    expect(view.deal).toMatchObject({ status: 'won', probability: 100 });
    const referrals = (await ok(kamA.request('GET', '/api/v1/accounts/referrals'))).items;
    expect(referrals.find((r: { id: string }) => r.id === referral.id)).toMatchObject({ status: 'converted', rewardStatus: 'due', dealId: deal.id });
    expect(await ok(kamA.request('POST', `/api/v1/accounts/referrals/${referral.id}/reward-paid`))).toMatchObject({ rewardStatus: 'paid' });
    expect((await kamA.request('POST', `/api/v1/accounts/referrals/${referral.id}/reward-paid`)).json().code).toBe('reward_not_due');
    const timeline = (await ok(kamA.request('GET', `/api/v1/customers/${prospect.id}/timeline?limit=50`))).items.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['account_flagged', 'deal_created', 'deal_stage_changed', 'deal_won', 'referral_converted']));
  });

  it('records a lost deal with its reason and competitor, and counts it in the win rate', async () => {
    const account = await keyAccount(kamA, 'Sumqayıt Kimya');
    const rival = await ok(kamA.request('POST', '/api/v1/accounts/competitors', { name: 'Rival LLC', pricePosition: 'lower', strengths: ['Ucuz'], threats: ['Qiymət savaşı'] }));
    const d1 = await ok(kamA.request('POST', '/api/v1/accounts/deals', { title: 'A', accountId: account.id, value: { amountMinor: 100, currency: 'AZN' }, competitorId: rival.id }));
    const d2 = await ok(kamA.request('POST', '/api/v1/accounts/deals', { title: 'B', accountId: account.id, value: { amountMinor: 100, currency: 'AZN' } }));
    const missingReason = await kamA.request('POST', `/api/v1/accounts/deals/${d2.id}/close`, { outcome: 'lost' });
    expect(missingReason.statusCode).toBe(422);
    expect(missingReason.json().errors[0].field).toBe('body.reason');
    await ok(kamA.request('POST', `/api/v1/accounts/deals/${d1.id}/close`, { outcome: 'won' }));
    await ok(kamA.request('POST', `/api/v1/accounts/deals/${d2.id}/close`, { outcome: 'lost', reason: 'Qiymət yüksək', lostToCompetitorId: rival.id }));
    const rivalView = (await ok(kamA.request('GET', '/api/v1/accounts/competitors'))).items.find((c: { id: string }) => c.id === rival.id);
    expect(rivalView).toMatchObject({ dealsWon: 1, dealsLost: 1, lostTo: 1, winRate: 0.5 });
    const board = await ok(kamA.request('GET', '/api/v1/accounts/board'));
    expect(board.columns).toHaveLength(10);
  });
});

describe('the kanban board', () => {
  it('answers in the contract shape: counts and totals over every deal, the newest cards, own and shared deals for a manager', async () => {
    const pipeline = await ok(owner.request('POST', '/api/v1/accounts/pipelines', { name: 'Board test', stages: [{ name: 'Bir', probability: 10 }, { name: 'İki', probability: 90, outcome: 'won' }] }));
    const [first, second] = pipeline.stages as { id: string }[];
    const mine = await keyAccount(kamA, 'Board Own MMC');
    const theirs = await keyAccount(kamB, 'Board Shared MMC');
    const hidden = await keyAccount(kamB, 'Board Hidden MMC');
    await ok(kamB.request('PATCH', `/api/v1/accounts/${theirs.id}`, { sharedWith: [kamAId] }));
    const open = async (client: Client, accountId: string, title: string, amountMinor: number, currency: string) =>
      ok(client.request('POST', '/api/v1/accounts/deals', { title, accountId, pipelineId: pipeline.id, value: { amountMinor, currency }, nextStep: 'Zəng' }));
    const d1 = await open(kamA, mine.id, 'Bir', 100, 'AZN');
    await open(kamA, mine.id, 'İki', 200, 'AZN');
    const d3 = await open(kamA, mine.id, 'Üç', 50, 'USD');
    const d4 = await open(kamB, theirs.id, 'Paylaşılan', 70, 'AZN');
    const d5 = await open(kamB, hidden.id, 'Gizli', 999, 'AZN');
    await ok(kamA.request('POST', `/api/v1/accounts/deals/${d1.id}/move`, { stageId: second?.id }));

    const response = await kamA.request('GET', `/api/v1/accounts/board?pipelineId=${pipeline.id}&perStage=2`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const board = Board.parse(response.json());
    expect(board.pipeline).toMatchObject({ id: pipeline.id, name: 'Board test', isDefault: false });
    expect(board.columns.map((c) => c.stageId)).toEqual([first?.id, second?.id]);
    const [col1, col2] = board.columns;
    expect(col1).toMatchObject({ count: 3, totals: { AZN: 270, USD: 50 } });
    // Newest stage entry first, cut at perStage; the hidden account's deal nowhere.
    expect(col1?.deals.map((d) => d.id)).toEqual([d4.id, d3.id]);
    expect(col1?.deals[0]).toEqual({
      id: d4.id, title: 'Paylaşılan', accountId: theirs.id, accountName: 'Board Shared MMC', stageId: first?.id, status: 'open',
      value: { amountMinor: 70, currency: 'AZN' }, probability: 10, expectedCloseOn: null, ownerId: kamBId, nextStep: 'Zəng', nextStepDueOn: null,
      stageEnteredAt: d4.stageEnteredAt,
    });
    expect(col2).toMatchObject({ count: 1, totals: { AZN: 100 } });
    expect(col2?.deals.map((d) => ({ id: d.id, status: d.status }))).toEqual([{ id: d1.id, status: 'won' }]);
    expect(JSON.stringify(board)).not.toContain(d5.id);

    const team = Board.parse(await ok(owner.request('GET', `/api/v1/accounts/board?pipelineId=${pipeline.id}`)));
    expect(team.columns[0]).toMatchObject({ count: 4, totals: { AZN: 1269, USD: 50 } });
    expect(team.columns[0]?.deals).toHaveLength(4);
    const other = Board.parse(await ok(kamB.request('GET', `/api/v1/accounts/board?pipelineId=${pipeline.id}`)));
    expect(other.columns.map((c) => c.count)).toEqual([2, 0]);
    expect(other.columns[1]?.deals).toEqual([]);
    expect((await kamA.request('GET', `/api/v1/accounts/board?pipelineId=${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('prices, quotes, contracts and orders', () => {
  let account: { id: string };
  let widget: { id: string };
  let gadget: { id: string };
  beforeAll(async () => {
    account = await keyAccount(kamA, 'Pricing Test MMC');
    widget = await ok(owner.request('POST', '/api/v1/accounts/products', { sku: 'W-1', name: 'Vidcet', basePrice: { amountMinor: 1000, currency: 'AZN' } }));
    gadget = await ok(owner.request('POST', '/api/v1/accounts/products', { sku: 'G-1', name: 'Qacet', basePrice: { amountMinor: 5000, currency: 'USD' } }));
    await ok(kamA.request('POST', '/api/v1/accounts/price-lists', {
      name: 'Special 2026', accountId: account.id, currency: 'AZN', validFrom: plusDays(-30), validTo: plusDays(30),
      entries: [{ productId: widget.id, unitPriceMinor: 900, volumeBreaks: [{ minQuantity: 100, unitPriceMinor: 800 }, { minQuantity: 500, discountBp: 2000 }] }],
      discounts: [{ productId: null, minQuantity: 1000, discountBp: 2500 }],
      bonusTerms: { basis: 'turnover', period: 'year', tiers: [{ fromMinor: 10_000_000, bonusBp: 200 }] },
    }));
  });

  it('applies the account list with volume breaks inside its dates, falls back outside them, and refuses a currency without a price', async () => {
    const deal = await ok(kamA.request('POST', '/api/v1/accounts/deals', { title: 'Q', accountId: account.id, value: { amountMinor: 1, currency: 'AZN' }, products: [{ productId: widget.id, quantity: 150 }] }));
    const quote = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id }));
    expect(quote.lines[0]).toMatchObject({ unitPriceMinor: 800, volumeBreakFrom: 100, source: 'account_price_list', totalMinor: 120_000 });
    expect(quote.number).toMatch(/^Q-\d{4}-0001$/);
    const big = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id, lines: [{ productId: widget.id, quantity: 1000 }] }));
    expect(big).toMatchObject({ subtotalMinor: 900_000, discountMinor: 225_000, totalMinor: 675_000 });
    const later = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id, pricedOn: plusDays(60) }));
    expect(later.lines[0]).toMatchObject({ unitPriceMinor: 1000, source: 'base_price', totalMinor: 150_000 });
    const usd = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id, currency: 'USD', lines: [{ productId: gadget.id, quantity: 2 }] }));
    expect(usd).toMatchObject({ currency: 'USD', totalMinor: 10_000 });
    const eur = await kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id, currency: 'EUR' });
    expect(eur.statusCode).toBe(422);
    expect(eur.json().errors[0]).toMatchObject({ field: 'deal.products.0.productId', code: 'no_price_in_currency' });
  });

  it('keeps the discounts and bonus terms a price-list change leaves out, and changes the bonus terms it sends', async () => {
    const [special] = (await ok(kamA.request('GET', `/api/v1/accounts/price-lists?accountId=${account.id}`))).items;
    const renamed = await ok(kamA.request('PATCH', `/api/v1/accounts/price-lists/${special.id}`, { name: 'Special 2026 (renamed)' }));
    expect(renamed).toMatchObject({
      name: 'Special 2026 (renamed)', discounts: [{ productId: null, minQuantity: 1000, discountBp: 2500 }],
      bonusTerms: { basis: 'turnover', period: 'year', tiers: [{ fromMinor: 10_000_000, bonusBp: 200 }] },
    });
    expect(renamed.entries[0].volumeBreaks).toHaveLength(2);
    const quarterly = await ok(kamA.request('PATCH', `/api/v1/accounts/price-lists/${special.id}`, {
      bonusTerms: { basis: 'turnover', period: 'quarter', tiers: [{ fromMinor: 2_000_000, bonusBp: 100 }, { fromMinor: 5_000_000, bonusBp: 250 }] },
    }));
    expect(quarterly).toMatchObject({ name: 'Special 2026 (renamed)', discounts: [{ discountBp: 2500 }], bonusTerms: { period: 'quarter', tiers: [{ bonusBp: 100 }, { bonusBp: 250 }] } });
    await ok(kamA.request('PATCH', `/api/v1/accounts/price-lists/${special.id}`, { name: 'Special 2026', bonusTerms: { basis: 'turnover', period: 'year', tiers: [{ fromMinor: 10_000_000, bonusBp: 200 }] } }));
  });

  it('edits a price list: new breaks and dates price the next quote, old quotes keep theirs, bad input changes nothing', async () => {
    const other = await keyAccount(kamA, 'Editable Prices MMC');
    const list = await ok(kamA.request('POST', '/api/v1/accounts/price-lists', {
      name: 'Editable', accountId: other.id, currency: 'AZN', validFrom: plusDays(-1), validTo: plusDays(10),
      entries: [{ productId: widget.id, unitPriceMinor: 950, volumeBreaks: [] }],
    }));
    const deal = await ok(kamA.request('POST', '/api/v1/accounts/deals', { title: 'E', accountId: other.id, value: { amountMinor: 1, currency: 'AZN' }, products: [{ productId: widget.id, quantity: 20 }] }));
    const before = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id }));
    expect(before.lines[0]).toMatchObject({ unitPriceMinor: 950, source: 'account_price_list' });

    const reversed = await kamA.request('PATCH', `/api/v1/accounts/price-lists/${list.id}`, { validTo: plusDays(-5) });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors[0].field).toBe('body.validTo');
    const both = await kamA.request('PATCH', `/api/v1/accounts/price-lists/${list.id}`, { entries: [{ productId: widget.id, unitPriceMinor: 900, volumeBreaks: [{ minQuantity: 10, unitPriceMinor: 700, discountBp: 100 }] }] });
    expect(both.json().errors[0].field).toBe('body.entries.0.volumeBreaks.0');
    expect((await kamA.request('PATCH', `/api/v1/accounts/price-lists/${list.id}`, { entries: [{ productId: crypto.randomUUID(), unitPriceMinor: 1, volumeBreaks: [] }] })).json().errors[0].field).toBe('body.entries.0.productId');
    expect((await kamB.request('PATCH', `/api/v1/accounts/price-lists/${list.id}`, { name: 'Not mine' })).statusCode).toBe(404);
    expect((await ok(kamA.request('GET', `/api/v1/accounts/price-lists?accountId=${other.id}`))).items.find((l: { id: string }) => l.id === list.id)).toMatchObject({ name: 'Editable', validTo: plusDays(10) });

    const edited = await ok(kamA.request('PATCH', `/api/v1/accounts/price-lists/${list.id}`, {
      name: 'Edited', validTo: plusDays(90), entries: [{ productId: widget.id, unitPriceMinor: 900, volumeBreaks: [{ minQuantity: 10, unitPriceMinor: 700 }] }],
    }));
    expect(edited).toMatchObject({ id: list.id, name: 'Edited', currency: 'AZN', validFrom: plusDays(-1), validTo: plusDays(90), accountId: other.id });
    const after = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id, pricedOn: plusDays(60) }));
    expect(after.lines[0]).toMatchObject({ unitPriceMinor: 700, volumeBreakFrom: 10, source: 'account_price_list', totalMinor: 14_000 });
    const kept = (await ok(kamA.request('GET', `/api/v1/accounts/quotes?dealId=${deal.id}`))).items.find((q: { id: string }) => q.id === before.id);
    expect(kept.lines[0]).toMatchObject({ unitPriceMinor: 950 });
  });

  it('turns a quote into a PDF, a contract with a document, and an order through fulfilment, all on the timeline', async () => {
    const deal = await ok(kamA.request('POST', '/api/v1/accounts/deals', { title: 'Order me', accountId: account.id, value: { amountMinor: 1, currency: 'AZN' }, products: [{ productId: widget.id, quantity: 10 }] }));
    const quote = await ok(kamA.request('POST', '/api/v1/accounts/quotes', { dealId: deal.id, language: 'tr' }));
    const pdf = await kamA.request('GET', `/api/v1/accounts/quotes/${quote.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await ok(kamA.request('POST', `/api/v1/accounts/quotes/${quote.id}/status`, { status: 'sent' }));
    const contract = await ok(kamA.request('POST', '/api/v1/accounts/contracts', { quoteId: quote.id, title: 'Tədarük müqaviləsi', startsOn: today(), endsOn: plusDays(365) }));
    expect(contract).toMatchObject({ value: { amountMinor: 9000, currency: 'AZN' }, dealId: deal.id, renewalOn: plusDays(365), status: 'active' });
    const withDoc = await ok(kamA.request('POST', `/api/v1/accounts/contracts/${contract.id}/documents?fileName=signed.pdf`, Buffer.from('%PDF-1.4 signed'), { 'content-type': 'application/pdf' }));
    expect(withDoc.documents).toHaveLength(1);
    const order = await ok(kamA.request('POST', '/api/v1/accounts/orders', { contractId: contract.id, dueOn: plusDays(7) }));
    expect(order).toMatchObject({ status: 'received', totalMinor: 9000, overdue: false });
    for (const status of ['confirmed', 'in_fulfilment', 'shipped', 'delivered', 'invoiced']) {
      expect((await ok(kamA.request('POST', `/api/v1/accounts/orders/${order.id}/status`, { status }))).status).toBe(status);
    }
    const back = await kamA.request('POST', `/api/v1/accounts/orders/${order.id}/status`, { status: 'shipped' });
    expect(back.statusCode).toBe(409);
    const timeline = (await ok(kamA.request('GET', `/api/v1/customers/${account.id}/timeline?limit=100`))).items.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['quote_created', 'quote_sent', 'contract_created', 'contract_document', 'order_received', 'order_delivered', 'order_invoiced']));
  });

  it('fires the renewal reminder and the overdue-order alert once, however often the sweep runs', async () => {
    const contract = await ok(kamA.request('POST', '/api/v1/accounts/contracts', {
      accountId: account.id, title: 'Renew me', value: { amountMinor: 5000, currency: 'AZN' }, startsOn: plusDays(-300), renewalOn: plusDays(10), reminderDays: 30,
    }));
    const later = await ok(kamA.request('POST', '/api/v1/accounts/contracts', {
      accountId: account.id, title: 'Not yet', value: { amountMinor: 5000, currency: 'AZN' }, startsOn: today(), renewalOn: plusDays(200), reminderDays: 30,
    }));
    const order = await ok(kamA.request('POST', '/api/v1/accounts/orders', { contractId: contract.id, lines: [{ productId: widget.id, quantity: 1 }], dueOn: plusDays(-2) }));
    expect(order.overdue).toBe(true);
    const { enqueueJob } = await import('../../platform/jobs/jobQueue.ts');
    for (let i = 0; i < 3; i++) {
      await enqueueJob(ctx.database.db, wsId, SWEEP_JOB, {}, { dedupeKey: `test-${i}` });
      await runDueJobs(ctx.database, [SWEEP_JOB]);
    }
    const events = await sqlRows<{ kind: string; n: number }>(ctx.database.db, sql`select kind, count(*)::int as n from timeline_entries
      where workspace_id = ${wsId} and kind in ('contract_renewal_due', 'order_overdue') group by kind order by kind`);
    expect(events).toEqual([{ kind: 'contract_renewal_due', n: 1 }, { kind: 'order_overdue', n: 1 }]);
    const tasks = (await ok(kamA.request('GET', `/api/v1/accounts/activities?accountId=${account.id}&kind=task`))).items;
    expect(tasks).toHaveLength(2);
    expect((await ok(kamA.request('GET', `/api/v1/accounts/contracts/${contract.id}`))).renewalRemindedAt).not.toBeNull();
    expect((await ok(kamA.request('GET', `/api/v1/accounts/contracts/${later.id}`))).renewalRemindedAt).toBeNull();
    const next = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from jobs where workspace_id = ${wsId} and kind = ${SWEEP_JOB} and status = 'queued' and run_at > now()`);
    expect(next[0]?.n).toBeGreaterThan(0);
  });
});

describe('who sees which account', () => {
  it('shows a manager only the accounts they own or share, and an admin all of them', async () => {
    const mine = await keyAccount(kamB, 'B-only Holding');
    expect((await kamA.request('GET', `/api/v1/accounts/${mine.id}`)).statusCode).toBe(404);
    expect((await ok(kamA.request('GET', '/api/v1/accounts?limit=200'))).items.map((a: { id: string }) => a.id)).not.toContain(mine.id);
    const dealB = await ok(kamB.request('POST', '/api/v1/accounts/deals', { title: 'secret', accountId: mine.id, value: { amountMinor: 1, currency: 'AZN' } }));
    expect((await kamA.request('GET', `/api/v1/accounts/deals/${dealB.id}`)).statusCode).toBe(404);
    expect((await kamA.request('POST', `/api/v1/accounts/deals/${dealB.id}/move`, { stageId: dealB.stageId })).statusCode).toBe(404);
    expect(JSON.stringify(await ok(kamA.request('GET', '/api/v1/accounts/board')))).not.toContain(dealB.id);
    expect((await kamA.request('POST', '/api/v1/accounts/deals', { title: 'x', accountId: mine.id, value: { amountMinor: 1, currency: 'AZN' } })).statusCode).toBe(422);
    expect((await ok(owner.request('GET', `/api/v1/accounts/${mine.id}`))).account.ownerId).toBe(kamBId);
    await ok(kamB.request('PATCH', `/api/v1/accounts/${mine.id}`, { sharedWith: [kamAId] }));
    expect((await ok(kamA.request('GET', `/api/v1/accounts/${mine.id}`))).account.sharedWith).toEqual([kamAId]);
    const taken = await kamA.request('PATCH', `/api/v1/accounts/${mine.id}`, { ownerId: kamAId });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors[0].code).toBe('not_yours');
    const teamReport = await kamA.request('GET', `/api/v1/accounts/reports/monthly?month=${today().slice(0, 7)}&ownerId=${kamBId}`);
    expect(teamReport.statusCode).toBe(403);
  });
});

describe('contacts and the relationship map', () => {
  it('refuses to delete a contact with history, with the reason, and deletes one without', async () => {
    const account = await keyAccount(kamA, 'Map MMC');
    const boss = await person(kamA, 'Aysel', account.id);
    const buyer = await person(kamA, 'Orxan', account.id);
    await ok(kamA.request('PUT', `/api/v1/accounts/${account.id}/contacts/${boss.id}`, { role: 'decision_maker', influence: 5, attitude: 'supporter', title: 'CEO' }));
    const map = await ok(kamA.request('PUT', `/api/v1/accounts/${account.id}/contacts/${buyer.id}`, { role: 'economic_buyer', influence: 3, reportsToId: boss.id }));
    expect(map.items.map((c: { name: string; role: string }) => c.role)).toEqual(['decision_maker', 'economic_buyer']);
    await ok(kamA.request('POST', '/api/v1/accounts/activities', { kind: 'call', accountId: account.id, contactId: boss.id, subject: 'İlk zəng', direction: 'outbound' }));
    const refused = await kamA.request('DELETE', `/api/v1/accounts/contacts/${boss.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'contact_has_history' });
    expect(refused.json().detail).toContain('1 activities');
    expect((await kamA.request('GET', `/api/v1/customers/${boss.id}`)).statusCode).toBe(200);
    expect((await kamA.request('DELETE', `/api/v1/accounts/contacts/${buyer.id}`)).statusCode).toBe(204);
    expect((await kamA.request('GET', `/api/v1/customers/${buyer.id}`)).statusCode).toBe(404);
    const view = await ok(kamA.request('GET', `/api/v1/accounts/${account.id}`));
    expect(view.contacts).toHaveLength(1);
    expect(view.account.health.factors.find((f: { factor: string }) => f.factor === 'activity').points).toBe(25);
  });
});

describe('appointments', () => {
  for (const timeZone of ['Asia/Baku', 'Europe/Istanbul']) {
    it(`e-mails an .ics invitation that a standard parser reads at the right time in ${timeZone}`, async () => {
      const account = await keyAccount(kamA, `Calendar ${timeZone}`);
      const contact = await person(kamA, 'Leyla', account.id, `leyla.${timeZone.length}@example.az`);
      const startsAt = '2026-12-03T06:30:00.000Z';
      const activity = await ok(kamA.request('POST', '/api/v1/accounts/activities', {
        kind: 'appointment', accountId: account.id, contactId: contact.id, subject: 'Təqdimat; yeni qiymətlər', startsAt, endsAt: '2026-12-03T07:30:00.000Z',
        timeZone, location: 'Nizami küç. 10, Bakı', reminderMinutes: 30, sendInvitation: true,
      }));
      expect(activity.invitation).toBe('queued');
      const before = sink.received.length;
      expect(await runDueJobs(ctx.database, [INVITATION_JOB])).toBe(1);
      const mail = sink.received[before];
      expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toContain(contact.email);
      const ics = mail?.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? '';
      const calendar = new ICAL.Component(ICAL.parse(ics));
      const vtimezone = calendar.getFirstSubcomponent('vtimezone');
      if (!vtimezone) throw new Error('no VTIMEZONE');
      ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
      const vevent = calendar.getFirstSubcomponent('vevent');
      if (!vevent) throw new Error('no VEVENT');
      const event = new ICAL.Event(vevent);
      expect(event.startDate.zone?.tzid).toBe(timeZone);
      expect(event.startDate.toJSDate().toISOString()).toBe(startsAt);
      expect(event.startDate.hour).toBe(timeZone === 'Asia/Baku' ? 10 : 9);
      expect(event.summary).toBe('Təqdimat; yeni qiymətlər');
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      const listed = (await ok(kamA.request('GET', `/api/v1/accounts/activities?accountId=${account.id}`))).items;
      expect(listed[0]).toMatchObject({ invitation: 'sent', timeZone });
      ICAL.TimezoneService.remove(timeZone);
    });
  }

  it('needs a start time, a contact with e-mail and a real zone', async () => {
    const account = await keyAccount(kamA, 'Bad appointment');
    const noStart = await kamA.request('POST', '/api/v1/accounts/activities', { kind: 'meeting', accountId: account.id, subject: 'x' });
    expect(noStart.json().errors[0].field).toBe('body.startsAt');
    const badZone = await kamA.request('POST', '/api/v1/accounts/activities', { kind: 'meeting', accountId: account.id, subject: 'x', startsAt: '2026-12-01T10:00:00Z', timeZone: 'Mars/Olympus' });
    expect(badZone.json().errors[0]).toMatchObject({ field: 'body.timeZone', code: 'unknown_time_zone' });
  });
});

describe('monthly report', () => {
  it('counts the month for a manager and the team, and exports PDF and XLSX', async () => {
    const month = today().slice(0, 7);
    await ok(owner.request('PUT', '/api/v1/accounts/targets', { ownerId: kamAId, month, amountMinor: 50_000_000 }));
    const mine = await ok(kamA.request('GET', `/api/v1/accounts/reports/monthly?month=${month}`));
    expect(mine.ownerId).toBe(kamAId);
    expect(mine.newAccounts).toBeGreaterThan(3);
    expect(mine.won.count).toBeGreaterThanOrEqual(2);
    expect(mine.lost.reasons).toEqual([{ reason: 'Qiymət yüksək', count: 1 }]);
    expect(mine.lost.competitors[0]).toMatchObject({ name: 'Rival LLC', count: 1 });
    expect(mine.revenue.targetMinor).toBe(50_000_000);
    expect(mine.pipeline).toHaveLength(10);
    expect(mine.orders.overdue).toBe(1);
    const team = await ok(owner.request('GET', `/api/v1/accounts/reports/monthly?month=${month}`));
    expect(team.ownerId).toBeNull();
    expect(team.newAccounts).toBeGreaterThan(mine.newAccounts);
    // Pipeline by stage and stage entries this month, against a plain count over the deals and their history.
    for (const [report, ownerId] of [[team, null], [mine, kamAId]] as const) {
      const direct = await sqlRows<{ stage_id: string; open: number; entered: number }>(ctx.database.db, sql`
        with w as (select (date_trunc('month', now() at time zone time_zone) at time zone time_zone) as month_start from workspaces where id = ${wsId})
        select s.id as stage_id,
          (select count(*)::int from account_deals d where d.workspace_id = s.workspace_id and d.stage_id = s.id and d.status = 'open' and (${ownerId}::uuid is null or d.owner_id = ${ownerId})) as open,
          (select count(*)::int from account_deal_stage_history h join account_deals d on d.workspace_id = h.workspace_id and d.id = h.deal_id
            where h.workspace_id = s.workspace_id and h.stage_id = s.id and h.entered_at >= w.month_start and (${ownerId}::uuid is null or d.owner_id = ${ownerId})) as entered
        from account_pipeline_stages s cross join w join account_pipelines p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id and p.is_default
        where s.workspace_id = ${wsId}`);
      expect(report.pipeline.map((p: { stageId: string; count: number; entered: number }) => ({ stageId: p.stageId, count: p.count, entered: p.entered })))
        .toEqual(report.pipeline.map((p: { stageId: string }) => {
          const d = direct.find((x) => x.stage_id === p.stageId);
          return { stageId: p.stageId, count: d?.open ?? -1, entered: d?.entered ?? -1 };
        }));
    }
    expect(team.pipeline.reduce((n: number, p: { entered: number }) => n + p.entered, 0)).toBeGreaterThan(10);
    const pdf = await owner.request('GET', `/api/v1/accounts/reports/monthly/export?month=${month}&format=pdf&lang=tr`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await owner.request('GET', `/api/v1/accounts/reports/monthly/export?month=${month}&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBe(4);
    const bad = await owner.request('GET', '/api/v1/accounts/reports/monthly?month=2026-13');
    expect(bad.json().errors[0].field).toContain('month');
  });
});

describe('merging companies', () => {
  it('moves a key account to the surviving company record', async () => {
    const account = await keyAccount(kamA, 'Dublikat MMC');
    const survivor = await company(kamA, 'Dublikat MMC (əsas)');
    await ok(kamA.request('POST', '/api/v1/accounts/deals', { title: 'follows', accountId: account.id, value: { amountMinor: 1, currency: 'AZN' } }));
    await ok(owner.request('POST', `/api/v1/customers/${survivor.id}/merge`, { duplicateId: account.id }));
    const moved = await ok(kamA.request('GET', `/api/v1/accounts/${survivor.id}`));
    expect(moved.openDeals.map((d: { title: string }) => d.title)).toEqual(['follows']);
  });
});

describe('board totals', () => {
  it('stay equal to the deals they count after every create, move, close, owner change and merge above', async () => {
    const live = await sqlRows<{ k: string; n: number; v: number }>(ctx.database.db, sql`select concat_ws('|', pipeline_id, stage_id, status, currency, owner_id) as k,
      count(*)::int as n, sum(value_minor)::bigint as v from account_deals where workspace_id = ${wsId} group by 1 order by 1`);
    const kept = await sqlRows<{ k: string; n: number; v: number }>(ctx.database.db, sql`select concat_ws('|', pipeline_id, stage_id, status, currency, owner_id) as k,
      deals as n, value_minor as v from account_deal_stage_totals where workspace_id = ${wsId} and deals <> 0 order by 1`);
    expect(kept.map((r) => ({ ...r, v: Number(r.v) }))).toEqual(live.map((r) => ({ ...r, v: Number(r.v) })));
    expect(live.length).toBeGreaterThan(3);
  });
});
