import { and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { budgetForecast } from '@vefa/domain/campaigns/index';
import type { CompetitorOfferCreate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../platform/http/problem.ts';
import { campaigns, competitorOffers } from './schema.ts';
import { effectiveStatus, presentCompetitorOffer } from './presenter.ts';
import { recipientCounts } from './campaigns.ts';

export async function recordCompetitorOffer(db: Db, actor: Actor, input: z.infer<typeof CompetitorOfferCreate>) {
  if (input.endsOn !== null && input.endsOn < input.startsOn) throw invalid('body.endsOn', 'range', 'must not be before startsOn');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(competitorOffers).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), ...input }).returning();
    if (!row) throw new Error('competitor offer insert returned nothing');
    await recordAudit(tx, actor, { action: 'campaigns.competitor_offer.recorded', entityType: 'competitor_offer', entityId: row.id, after: input });
    return presentCompetitorOffer(row);
  });
}

export async function deleteCompetitorOffer(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(competitorOffers).where(and(eq(competitorOffers.workspaceId, actor.workspaceId), eq(competitorOffers.id, id))).returning();
    if (!row) throw notFound('Competitor offer');
    await recordAudit(tx, actor, { action: 'campaigns.competitor_offer.deleted', entityType: 'competitor_offer', entityId: id, before: presentCompetitorOffer(row) });
    return presentCompetitorOffer(row);
  });
}

export async function listCompetitorOffers(db: Queryable, ws: string) {
  const rows = await db.select().from(competitorOffers).where(eq(competitorOffers.workspaceId, ws)).orderBy(desc(competitorOffers.startsOn)).limit(500);
  return rows.map(presentCompetitorOffer);
}

/** Own campaigns and competitors' offers that overlap [from, to], for one timeline. */
export async function campaignTimeline(db: Queryable, ws: string, from: string, to: string) {
  const own = await db.select().from(campaigns).where(and(eq(campaigns.workspaceId, ws), lte(campaigns.startsAt, new Date(`${to}T23:59:59Z`)), gte(campaigns.endsAt, new Date(`${from}T00:00:00Z`))))
    .orderBy(asc(campaigns.startsAt)).limit(500);
  const theirs = await db.select().from(competitorOffers).where(and(eq(competitorOffers.workspaceId, ws), lte(competitorOffers.startsOn, to),
    or(isNull(competitorOffers.endsOn), gte(competitorOffers.endsOn, from)))).orderBy(asc(competitorOffers.startsOn)).limit(500);
  return {
    campaigns: own.map((c) => ({ id: c.id, name: c.name, status: effectiveStatus(c), startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString() })),
    competitorOffers: theirs.map(presentCompetitorOffer),
  };
}

/** Budget, spend to date and forecast per campaign, and totals per currency. */
export async function campaignBudget(db: Queryable, ws: string) {
  const rows = await db.select().from(campaigns).where(and(eq(campaigns.workspaceId, ws), sql`${campaigns.status} <> 'draft'`)).orderBy(desc(campaigns.startsAt)).limit(500);
  const counts = await recipientCounts(db, ws, rows.map((r) => r.id));
  const items = rows.map((c) => ({
    id: c.id, name: c.name, currency: c.currency, budgetMinor: c.budgetMinor, spentMinor: c.spentMinor,
    forecastMinor: c.status === 'cancelled' ? c.spentMinor
      : budgetForecast({ spentMinor: c.spentMinor, pendingRecipients: counts.get(c.id)?.pending ?? 0, costPerRecipientMinor: c.costPerRecipientMinor, budgetMinor: c.budgetMinor }),
  }));
  const totals = new Map<string, { currency: string; budgetMinor: number; spentMinor: number; forecastMinor: number }>();
  for (const i of items) {
    const t = totals.get(i.currency) ?? { currency: i.currency, budgetMinor: 0, spentMinor: 0, forecastMinor: 0 };
    t.budgetMinor += i.budgetMinor ?? 0;
    t.spentMinor += i.spentMinor;
    t.forecastMinor += i.forecastMinor;
    totals.set(i.currency, t);
  }
  return { items, totals: [...totals.values()] };
}
