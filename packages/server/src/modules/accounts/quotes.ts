import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { localDay, priceQuote, type PriceList as DomainPriceList, type PricedProduct } from '@vefa/domain/accounts/index';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { customers } from '../customers/schema.ts';
import { visibleAccount } from './access.ts';
import { workspaceSettings } from './accountFacts.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { findDealRow } from './deals.ts';
import { nextNumber } from './numbering.ts';
import { formatMoney, newPdf, pdfBuffer, table } from './pdf.ts';
import { presentQuote } from './presenter.ts';
import { priceLists, products, quotes } from './schema.ts';
import { asLang, text } from './texts.ts';

/** Prices lines for an account on a day in a currency from the workspace's products and price lists; errors name the line. */
export async function priceLines(db: Queryable, workspaceId: string, accountId: string, currency: string, on: string, lines: { productId: string; quantity: number }[], field: string) {
  const productRows = await db.select().from(products).where(eq(products.workspaceId, workspaceId));
  const lists = await db.select().from(priceLists).where(and(eq(priceLists.workspaceId, workspaceId), or(isNull(priceLists.accountId), eq(priceLists.accountId, accountId))));
  const catalogue = new Map<string, PricedProduct>(productRows.map((p) => [p.id, { id: p.id, sku: p.sku, name: p.name, basePriceMinor: p.basePriceMinor, currency: p.currency, active: p.active }]));
  const domainLists: DomainPriceList[] = lists.map((l) => ({ id: l.id, accountId: l.accountId, currency: l.currency, validFrom: l.validFrom, validTo: l.validTo, entries: l.entries, discounts: l.discounts }));
  const priced = priceQuote({ accountId, currency, on, lines, products: catalogue, priceLists: domainLists });
  if (!priced.ok) {
    throw new ProblemError(422, 'validation_failed', priced.errors.map((e) => `line ${e.index + 1}: ${e.message}`).join('; '),
      priced.errors.map((e) => ({ field: `${field}.${e.index}.productId`, code: e.code, message: e.message })));
  }
  return priced;
}

export async function createQuote(db: Db, actor: Actor, input: { dealId: string; currency?: string | undefined; pricedOn?: string | undefined; lines?: { productId: string; quantity: number }[] | undefined; validUntil?: string | null | undefined; language: 'az' | 'tr' | 'en' }) {
  const { timeZone } = await workspaceSettings(db, actor.workspaceId);
  return db.transaction(async (tx) => {
    const deal = await findDealRow(tx, actor, input.dealId).catch(() => { throw invalid('body.dealId', 'unknown_deal', 'No deal with this id that you may work'); });
    const lines = input.lines ?? deal.products;
    if (lines.length === 0) throw invalid('body.lines', 'required', 'The deal has no products; give the quote lines');
    const currency = input.currency ?? deal.currency;
    const pricedOn = input.pricedOn ?? localDay(Date.now(), timeZone);
    const priced = await priceLines(tx, actor.workspaceId, deal.accountId, currency, pricedOn, lines, input.lines ? 'body.lines' : 'deal.products');
    const number = await nextNumber(tx, actor.workspaceId, 'quote');
    const [row] = await tx.insert(quotes).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), number, dealId: deal.id, accountId: deal.accountId, currency, pricedOn,
      lines: priced.lines, subtotalMinor: priced.subtotalMinor, discountMinor: priced.discountMinor, totalMinor: priced.totalMinor,
      validUntil: input.validUntil ?? null, language: input.language,
    }).returning();
    if (!row) throw new Error('quote insert returned nothing');
    await recordAudit(tx, actor, { action: 'quote.created', entityType: 'quote', entityId: row.id, after: row });
    await onAccountTimeline(tx, actor, deal.accountId, { kind: 'quote_created', summary: `${number}: ${formatMoney(row.totalMinor, currency, 'en')}`, sourceId: row.id, data: { quoteId: row.id, dealId: deal.id, totalMinor: row.totalMinor, currency } });
    return presentQuote(row);
  });
}

