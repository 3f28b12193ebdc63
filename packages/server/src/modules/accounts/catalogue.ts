import { and, asc, desc, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { PriceListCreate, PriceListUpdate, ProductCreate, ProductUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { findAccountRow } from './access.ts';
import { presentPriceList, presentProduct } from './presenter.ts';
import { priceLists, products } from './schema.ts';

export async function listProducts(db: Queryable, workspaceId: string) {
  const rows = await db.select().from(products).where(eq(products.workspaceId, workspaceId)).orderBy(asc(products.name)).limit(2000);
  return rows.map(presentProduct);
}

export async function createProduct(db: Db, actor: Actor, input: z.infer<typeof ProductCreate>) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(products).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), sku: input.sku, name: input.name, unit: input.unit,
      basePriceMinor: input.basePrice.amountMinor, currency: input.basePrice.currency,
    }).onConflictDoNothing().returning();
    if (!row) throw conflict('sku_taken', `Another product already has SKU ${input.sku}`, 'body.sku');
    await recordAudit(tx, actor, { action: 'product.created', entityType: 'product', entityId: row.id, after: row });
    return presentProduct(row);
  });
}

export async function updateProduct(db: Db, actor: Actor, id: string, input: z.infer<typeof ProductUpdate>) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(and(eq(products.workspaceId, actor.workspaceId), eq(products.id, id))).for('update');
    if (!before) throw notFound('Product');
    const [row] = await tx.update(products).set({
      ...(input.sku ? { sku: input.sku } : {}), ...(input.name ? { name: input.name } : {}), ...(input.unit ? { unit: input.unit } : {}),
      ...(input.basePrice ? { basePriceMinor: input.basePrice.amountMinor, currency: input.basePrice.currency } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    }).where(and(eq(products.workspaceId, actor.workspaceId), eq(products.id, id))).returning();
    if (!row) throw notFound('Product');
    await recordAudit(tx, actor, { action: 'product.updated', entityType: 'product', entityId: id, before, after: row });
    return presentProduct(row);
  });
}

/** General lists and the lists of one account (or all, for the catalogue page). */
export async function listPriceLists(db: Queryable, actor: Actor, accountId: string | undefined) {
  if (accountId) await findAccountRow(db, actor, accountId);
  const rows = await db.select().from(priceLists).where(and(
    eq(priceLists.workspaceId, actor.workspaceId),
    accountId ? or(isNull(priceLists.accountId), eq(priceLists.accountId, accountId)) : undefined,
  )).orderBy(desc(priceLists.validFrom), asc(priceLists.name)).limit(500);
  return rows.map(presentPriceList);
}

/** What zod cannot say alone: dates in order, each volume break either a price or a discount. */
function checkPriceListRules(input: Pick<PriceListUpdate, 'validFrom' | 'validTo' | 'entries'>) {
  if (input.validFrom && input.validTo && input.validTo < input.validFrom) throw invalid('body.validTo', 'before_start', 'validTo must not be before validFrom');
  (input.entries ?? []).forEach((e, i) => e.volumeBreaks.forEach((b, j) => {
    const hasPrice = b.unitPriceMinor !== null && b.unitPriceMinor !== undefined;
    const hasDiscount = b.discountBp !== null && b.discountBp !== undefined;
    if (hasPrice === hasDiscount) throw invalid(`body.entries.${i}.volumeBreaks.${j}`, 'price_or_discount', 'A volume break sets either unitPriceMinor or discountBp');
  }));
}

async function checkProducts(tx: Queryable, workspaceId: string, input: Pick<PriceListUpdate, 'entries' | 'discounts'>) {
  const known = new Set((await tx.select({ id: products.id }).from(products).where(eq(products.workspaceId, workspaceId))).map((p) => p.id));
  (input.entries ?? []).forEach((e, i) => { if (!known.has(e.productId)) throw invalid(`body.entries.${i}.productId`, 'unknown_product', 'No such product'); });
  (input.discounts ?? []).forEach((d, i) => { if (d.productId && !known.has(d.productId)) throw invalid(`body.discounts.${i}.productId`, 'unknown_product', 'No such product'); });
}

export async function createPriceList(db: Db, actor: Actor, input: z.infer<typeof PriceListCreate>) {
  checkPriceListRules(input);
  return db.transaction(async (tx) => {
    if (input.accountId) await findAccountRow(tx, actor, input.accountId).catch(() => { throw invalid('body.accountId', 'unknown_account', 'No key account with this id that you may work'); });
    await checkProducts(tx, actor.workspaceId, input);
    const [row] = await tx.insert(priceLists).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, accountId: input.accountId ?? null, currency: input.currency,
      validFrom: input.validFrom ?? null, validTo: input.validTo ?? null, entries: input.entries, discounts: input.discounts, bonusTerms: input.bonusTerms ?? null,
    }).returning();
    if (!row) throw new Error('price list insert returned nothing');
    await recordAudit(tx, actor, { action: 'price_list.created', entityType: 'price_list', entityId: row.id, after: row });
    return presentPriceList(row);
  });
}

/**
 * Change a list's name, currency, validity or prices. An account's list is
 * changed only by those who may work that account (404 otherwise, as for
 * reading it); the general lists by anyone with accounts:write.
 */
export async function updatePriceList(db: Db, actor: Actor, id: string, input: PriceListUpdate) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(priceLists).where(and(eq(priceLists.workspaceId, actor.workspaceId), eq(priceLists.id, id))).for('update');
    if (!before) throw notFound('Price list');
    if (before.accountId) await findAccountRow(tx, actor, before.accountId).catch(() => { throw notFound('Price list'); });
    checkPriceListRules({
      validFrom: input.validFrom !== undefined ? input.validFrom : before.validFrom,
      validTo: input.validTo !== undefined ? input.validTo : before.validTo,
      entries: input.entries,
    });
    await checkProducts(tx, actor.workspaceId, input);
    if (Object.keys(input).length === 0) return presentPriceList(before);
    const [row] = await tx.update(priceLists).set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}),
      ...(input.validTo !== undefined ? { validTo: input.validTo } : {}),
      ...(input.entries !== undefined ? { entries: input.entries } : {}),
      ...(input.discounts !== undefined ? { discounts: input.discounts } : {}),
      ...(input.bonusTerms !== undefined ? { bonusTerms: input.bonusTerms } : {}),
    }).where(and(eq(priceLists.workspaceId, actor.workspaceId), eq(priceLists.id, id))).returning();
    if (!row) throw notFound('Price list');
    await recordAudit(tx, actor, { action: 'price_list.updated', entityType: 'price_list', entityId: id, before, after: row });
    return presentPriceList(row);
  });
}
