// The per-customer purchase history (migration 0013) must always equal the live
// sales history it rolls up, whatever writes the history: bulk and single inserts,
// corrections, deletions, customer merges (rows and members moving), concurrent
// writers. The expected roll-up is folded here in TypeScript from the live rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../../test/testDatabase.ts';
import { ROLE_PERMISSIONS } from '@vefa/domain';
import { buildWorkspace, userIdOf } from '../../test/testApp.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { createProgramme } from '../loyalty/programmes.ts';
import { sqlRows, type Database } from '../../platform/db/database.ts';
import { countSegment } from './segments.ts';

const DAY = 86_400_000;
let database: Database;
let ws = '';
let programmeId = '';
const customers: string[] = [];
const members = new Map<string, string>();
let seq = 0;

interface HistoryRow { customer_id: string; days: string[]; purchases: number[]; spend: number[] }

/** Day → [purchases, spend] per customer, from every live purchase (as segments counted before the roll-up). */
async function liveHistory(): Promise<Map<string, Map<string, [number, number]>>> {
  const rows = await sqlRows<{ customer_id: string; at: string; amount: string }>(database.db, sql`
    select m.customer_id, p.occurred_at::text as at, p.amount_minor::text as amount from loyalty_purchases p
      join loyalty_members m on m.workspace_id = p.workspace_id and m.id = p.member_id where p.workspace_id = ${ws}
    union all
    select t.customer_id, t.occurred_at::text, t.amount_minor::text from transactions t where t.workspace_id = ${ws} and t.source <> 'loyalty'`);
  const out = new Map<string, Map<string, [number, number]>>();
  for (const r of rows) {
    const day = new Date(Date.parse(r.at.replace(' ', 'T').replace(/\+00$/, 'Z'))).toISOString().slice(0, 10);
    const days = out.get(r.customer_id) ?? new Map<string, [number, number]>();
    const cell = days.get(day) ?? [0, 0];
    days.set(day, [cell[0] + 1, cell[1] + Number(r.amount)]);
    out.set(r.customer_id, days);
  }
  return out;
}

async function expectHistoryMatchesLive() {
  const live = await liveHistory();
  const expected = [...live].map(([customerId, days]) => {
    const sorted = [...days].sort(([a], [b]) => (a < b ? -1 : 1));
    let n = 0;
    let s = 0;
    return {
      customer_id: customerId, days: sorted.map(([d]) => d),
      purchases: sorted.map(([, v]) => (n += v[0])), spend: sorted.map(([, v]) => (s += v[1])),
    };
  }).sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
  const stored = await sqlRows<HistoryRow>(database.db, sql`
    select customer_id, days::text[] as days, purchases, spend_minor::text[] as spend from customer_purchase_history where workspace_id = ${ws} order by customer_id`);
  expect(stored.map((r) => ({ ...r, purchases: r.purchases.map(Number), spend: r.spend.map(Number) }))).toEqual(expected);
  return expected;
}

function at(daysAgo: number, hour = 12): string {
  const t = new Date(Date.now() - daysAgo * DAY);
  t.setUTCHours(hour, 0, 0, 0);
  return t.toISOString();
}

async function addTransactions(rows: { customer: number; daysAgo: number; hour?: number; amount: number; source?: string }[]) {
  const values = rows.map((r) => ({ customer_id: customers[r.customer], at: at(r.daysAgo, r.hour), amount: r.amount, source: r.source ?? 'import', ref: `T${++seq}` }));
  await database.db.execute(sql`insert into transactions (workspace_id, customer_id, occurred_at, amount_minor, currency, source, external_ref)
    select ${ws}::uuid, customer_id, at, amount, 'AZN', source, ref
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(customer_id uuid, at timestamptz, amount bigint, source text, ref text)`);
}

async function addLoyaltyPurchase(customer: number, daysAgo: number, amount: number) {
  const memberId = members.get(customers[customer] ?? '');
  const at0 = at(daysAgo, 9);
  await database.db.execute(sql`insert into loyalty_purchases (workspace_id, id, programme_id, member_id, external_id, occurred_at, local_date, currency, amount_minor, points_earned, posting_id)
    values (${ws}, ${crypto.randomUUID()}, ${programmeId}, ${memberId}, ${`L${++seq}`}, ${at0}, ${at0.slice(0, 10)}, 'AZN', ${amount}, 0, ${`p${seq}`})`);
}

