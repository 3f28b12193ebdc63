import { healthScore, isOrderOverdue, type OrderStatus } from '@vefa/domain/accounts/index';
import type { AccountContact, Activity, Contract, Deal, Order, PriceList, Product, Quote } from '@vefa/contract';
import type { activities, contracts, deals, orders, priceLists, products, quotes } from './schema.ts';

/** Rows never leave the module: these map them to the contract's shapes. */

const pick = <T extends string>(values: readonly T[], value: string, fallback: T): T => values.find((v) => v === value) ?? fallback;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface AccountFacts {
  customerId: string; name: string; ownerId: string; ownerName: string | null; sharedWith: string[]; tier: string; industry: string | null;
  segmentId: string | null; annualPotentialMinor: number; currency: string; satisfaction: number | null; lastActivityAt: Date | null;
  openCases: number; overdueOrders: number; daysToRenewal: number | null; openDeals: number; pipelineMinor: number; createdAt: Date;
}

const TIERS = ['strategic', 'key', 'growth', 'standard'] as const;
export function presentAccount(a: AccountFacts, now: number) {
  const days = a.lastActivityAt ? Math.floor((now - a.lastActivityAt.getTime()) / 86_400_000) : null;
  return {
    id: a.customerId, name: a.name, ownerId: a.ownerId, ownerName: a.ownerName, sharedWith: a.sharedWith, tier: pick(TIERS, a.tier, 'key'),
    industry: a.industry, segmentId: a.segmentId, annualPotential: { amountMinor: a.annualPotentialMinor, currency: a.currency },
    satisfaction: a.satisfaction,
    health: healthScore({ daysSinceLastActivity: days, openCases: a.openCases, overdueOrders: a.overdueOrders, daysToRenewal: a.daysToRenewal, satisfaction: a.satisfaction }),
    openDeals: a.openDeals, pipelineMinor: a.pipelineMinor, lastActivityAt: iso(a.lastActivityAt), createdAt: a.createdAt.toISOString(),
  };
}

const ROLES = ['decision_maker', 'economic_buyer', 'influencer', 'user', 'gatekeeper', 'champion', 'other'] as const;
const ATTITUDES = ['supporter', 'neutral', 'opponent'] as const;
export function presentRelationship(r: { contactId: string; name: string; email: string | null; phone: string | null; role: string; title: string | null; influence: number; attitude: string; reportsToId: string | null }): AccountContact {
  return { ...r, role: pick(ROLES, r.role, 'other'), attitude: pick(ATTITUDES, r.attitude, 'neutral') };
}

const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export function presentDeal(d: typeof deals.$inferSelect, names: { accountName: string; stageName: string }): Deal {
  return {
    id: d.id, title: d.title, accountId: d.accountId, accountName: names.accountName, contactId: d.contactId, pipelineId: d.pipelineId,
    stageId: d.stageId, stageName: names.stageName, status: pick(DEAL_STATUSES, d.status, 'open'),
    value: { amountMinor: d.valueMinor, currency: d.currency }, probability: d.probability, expectedCloseOn: d.expectedCloseOn,
    ownerId: d.ownerId, products: d.products, nextStep: d.nextStep, nextStepDueOn: d.nextStepDueOn, competitorId: d.competitorId,
    lostReason: d.lostReason, lostToCompetitorId: d.lostToCompetitorId, stageEnteredAt: d.stageEnteredAt.toISOString(),
    closedAt: iso(d.closedAt), createdAt: d.createdAt.toISOString(),
  };
}

