import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ContractCreate, ContractUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { findAccountRow, visibleAccount } from './access.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { nextNumber } from './numbering.ts';
import { presentContract } from './presenter.ts';
import { findQuoteRow } from './quotes.ts';
import { contractDocuments, contracts, priceLists, quotes } from './schema.ts';

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

async function documentsOf(db: Queryable, workspaceId: string, contractId: string) {
  return db.select({ id: contractDocuments.id, fileName: contractDocuments.fileName, contentType: contractDocuments.contentType, size: contractDocuments.size, createdAt: contractDocuments.createdAt })
    .from(contractDocuments).where(and(eq(contractDocuments.workspaceId, workspaceId), eq(contractDocuments.contractId, contractId))).orderBy(asc(contractDocuments.createdAt));
}

export async function findContractRow(db: Queryable, actor: Actor, id: string, lock = false) {
  const query = db.select().from(contracts).where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, id), visibleAccount(actor, contracts.accountId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Contract');
  return row;
}

export async function getContract(db: Queryable, actor: Actor, id: string) {
  const row = await findContractRow(db, actor, id);
  return presentContract(row, await documentsOf(db, actor.workspaceId, id));
}

/**
 * A contract, typed in or converted from a quote: the quote's total becomes
 * the value, its deal is linked, and the quote counts as accepted.
 */
export async function createContract(db: Db, actor: Actor, input: z.infer<typeof ContractCreate>) {
  if (input.endsOn && input.endsOn < input.startsOn) throw invalid('body.endsOn', 'before_start', 'The contract cannot end before it starts');
  const row = await db.transaction(async (tx) => {
    const quote = input.quoteId ? await findQuoteRow(tx, actor, input.quoteId, true).catch(() => { throw invalid('body.quoteId', 'unknown_quote', 'No quote with this id that you may work'); }) : null;
    if (quote && quote.status === 'rejected') throw conflict('quote_rejected', 'A rejected quote cannot become a contract', 'body.quoteId');
    const accountId = quote?.accountId ?? input.accountId;
    if (!accountId) throw invalid('body.accountId', 'required', 'Give the account or the quote the contract comes from');
    if (quote && input.accountId && input.accountId !== quote.accountId) throw invalid('body.accountId', 'other_account', 'The quote belongs to another account');
    await findAccountRow(tx, actor, accountId).catch(() => { throw invalid('body.accountId', 'unknown_account', 'No key account with this id that you may work'); });
    const value = input.value ?? (quote ? { amountMinor: quote.totalMinor, currency: quote.currency } : null);
    if (!value) throw invalid('body.value', 'required', 'Give the contract value');
    if (input.priceListId) {
      const [pl] = await tx.select().from(priceLists).where(and(eq(priceLists.workspaceId, actor.workspaceId), eq(priceLists.id, input.priceListId)));
      if (!pl || (pl.accountId !== null && pl.accountId !== accountId)) throw invalid('body.priceListId', 'unknown_price_list', 'No such price list for this account');
    }
    const number = await nextNumber(tx, actor.workspaceId, 'contract');
    const [created] = await tx.insert(contracts).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), number, accountId, dealId: quote?.dealId ?? null, quoteId: quote?.id ?? null,
      title: input.title, terms: input.terms, valueMinor: value.amountMinor, currency: value.currency, startsOn: input.startsOn,
      endsOn: input.endsOn ?? null, renewalOn: input.renewalOn ?? input.endsOn ?? null, reminderDays: input.reminderDays, status: input.status,
      priceListId: input.priceListId ?? null, bonusTerms: input.bonusTerms ?? null,
    }).returning();
    if (!created) throw new Error('contract insert returned nothing');
    if (quote && quote.status !== 'accepted') {
      await tx.update(quotes).set({ status: 'accepted' }).where(and(eq(quotes.workspaceId, actor.workspaceId), eq(quotes.id, quote.id)));
    }
    await recordAudit(tx, actor, { action: 'contract.created', entityType: 'contract', entityId: created.id, after: created });
    await onAccountTimeline(tx, actor, accountId, { kind: 'contract_created', summary: `${number}: ${created.title}`, sourceId: created.id, data: { contractId: created.id, quoteId: quote?.id ?? null } });
    return created;
  });
  return presentContract(row, []);
}

export async function updateContract(db: Db, actor: Actor, id: string, input: z.infer<typeof ContractUpdate>) {
  const row = await db.transaction(async (tx) => {
    const before = await findContractRow(tx, actor, id, true);
    const renewalChanged = input.renewalOn !== undefined && input.renewalOn !== before.renewalOn;
    const [after] = await tx.update(contracts).set({
      ...(input.title !== undefined ? { title: input.title } : {}), ...(input.terms !== undefined ? { terms: input.terms } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}), ...(input.endsOn !== undefined ? { endsOn: input.endsOn } : {}),
      ...(input.renewalOn !== undefined ? { renewalOn: input.renewalOn } : {}), ...(input.reminderDays !== undefined ? { reminderDays: input.reminderDays } : {}),
      // A new renewal date earns a new reminder.
      ...(renewalChanged ? { renewalRemindedAt: null } : {}),
      updatedAt: new Date(),
    }).where(and(eq(contracts.workspaceId, actor.workspaceId), eq(contracts.id, id))).returning();
    if (!after) throw notFound('Contract');
    await recordAudit(tx, actor, { action: 'contract.updated', entityType: 'contract', entityId: id, before, after });
    if (input.status && input.status !== before.status) {
      await onAccountTimeline(tx, actor, before.accountId, { kind: `contract_${input.status}`, summary: `${before.number}: ${before.title}`, sourceId: id, data: { contractId: id } });
    }
    return after;
  });
  return presentContract(row, await documentsOf(db, actor.workspaceId, id));
}

export async function listContracts(db: Queryable, actor: Actor, accountId: string | undefined) {
  const rows = await db.select().from(contracts).where(and(
    eq(contracts.workspaceId, actor.workspaceId), accountId ? eq(contracts.accountId, accountId) : undefined, visibleAccount(actor, contracts.accountId),
  )).orderBy(desc(contracts.createdAt)).limit(500);
  return rows.map((r) => presentContract(r, []));
}

export async function attachDocument(db: Db, actor: Actor, contractId: string, fileName: string, contentType: string, content: Uint8Array) {
  if (content.length === 0) throw invalid('body', 'empty', 'The document is empty');
  if (content.length > MAX_DOCUMENT_BYTES) throw invalid('body', 'too_large', 'Documents up to 10 MB');
  await db.transaction(async (tx) => {
    const contract = await findContractRow(tx, actor, contractId);
    const id = crypto.randomUUID();
    await tx.insert(contractDocuments).values({ workspaceId: actor.workspaceId, id, contractId, fileName, contentType, content, size: content.length });
    await recordAudit(tx, actor, { action: 'contract.document_attached', entityType: 'contract', entityId: contractId, after: { documentId: id, fileName, size: content.length } });
    await onAccountTimeline(tx, actor, contract.accountId, { kind: 'contract_document', summary: `${contract.number}: ${fileName}`, sourceId: id, data: { contractId, documentId: id } });
  });
  return getContract(db, actor, contractId);
}

export async function readDocument(db: Queryable, actor: Actor, contractId: string, documentId: string) {
  await findContractRow(db, actor, contractId);
  const [doc] = await db.select().from(contractDocuments).where(and(eq(contractDocuments.workspaceId, actor.workspaceId), eq(contractDocuments.contractId, contractId), eq(contractDocuments.id, documentId)));
  if (!doc) throw notFound('Document');
  return doc;
}