beforeAll(async () => {
  database = await openTestDatabase();
  const w = await buildWorkspace(database, 'history', ['owner']);
  ws = w.id;
  const actor: Actor = {
    type: 'user', workspaceId: ws, userId: await userIdOf(database, w.people.owner ?? ''), apiKeyId: null, name: 'test',
    role: 'owner', permissions: ROLE_PERMISSIONS.owner, departmentId: null, csrfToken: null,
  };
  programmeId = (await createProgramme(database.db, actor, {
    name: 'Bonus', currency: 'AZN', pointValueMinor: 1, returnWindowDays: 0, expiryMonths: 12, expiryWarningDays: 30, negativeBalance: 'allow',
    earning: { earnOnDiscountedLines: true }, burning: { minPoints: 1, maxBillPercent: 100 },
    tierSettings: { window: { kind: 'rolling', days: 365 }, review: { month: 1, day: 1 }, graceDays: 30 },
    referral: { referrerPoints: 0, refereePoints: 0, minPurchaseMinor: 0, maxRewardsPerReferrer: null },
  })).id;
  for (let i = 0; i < 8; i++) {
    const id = crypto.randomUUID();
    customers.push(id);
    await database.db.execute(sql`insert into customers (workspace_id, id, kind, display_name, first_name, name_key, language)
      values (${ws}, ${id}, 'person', ${`Buyer ${i}`}, 'Buyer', ${`buyer ${i}`}, 'az')`);
    if (i < 4) {
      const memberId = crypto.randomUUID();
      members.set(id, memberId);
      await database.db.execute(sql`insert into loyalty_members (workspace_id, id, programme_id, customer_id, card_number, referral_code, joined_on)
        values (${ws}, ${memberId}, ${programmeId}, ${id}, ${`C${i}`}, ${`R${i}`}, current_date)`);
    }
  }
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('customer purchase history', () => {
  it('equals the live history after bulk, single, out-of-order and loyalty inserts', async () => {
    await addTransactions([
      { customer: 0, daysAgo: 10, amount: 1000 }, { customer: 0, daysAgo: 10, hour: 20, amount: 500 }, { customer: 0, daysAgo: 40, amount: 700 },
      { customer: 1, daysAgo: 3, amount: 2000 }, { customer: 1, daysAgo: 100, amount: -300 }, { customer: 2, daysAgo: 0, amount: 50 },
      { customer: 5, daysAgo: 200, amount: 9000 }, { customer: 5, daysAgo: 1, amount: 100, source: 'loyalty' },
    ]);
    await addTransactions([{ customer: 0, daysAgo: 25, amount: 111 }]);
    await addTransactions([{ customer: 0, daysAgo: 1, amount: 222 }, { customer: 0, daysAgo: 60, amount: 333 }, { customer: 6, daysAgo: 5, amount: 10 }]);
    // Newer than anything customer 1 bought: appended with the running totals carried on.
    await addTransactions([{ customer: 1, daysAgo: 2, amount: 5 }, { customer: 1, daysAgo: 1, amount: 6 }, { customer: 1, daysAgo: 1, hour: 3, amount: 7 }]);
    await addLoyaltyPurchase(0, 10, 400);
    await addLoyaltyPurchase(3, 2, 800);
    const expected = await expectHistoryMatchesLive();
    expect(expected.find((r) => r.customer_id === customers[0])?.days).toHaveLength(5);
    expect(expected.find((r) => r.customer_id === customers[5])?.purchases).toEqual([1]);
    expect(expected.find((r) => r.customer_id === customers[1])?.purchases).toEqual([1, 2, 3, 5]);
  });

  it('bumps the last day held and appends later days, beside older days and new customers in one batch', async () => {
    const before = await expectHistoryMatchesLive();
    const held = (c: number) => before.find((r) => r.customer_id === customers[c]);
    expect(held(2)?.days).toHaveLength(1);
    // Customer 2 bought today already (bump only), customer 1's last day gets one more and today
    // is appended, customer 0 gets an older day beside a new one, customer 4 has no history yet.
    await addTransactions([
      { customer: 2, daysAgo: 0, hour: 1, amount: 7 }, { customer: 2, daysAgo: 0, hour: 2, amount: 8 },
      { customer: 1, daysAgo: 1, hour: 5, amount: 9 }, { customer: 1, daysAgo: 0, amount: 10 },
      { customer: 0, daysAgo: 30, amount: 11 }, { customer: 0, daysAgo: 0, amount: 12 },
      { customer: 4, daysAgo: 7, amount: 13 },
    ]);
    // A single loyalty purchase on the member's last day held.
    await addLoyaltyPurchase(3, 2, 50);
    const after = await expectHistoryMatchesLive();
    const now = (c: number) => after.find((r) => r.customer_id === customers[c]);
    expect(now(2)?.days).toEqual(held(2)?.days);
    expect(now(2)?.purchases).toEqual([(held(2)?.purchases[0] ?? 0) + 2]);
    expect(now(2)?.spend.at(-1)).toBe((held(2)?.spend.at(-1) ?? 0) + 15);
    expect(now(1)?.purchases).toEqual([1, 2, 3, 6, 7]);
    expect(now(0)?.days).toHaveLength((held(0)?.days.length ?? 0) + 2);
    expect(now(3)?.purchases).toEqual([(held(3)?.purchases[0] ?? 0) + 1]);
    expect(now(4)?.purchases).toEqual([1]);
  });

  it('follows corrections, deletions and merged customers', async () => {
    await database.db.execute(sql`update transactions set amount_minor = amount_minor + 5 where workspace_id = ${ws} and customer_id = ${customers[0]} and amount_minor = 1000`);
    await database.db.execute(sql`update transactions set occurred_at = occurred_at - interval '3 days' where workspace_id = ${ws} and customer_id = ${customers[1]}`);
    await database.db.execute(sql`update transactions set import_id = null where workspace_id = ${ws}`);
    await expectHistoryMatchesLive();
    // Merging customer 6 into customer 2: the sales rows move; 6 is left without purchases and without a row.
    await database.db.execute(sql`update transactions set customer_id = ${customers[2]} where workspace_id = ${ws} and customer_id = ${customers[6]}`);
    // A member moves to another customer with its loyalty purchases.
    await database.db.execute(sql`update loyalty_members set customer_id = ${customers[4]} where workspace_id = ${ws} and customer_id = ${customers[3]}`);
    await database.db.execute(sql`delete from transactions where workspace_id = ${ws} and customer_id = ${customers[0]} and amount_minor = 333`);
    await database.db.execute(sql`delete from loyalty_purchases where workspace_id = ${ws} and amount_minor = 400`);
    await database.db.execute(sql`delete from transactions where workspace_id = ${ws} and customer_id = ${customers[5]}`);
    const expected = await expectHistoryMatchesLive();
    const owners = expected.map((r) => r.customer_id);
    expect(owners).not.toContain(customers[6]);
    expect(owners).not.toContain(customers[5]);
    expect(owners).not.toContain(customers[3]);
    expect(owners).toContain(customers[4]);
  });

  it('counts both of two concurrent writers for one customer', async () => {
    const write = (amount: number) => database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into transactions (workspace_id, customer_id, occurred_at, amount_minor, currency, source, external_ref)
        values (${ws}, ${customers[7]}, ${at(amount % 7)}, ${amount}, 'AZN', 'import', ${`W${++seq}`})`);
    });
    await Promise.all([write(15), write(23), write(30)]);
    expect((await expectHistoryMatchesLive()).find((r) => r.customer_id === customers[7])?.purchases.at(-1)).toBe(3);
    // Now that the customer has a row: appends (today), bumps (the last day held) and an older
    // day at once, each writer re-reading the row the one before it left.
    await Promise.all([write(7), write(14), write(8), write(15), write(9)]);
    const expected = await expectHistoryMatchesLive();
    expect(expected.find((r) => r.customer_id === customers[7])?.purchases.at(-1)).toBe(8);
  });

  it('answers period and last-purchase conditions as the live history does', async () => {
    const live = await liveHistory();
    const today = new Date().toISOString().slice(0, 10);
    const dayOf = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
    const within = (customerId: string, fromDay: string) => [...(live.get(customerId) ?? new Map<string, [number, number]>())]
      .filter(([d]) => d >= fromDay && d <= today).reduce<[number, number]>((acc, [, v]) => [acc[0] + v[0], acc[1] + v[1]], [0, 0]);
    const lastDay = (customerId: string) => [...(live.get(customerId)?.keys() ?? [])].sort().at(-1) ?? null;
    const cases: { definition: unknown; expect: (id: string) => boolean }[] = [
      { definition: { type: 'condition', field: 'behaviour.purchases', op: 'gte', value: 2, period: { lastDays: 30 } }, expect: (id) => within(id, dayOf(30))[0] >= 2 },
      { definition: { type: 'condition', field: 'behaviour.purchases', op: 'lte', value: 0, period: { lastDays: 30 } }, expect: (id) => within(id, dayOf(30))[0] === 0 },
      { definition: { type: 'condition', field: 'behaviour.spend', op: 'between', value: [100, 2500], period: { from: dayOf(45), to: dayOf(4) } },
        expect: (id) => {
          const s = [...(live.get(id) ?? new Map<string, [number, number]>())].filter(([d]) => d >= dayOf(45) && d <= dayOf(4)).reduce((a, [, v]) => a + v[1], 0);
          return s >= 100 && s <= 2500;
        } },
      { definition: { type: 'condition', field: 'behaviour.daysSinceLastPurchase', op: 'lte', value: 3 }, expect: (id) => { const d = lastDay(id); return d !== null && d >= dayOf(3); } },
      { definition: { type: 'condition', field: 'behaviour.daysSinceLastPurchase', op: 'gte', value: 5 }, expect: (id) => { const d = lastDay(id); return d === null || d <= dayOf(5); } },
    ];
    for (const c of cases) {
      const result = await countSegment(database.db, ws, c.definition);
      expect(result.count, JSON.stringify(c.definition)).toBe(customers.filter(c.expect).length);
    }
    // The cases are not vacuous: each splits the customers.
    expect(cases.map((c) => customers.filter(c.expect).length).every((n) => n > 0 && n < customers.length)).toBe(true);
  });
});