const KINDS = ['call', 'meeting', 'appointment', 'email', 'fax', 'letter', 'chat', 'task'] as const;
const INVITATION = ['none', 'queued', 'sent', 'failed', 'no_transport'] as const;
export function presentActivity(a: typeof activities.$inferSelect): Activity {
  const scheduled = a.kind === 'meeting' || a.kind === 'appointment';
  return {
    id: a.id, kind: pick(KINDS, a.kind, 'call'), accountId: a.accountId, contactId: a.contactId, dealId: a.dealId, subject: a.subject, body: a.body,
    direction: a.direction === 'inbound' || a.direction === 'outbound' ? a.direction : null,
    occurredAt: a.kind === 'task' || scheduled ? null : a.at.toISOString(), startsAt: iso(a.startsAt), endsAt: iso(a.endsAt), timeZone: a.timeZone,
    location: a.location, dueAt: iso(a.dueAt), doneAt: iso(a.doneAt), reminderMinutes: a.reminderMinutes,
    invitation: pick(INVITATION, a.invitation, 'none'), ownerId: a.ownerId, createdAt: a.createdAt.toISOString(),
  };
}

export function presentProduct(p: typeof products.$inferSelect): Product {
  return { id: p.id, sku: p.sku, name: p.name, unit: p.unit, basePrice: { amountMinor: p.basePriceMinor, currency: p.currency }, active: p.active };
}

export function presentPriceList(l: typeof priceLists.$inferSelect): PriceList {
  return {
    id: l.id, name: l.name, accountId: l.accountId, currency: l.currency, validFrom: l.validFrom, validTo: l.validTo,
    entries: l.entries.map((e) => ({ ...e, volumeBreaks: e.volumeBreaks })), discounts: l.discounts, bonusTerms: l.bonusTerms ?? null,
    createdAt: l.createdAt.toISOString(),
  };
}

const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected'] as const;
const LANGS = ['az', 'tr', 'en'] as const;
export function presentQuote(q: typeof quotes.$inferSelect): Quote {
  return {
    id: q.id, number: q.number, dealId: q.dealId, accountId: q.accountId, currency: q.currency, pricedOn: q.pricedOn, lines: q.lines,
    subtotalMinor: q.subtotalMinor, discountMinor: q.discountMinor, totalMinor: q.totalMinor, status: pick(QUOTE_STATUSES, q.status, 'draft'),
    validUntil: q.validUntil, language: pick(LANGS, q.language, 'az'), createdAt: q.createdAt.toISOString(), sentAt: iso(q.sentAt),
  };
}

const CONTRACT_STATUSES = ['draft', 'active', 'expired', 'terminated'] as const;
export function presentContract(c: typeof contracts.$inferSelect, documents: { id: string; fileName: string; contentType: string; size: number; createdAt: Date }[]): Contract {
  return {
    id: c.id, number: c.number, accountId: c.accountId, dealId: c.dealId, quoteId: c.quoteId, title: c.title, terms: c.terms,
    value: { amountMinor: c.valueMinor, currency: c.currency }, startsOn: c.startsOn, endsOn: c.endsOn, renewalOn: c.renewalOn,
    reminderDays: c.reminderDays, status: pick(CONTRACT_STATUSES, c.status, 'draft'), priceListId: c.priceListId, bonusTerms: c.bonusTerms ?? null,
    renewalRemindedAt: iso(c.renewalRemindedAt),
    documents: documents.map((d) => ({ id: d.id, fileName: d.fileName, contentType: d.contentType, size: d.size, createdAt: d.createdAt.toISOString() })),
    createdAt: c.createdAt.toISOString(),
  };
}

export const ORDER_STATUS_VALUES = ['received', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'invoiced', 'cancelled'] as const;
export function presentOrder(o: typeof orders.$inferSelect, today: string): Order {
  const status: OrderStatus = pick(ORDER_STATUS_VALUES, o.status, 'received');
  return {
    id: o.id, number: o.number, contractId: o.contractId, accountId: o.accountId, status, currency: o.currency, lines: o.lines,
    totalMinor: o.totalMinor, dueOn: o.dueOn, overdue: isOrderOverdue({ status, dueOn: o.dueOn }, today),
    history: o.history.map((h) => ({ status: pick(ORDER_STATUS_VALUES, h.status, 'received'), at: h.at })),
    overdueAlertedAt: iso(o.overdueAlertedAt), createdAt: o.createdAt.toISOString(),
  };
}
