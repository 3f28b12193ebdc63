import { Faker, az, base } from '@faker-js/faker';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { addDays, localDay, WORK_CYCLE } from '@vefa/domain/accounts/index';
import type { Db } from '../../platform/db/database.ts';
import { memberships, users } from '../../platform/db/schema.ts';
import { customers } from '../customers/schema.ts';
import { ensureDefaultPipeline, listStages } from './pipelines.ts';
import {
  accountReferrals, accountRelationships, accountShares, activities, competitors, contracts, dealStageHistory, deals, keyAccounts, marketSegments,
  orders, priceLists, products, quotes, revenueTargets,
} from './schema.ts';

const DAY = 86_400_000;
/** Every key-account table, children first: a refresh empties them in this order. */
const TABLES = ['account_orders', 'account_contract_documents', 'account_contracts', 'account_quotes', 'account_activities', 'account_deal_stage_history',
  'account_deals', 'account_referrals', 'account_relationships', 'key_account_shares', 'account_price_lists', 'key_accounts', 'account_products',
  'account_competitors', 'account_segments', 'account_pipeline_stages', 'account_pipelines', 'account_revenue_targets', 'account_document_counters'];

const SEGMENTS = [
  { name: 'Pərakəndə şəbəkələr', size: 420, potential: 950_000_000 },
  { name: 'Bank və maliyyə', size: 36, potential: 1_400_000_000 },
  { name: 'Telekommunikasiya', size: 12, potential: 800_000_000 },
  { name: 'E-ticarət', size: 260, potential: 600_000_000 },
];
const COMPETITORS = [
  { name: 'Anadolu Tedarik A.Ş.', pricePosition: 'lower', strengths: ['Aşağı qiymət', 'Geniş anbar şəbəkəsi'], weaknesses: ['Zəif servis'], opportunities: ['Regionlara çıxış'], threats: ['Qiymət savaşı'] },
  { name: 'Xəzər Distribusiya MMC', pricePosition: 'similar', strengths: ['Yerli əlaqələr'], weaknesses: ['Kiçik çeşid'], opportunities: ['Birgə layihələr'], threats: ['Əsas müştərilərimizə yaxınlıq'] },
  { name: 'Global Supply Ltd.', pricePosition: 'higher', strengths: ['Beynəlxalq brend'], weaknesses: ['Uzun çatdırılma'], opportunities: ['Premium seqment'], threats: ['Bank sektorunda müqavilələr'] },
];
const PRODUCTS = [
  { sku: 'KAS-100', name: 'POS terminal', price: 45_000 }, { sku: 'KAS-200', name: 'Kassa proqramı (illik lisenziya)', price: 120_000 },
  { sku: 'SKN-010', name: 'Barkod skaneri', price: 9_500 }, { sku: 'PRN-050', name: 'Çek printeri', price: 18_000 },
  { sku: 'SRV-001', name: 'Texniki xidmət (ay)', price: 25_000 }, { sku: 'LBL-500', name: 'Etiket rulonu (500 əd.)', price: 800 },
  { sku: 'CRD-001', name: 'Sadiqlik kartı (100 əd.)', price: 6_000 }, { sku: 'TRN-001', name: 'Personal təlimi (gün)', price: 35_000 },
];
const LOST_REASONS = ['Qiymət yüksək', 'Rəqib daha sürətli çatdırır', 'Büdcə dondurulub', 'Fiyat yüksek bulundu'];
const SUBJECTS = {
  call: ['Təklif barədə zəng', 'Sipariş durumu hakkında arama', 'Yeni kampaniya barədə məlumat'],
  meeting: ['Ehtiyacların müzakirəsi', 'Təqdimat görüşü', 'Sözleşme görüşmesi'],
  email: ['Qiymət təklifi göndərildi', 'Müqavilə layihəsi', 'Teklif revizyonu'],
  fax: ['İmzalı sifariş forması'], letter: ['Rəsmi təşəkkür məktubu'], chat: ['WhatsApp: çatdırılma tarixi'],
} as const;