export async function findQuoteRow(db: Queryable, actor: Actor, quoteId: string, lock = false) {
  const query = db.select().from(quotes).where(and(eq(quotes.workspaceId, actor.workspaceId), eq(quotes.id, quoteId), visibleAccount(actor, quotes.accountId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Quote');
  return row;
}

export async function listQuotes(db: Queryable, actor: Actor, filter: { dealId?: string | undefined; accountId?: string | undefined }) {
  const rows = await db.select().from(quotes).where(and(
    eq(quotes.workspaceId, actor.workspaceId), filter.dealId ? eq(quotes.dealId, filter.dealId) : undefined,
    filter.accountId ? eq(quotes.accountId, filter.accountId) : undefined, visibleAccount(actor, quotes.accountId),
  )).orderBy(desc(quotes.createdAt)).limit(200);
  return rows.map(presentQuote);
}

const NEXT: Record<string, string[]> = { draft: ['sent', 'rejected'], sent: ['accepted', 'rejected'], accepted: [], rejected: [] };

export async function setQuoteStatus(db: Db, actor: Actor, quoteId: string, status: 'draft' | 'sent' | 'accepted' | 'rejected') {
  return db.transaction(async (tx) => {
    const before = await findQuoteRow(tx, actor, quoteId, true);
    if (!(NEXT[before.status] ?? []).includes(status)) throw conflict('bad_transition', `A ${before.status} quote cannot become ${status}`, 'body.status');
    const [row] = await tx.update(quotes).set({ status, ...(status === 'sent' ? { sentAt: new Date() } : {}) })
      .where(and(eq(quotes.workspaceId, actor.workspaceId), eq(quotes.id, quoteId))).returning();
    if (!row) throw notFound('Quote');
    await recordAudit(tx, actor, { action: `quote.${status}`, entityType: 'quote', entityId: quoteId, before: { status: before.status }, after: { status } });
    await onAccountTimeline(tx, actor, row.accountId, { kind: `quote_${status}`, summary: row.number, sourceId: row.id, isContact: status === 'sent', data: { quoteId: row.id } });
    return presentQuote(row);
  });
}

/** The quote as the customer receives it, in the quote's language. */
export async function quotePdf(db: Queryable, actor: Actor, quoteId: string) {
  const q = await findQuoteRow(db, actor, quoteId);
  const lang = asLang(q.language);
  const [account] = await db.select({ name: customers.displayName, addresses: customers.addresses }).from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, q.accountId)));
  const { doc, fonts } = newPdf(`${text(lang, 'quote')} ${q.number}`);
  doc.font(fonts.bold).fontSize(18).text(`${text(lang, 'quote')} ${q.number}`);
  doc.moveDown(0.5).font(fonts.body).fontSize(10);
  doc.text(`${text(lang, 'quoteFor')}: ${account?.name ?? ''}`);
  const address = account?.addresses[0];
  if (address) doc.text([address.street, address.city, address.country].filter(Boolean).join(', '));
  doc.text(`${text(lang, 'date')}: ${q.pricedOn}`);
  if (q.validUntil) doc.text(`${text(lang, 'validUntil')}: ${q.validUntil}`);
  doc.moveDown();
  const m = (v: number) => formatMoney(v, q.currency, lang);
  table(doc, fonts, [
    { title: text(lang, 'sku'), width: 60 }, { title: text(lang, 'product'), width: 170 }, { title: text(lang, 'quantity'), width: 45, align: 'right' },
    { title: text(lang, 'unitPrice'), width: 80, align: 'right' }, { title: text(lang, 'discount'), width: 70, align: 'right' }, { title: text(lang, 'total'), width: 85, align: 'right' },
  ], q.lines.map((l) => [l.sku, l.name, String(l.quantity), m(l.unitPriceMinor), l.discountBp ? `${(l.discountBp / 100).toFixed(2)} %` : '', m(l.totalMinor)]));
  doc.moveDown();
  doc.fontSize(10).text(`${text(lang, 'subtotal')}: ${m(q.subtotalMinor)}`, { align: 'right' });
  doc.text(`${text(lang, 'discount')}: ${m(q.discountMinor)}`, { align: 'right' });
  doc.font(fonts.bold).fontSize(12).text(`${text(lang, 'total')}: ${m(q.totalMinor)}`, { align: 'right' });
  return { fileName: `${q.number}.pdf`, content: await pdfBuffer(doc) };
}
