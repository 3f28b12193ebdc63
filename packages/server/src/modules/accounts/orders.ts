import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { canMoveOrder, localDay, type OrderStatus } from '@vefa/domain/accounts/index';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { visibleAccount } from './access.ts';
import { workspaceSettings } from './accountFacts.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { findContractRow } from './contracts.ts';
import { nextNumber } from './numbering.ts';
import { ORDER_STATUS_VALUES, presentOrder } from './presenter.ts';
import { priceLines } from './quotes.ts';
import { orders, quotes } from './schema.ts';

/** An order against a contract, priced by the account's price lists on the day it arrives (or copied from the contract's quote). */
export async function createOrder(db: Db, actor: Actor, input: { contractId: string; lines?: { productId: string; quantity: number }[] | undefined; dueOn?: string | null | undefined; externalRef?: string | undefined }) {
  const { timeZone } = await workspaceSettings(db, actor.workspaceId);
  const today = localDay(Date.now(), timeZone);
  const row = await db.transaction(async (tx) => {
    const contract = await findContractRow(tx, actor, input.contractId).catch(() => { throw invalid('body.contractId', 'unknown_contract', 'No contract with this id that you may work'); });
    if (contract.status !== 'active') throw conflict('contract_not_active', `Contract ${contract.number} is ${contract.status}; orders need an active contract`, 'body.contractId');
    let lines;
    if (input.lines) {
      const priced = await priceLines(tx, actor.workspaceId, contract.accountId, contract.currency, today, input.lines, 'body.lines');
      lines = priced.lines.map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, totalMinor: l.totalMinor }));
    } else {
      const [quote] = contract.quoteId ? await tx.select().from(quotes).where(and(eq(quotes.workspaceId, actor.workspaceId), eq(quotes.id, contract.quoteId))) : [];
      if (!quote) throw invalid('body.lines', 'required', 'The contract has no quote to copy lines from; give the order lines');
      lines = quote.lines.map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, totalMinor: l.totalMinor }));
    }
    const number = await nextNumber(tx, actor.workspaceId, 'order');
    const now = new Date();
    const [created] = await tx.insert(orders).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), number, contractId: contract.id, accountId: contract.accountId, status: 'received',
      currency: contract.currency, lines, totalMinor: lines.reduce((s, l) => s + l.totalMinor, 0), dueOn: input.dueOn ?? null,
      externalRef: input.externalRef ?? null, history: [{ status: 'received', at: now.toISOString() }],
    }).returning();
    if (!created) throw new Error('order insert returned nothing');
    await recordAudit(tx, actor, { action: 'order.created', entityType: 'order', entityId: created.id, after: created });
    await onAccountTimeline(tx, actor, contract.accountId, { kind: 'order_received', summary: number, sourceId: created.id, data: { orderId: created.id, contractId: contract.id, totalMinor: created.totalMinor, currency: created.currency } });
    return created;
  });
  return presentOrder(row, today);
}

export async function setOrderStatus(db: Db, actor: Actor, orderId: string, status: OrderStatus) {
  const { timeZone } = await workspaceSettings(db, actor.workspaceId);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(orders).where(and(eq(orders.workspaceId, actor.workspaceId), eq(orders.id, orderId), visibleAccount(actor, orders.accountId))).for('update');
    if (!before) throw notFound('Order');
    const from = ORDER_STATUS_VALUES.find((s) => s === before.status) ?? 'received';
    if (!canMoveOrder(from, status)) throw conflict('bad_transition', `An order that is ${from} cannot become ${status}`, 'body.status');
    const now = new Date();
    const [after] = await tx.update(orders).set({
      status, history: [...before.history, { status, at: now.toISOString() }], updatedAt: now,
      ...(status === 'delivered' && !before.deliveredAt ? { deliveredAt: now } : {}),
    }).where(and(eq(orders.workspaceId, actor.workspaceId), eq(orders.id, orderId))).returning();
    if (!after) throw notFound('Order');
    await recordAudit(tx, actor, { action: 'order.status_changed', entityType: 'order', entityId: orderId, before: { status: from }, after: { status } });
    await onAccountTimeline(tx, actor, before.accountId, { kind: `order_${status}`, summary: before.number, sourceId: orderId, data: { orderId, from, to: status } });
    return after;
  });
  return presentOrder(row, localDay(Date.now(), timeZone));
}

type Cursor = [string, string];
const isCursor = (v: unknown): v is Cursor => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

export async function listOrders(db: Queryable, actor: Actor, query: { accountId?: string | undefined; contractId?: string | undefined; status?: string | undefined; overdue?: string | undefined; cursor?: string | undefined; limit: number }) {
  const { timeZone } = await workspaceSettings(db, actor.workspaceId);
  const today = localDay(Date.now(), timeZone);
  const after = decodeCursor(query.cursor, isCursor);
  const rows = await db.select().from(orders).where(and(
    eq(orders.workspaceId, actor.workspaceId),
    query.accountId ? eq(orders.accountId, query.accountId) : undefined,
    query.contractId ? eq(orders.contractId, query.contractId) : undefined,
    query.status ? eq(orders.status, query.status) : undefined,
    query.overdue === 'true' ? sql`${orders.status} not in ('delivered', 'invoiced', 'cancelled') and ${orders.dueOn} < ${today}::date` : undefined,
    after ? or(lt(orders.createdAt, new Date(after[0])), and(eq(orders.createdAt, new Date(after[0])), lt(orders.id, after[1]))) : undefined,
    visibleAccount(actor, orders.accountId),
  )).orderBy(desc(orders.createdAt), desc(orders.id)).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map((o) => presentOrder(o, today)), nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}