/**
 * Key accounts for the demo: the account manager (kam@vefa.local) owns most
 * accounts, the admin a few; deals across the work cycle with their history,
 * a quarter of activities, price lists with volume breaks, contracts with
 * renewals, orders (two of them late), competitors, segments and referrals.
 */
export async function seedDemoAccounts(db: Db, workspaceId: string, options: { seed?: number } = {}) {
  const faker = new Faker({ locale: [az, base] });
  faker.seed((options.seed ?? 1905) + 6);
  const now = new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z').getTime();
  const today = localDay(now, 'Asia/Baku');
  for (const table of TABLES) await db.execute(sql`delete from ${sql.identifier(table)} where workspace_id = ${workspaceId}`);
  const team = await db.select({ id: users.id, email: users.email }).from(users).innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(users.email, ['kam@vefa.local', 'admin@vefa.local'])));
  const kam = team.find((u) => u.email === 'kam@vefa.local')?.id;
  const admin = team.find((u) => u.email === 'admin@vefa.local')?.id ?? kam;
  if (!kam || !admin) return { accounts: 0 };
  const companies = await db.select({ id: customers.id, name: customers.displayName }).from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.kind, 'company'))).orderBy(asc(customers.externalId)).limit(40);
  const people = await db.select({ id: customers.id, companyId: customers.companyId }).from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.kind, 'person'), isNotNull(customers.companyId)));

  const segmentIds = SEGMENTS.map(() => faker.string.uuid());
  await db.insert(marketSegments).values(SEGMENTS.map((s, i) => ({ workspaceId, id: segmentIds[i] ?? '', name: s.name, sizeCompanies: s.size, potentialMinor: s.potential, currency: 'AZN', description: '' })));
  const competitorIds = COMPETITORS.map(() => faker.string.uuid());
  await db.insert(competitors).values(COMPETITORS.map((c, i) => ({ workspaceId, id: competitorIds[i] ?? '', ...c, website: null, notes: '' })));
  const productIds = PRODUCTS.map(() => faker.string.uuid());
  await db.insert(products).values(PRODUCTS.map((p, i) => ({ workspaceId, id: productIds[i] ?? '', sku: p.sku, name: p.name, unit: 'əd.', basePriceMinor: p.price, currency: 'AZN' })));
  await db.insert(priceLists).values({
    workspaceId, id: faker.string.uuid(), name: 'Ümumi qiymət siyahısı 2026', accountId: null, currency: 'AZN', validFrom: addDays(today, -200), validTo: addDays(today, 165),
    entries: PRODUCTS.map((p, i) => ({ productId: productIds[i] ?? '', unitPriceMinor: p.price, volumeBreaks: [{ minQuantity: 10, discountBp: 500 }, { minQuantity: 50, discountBp: 1000 }] })),
    discounts: [],
  });

  const accountRows = companies.map((c, i) => ({
    workspaceId, customerId: c.id, ownerId: i % 8 === 7 ? admin : kam, tier: (['strategic', 'key', 'key', 'growth', 'standard'] as const)[i % 5] ?? 'key',
    industry: ['Pərakəndə', 'Bank', 'Telekom', 'E-ticarət'][i % 4] ?? null, segmentId: segmentIds[i % 4] ?? null,
    annualPotentialMinor: faker.number.int({ min: 50, max: 900 }) * 100_000, currency: 'AZN', satisfaction: faker.number.int({ min: 45, max: 98 }),
    plan: { goals: ['Payı 20%-ə çatdırmaq', 'Yeni filiallara çıxış'], challenges: ['Rəqib qiymətləri'], strategy: 'Xidmət keyfiyyəti və fərdi qiymət' },
    lastActivityAt: new Date(now - faker.number.int({ min: 0, max: 120 }) * DAY), createdAt: new Date(now - faker.number.int({ min: 0, max: 400 }) * DAY),
  }));
  if (accountRows.length === 0) return { accounts: 0 };
  await db.insert(keyAccounts).values(accountRows);
  const shares = accountRows.filter((a) => a.ownerId === admin && admin !== kam).slice(0, 2).map((a) => ({ workspaceId, accountId: a.customerId, userId: kam }));
  if (shares.length > 0) await db.insert(accountShares).values(shares);
  const contactsOf = new Map<string, string[]>();
  for (const p of people) if (p.companyId) contactsOf.set(p.companyId, [...(contactsOf.get(p.companyId) ?? []), p.id]);
  const relationships = accountRows.flatMap((a) => (contactsOf.get(a.customerId) ?? []).slice(0, 3).map((contactId, j) => ({
    workspaceId, accountId: a.customerId, contactId, role: (['decision_maker', 'economic_buyer', 'influencer'] as const)[j] ?? 'user',
    title: ['Baş direktor', 'Satınalma müdiri', 'IT rəhbəri'][j] ?? null, influence: 5 - j, attitude: (['supporter', 'neutral', 'opponent'] as const)[faker.number.int({ min: 0, max: 2 })] ?? 'neutral',
  })));
  if (relationships.length > 0) await db.insert(accountRelationships).values(relationships);
  for (const [i, a] of accountRows.slice(0, 4).entries()) {
    await db.insert(priceLists).values({
      workspaceId, id: faker.string.uuid(), name: `Fərdi qiymətlər ${i + 1}`, accountId: a.customerId, currency: 'AZN', validFrom: addDays(today, -60), validTo: addDays(today, 300),
      entries: [{ productId: productIds[0] ?? '', unitPriceMinor: 41_000, volumeBreaks: [{ minQuantity: 20, unitPriceMinor: 38_000 }] }],
      discounts: [{ productId: null, minQuantity: 100, discountBp: 700 }],
      bonusTerms: { basis: 'turnover', period: 'year', tiers: [{ fromMinor: 10_000_000, bonusBp: 200 }, { fromMinor: 25_000_000, bonusBp: 300 }] },
    });
  }

  const pipelineId = await ensureDefaultPipeline(db, workspaceId);
  const stages = await listStages(db, workspaceId, pipelineId);
  const dealRows: (typeof deals.$inferInsert)[] = [];
  const historyRows: (typeof dealStageHistory.$inferInsert)[] = [];
  for (let i = 0; i < 140; i++) {
    const account = faker.helpers.arrayElement(accountRows);
    const created = now - faker.number.int({ min: 5, max: 200 }) * DAY;
    const fate = faker.number.float();
    const reach = fate < 0.15 ? 8 : fate < 0.27 ? faker.number.int({ min: 1, max: 6 }) : faker.number.int({ min: 0, max: 7 });
    const status = fate < 0.15 ? 'won' : fate < 0.27 ? 'lost' : 'open';
    const id = faker.string.uuid();
    let at = created;
    for (let s = 0; s <= reach; s++) {
      const stage = stages[s];
      if (!stage) break;
      const next = s === reach ? null : Math.min(now - DAY, at + faker.number.int({ min: 1, max: 12 }) * DAY);
      historyRows.push({ workspaceId, id: faker.string.uuid(), dealId: id, stageId: stage.id, enteredAt: new Date(at), leftAt: next === null ? null : new Date(next), actorId: account.ownerId });
      if (next !== null) at = next;
    }
    const stage = stages[reach] ?? stages[0];
    if (!stage) break;
    const lines = [{ productId: faker.helpers.arrayElement(productIds), quantity: faker.number.int({ min: 2, max: 60 }) }];
    dealRows.push({
      workspaceId, id, title: `${faker.helpers.arrayElement(['POS yeniləmə', 'Kassa sistemi', 'Sadiqlik kartları', 'Texniki xidmət', 'Filial açılışı'])} — ${i + 1}`,
      accountId: account.customerId, contactId: (contactsOf.get(account.customerId) ?? [])[0] ?? null, pipelineId, stageId: stage.id, status,
      valueMinor: faker.number.int({ min: 20, max: 900 }) * 10_000, currency: 'AZN', probability: status === 'won' ? 100 : status === 'lost' ? 0 : stage.probability,
      expectedCloseOn: addDays(today, faker.number.int({ min: -10, max: 120 })), ownerId: account.ownerId, products: lines,
      nextStep: status === 'open' ? faker.helpers.arrayElement(['Zəng et və görüş təyin et', 'Təklifi göndər', 'Müqavilə layihəsini razılaşdır', 'Teklifi revize et']) : null,
      nextStepDueOn: status === 'open' ? addDays(today, faker.number.int({ min: -3, max: 14 })) : null,
      competitorId: faker.number.float() < 0.4 ? faker.helpers.arrayElement(competitorIds) : null,
      lostReason: status === 'lost' ? faker.helpers.arrayElement(LOST_REASONS) : null,
      lostToCompetitorId: status === 'lost' && faker.number.float() < 0.7 ? faker.helpers.arrayElement(competitorIds) : null,
      stageEnteredAt: new Date(at), closedAt: status === 'open' ? null : new Date(at), createdAt: new Date(created),
    });
  }
  await db.insert(deals).values(dealRows);
  for (let i = 0; i < historyRows.length; i += 500) await db.insert(dealStageHistory).values(historyRows.slice(i, i + 500));

  const activityRows: (typeof activities.$inferInsert)[] = [];
  for (let i = 0; i < 600; i++) {
    const deal = faker.helpers.arrayElement(dealRows);
    const kind = faker.helpers.weightedArrayElement([{ value: 'call', weight: 5 }, { value: 'email', weight: 4 }, { value: 'meeting', weight: 2 }, { value: 'fax', weight: 0.3 }, { value: 'letter', weight: 0.3 }, { value: 'chat', weight: 1 }] as const);
    const future = kind === 'meeting' && faker.number.float() < 0.25;
    const at = future ? now + faker.number.int({ min: 1, max: 30 * 24 }) * 3600_000 : now - faker.number.int({ min: 1, max: 120 * 24 }) * 3600_000;
    activityRows.push({
      workspaceId, id: faker.string.uuid(), kind, accountId: deal.accountId, contactId: deal.contactId ?? null, dealId: deal.id,
      subject: faker.helpers.arrayElement(SUBJECTS[kind]), direction: kind === 'meeting' ? null : faker.helpers.arrayElement(['inbound', 'outbound']), at: new Date(at),
      startsAt: kind === 'meeting' ? new Date(at) : null, endsAt: kind === 'meeting' ? new Date(at + 3600_000) : null, timeZone: kind === 'meeting' ? 'Asia/Baku' : null,
      doneAt: kind === 'meeting' && !future ? new Date(at + 3600_000) : null, ownerId: deal.ownerId,
    });
  }
  for (let i = 0; i < 25; i++) {
    const deal = faker.helpers.arrayElement(dealRows.filter((d) => d.status === 'open'));
    const due = now + faker.number.int({ min: -3, max: 14 }) * DAY;
    activityRows.push({ workspaceId, id: faker.string.uuid(), kind: 'task', accountId: deal.accountId, dealId: deal.id, subject: deal.nextStep ?? 'Follow-up', at: new Date(due), dueAt: new Date(due), ownerId: deal.ownerId });
  }
  for (let i = 0; i < activityRows.length; i += 500) await db.insert(activities).values(activityRows.slice(i, i + 500));

  const won = dealRows.filter((d) => d.status === 'won').slice(0, 12);
  let n = 0;
  for (const deal of won) {
    n++;
    const product = PRODUCTS[productIds.indexOf(deal.products?.[0]?.productId ?? '')] ?? PRODUCTS[0];
    const line = deal.products?.[0];
    if (!product || !line) continue;
    const total = product.price * line.quantity;
    const quoteId = faker.string.uuid();
    const year = new Date(now).getUTCFullYear();
    await db.insert(quotes).values({
      workspaceId, id: quoteId, number: `Q-${year}-${String(n).padStart(4, '0')}`, dealId: deal.id, accountId: deal.accountId, currency: 'AZN', pricedOn: addDays(today, -40),
      lines: [{ productId: line.productId, sku: product.sku, name: product.name, quantity: line.quantity, listUnitPriceMinor: product.price, unitPriceMinor: product.price, discountBp: 0, discountMinor: 0, totalMinor: total, source: 'general_price_list', priceListId: null, volumeBreakFrom: null }],
      subtotalMinor: total, discountMinor: 0, totalMinor: total, status: 'accepted', language: 'az', sentAt: new Date(now - 40 * DAY),
    });
    const contractId = faker.string.uuid();
    const renewal = addDays(today, n <= 3 ? 10 + n * 5 : 60 + n * 20);
    await db.insert(contracts).values({
      workspaceId, id: contractId, number: `C-${year}-${String(n).padStart(4, '0')}`, accountId: deal.accountId, dealId: deal.id, quoteId,
      title: `Tədarük müqaviləsi ${n}`, terms: 'Ödəniş: 30 gün. Çatdırılma: 10 iş günü.', valueMinor: total, currency: 'AZN',
      startsOn: addDays(today, -330), endsOn: renewal, renewalOn: renewal, reminderDays: 30, status: 'active',
    });
    const statuses = ['received', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'invoiced'] as const;
    const reached = n % 6;
    const status = statuses[reached] ?? 'received';
    await db.insert(orders).values({
      workspaceId, id: faker.string.uuid(), number: `O-${year}-${String(n).padStart(4, '0')}`, contractId, accountId: deal.accountId, status, currency: 'AZN',
      lines: [{ productId: line.productId, sku: product.sku, name: product.name, quantity: line.quantity, unitPriceMinor: product.price, totalMinor: total }],
      totalMinor: total, dueOn: addDays(today, n <= 2 ? -4 : 12), history: statuses.slice(0, reached + 1).map((s, k) => ({ status: s, at: new Date(now - (10 - k) * DAY).toISOString() })),
      deliveredAt: reached >= 4 ? new Date(now - 5 * DAY) : null, createdAt: new Date(now - 10 * DAY),
    });
  }
  await db.execute(sql`insert into account_document_counters (workspace_id, kind, year, value)
    values (${workspaceId}, 'quote', ${new Date(now).getUTCFullYear()}, ${n}), (${workspaceId}, 'contract', ${new Date(now).getUTCFullYear()}, ${n}), (${workspaceId}, 'order', ${new Date(now).getUTCFullYear()}, ${n})`);

  const [a0, a1, a2, a3] = accountRows;
  if (a0 && a1 && a2 && a3) {
    await db.insert(accountReferrals).values([
      { workspaceId, id: faker.string.uuid(), referrerId: a0.customerId, prospectId: a1.customerId, status: 'converted', rewardMinor: 50_000, rewardCurrency: 'AZN', rewardStatus: 'due', note: 'Sərgidə tanış etdi', convertedAt: new Date(now - 20 * DAY), createdBy: kam },
      { workspaceId, id: faker.string.uuid(), referrerId: a2.customerId, prospectId: a3.customerId, status: 'open', rewardMinor: 30_000, rewardCurrency: 'AZN', note: '', createdBy: kam },
    ]);
  }
  const month = today.slice(0, 7);
  await db.insert(revenueTargets).values([{ workspaceId, ownerId: kam, month, amountMinor: 60_000_000 }, ...(admin !== kam ? [{ workspaceId, ownerId: admin, month, amountMinor: 20_000_000 }] : [])]);
  return { accounts: accountRows.length, deals: dealRows.length, activities: activityRows.length, stages: WORK_CYCLE.length };
}
