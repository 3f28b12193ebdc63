import type { Campaign, CompetitorOffer, Segment } from '@vefa/contract';
import type { campaignSegments, campaigns, competitorOffers } from './schema.ts';

export function presentSegment(s: typeof campaignSegments.$inferSelect): Segment {
  return {
    id: s.id, name: s.name, kind: s.kind === 'static' ? 'static' : 'dynamic', definition: s.definition, memberCount: s.memberCount,
    snapshotAt: s.snapshotAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}

export interface RecipientCounts {
  audience: number; treated: number; control: number; issued: number; pending: number; skippedBudget: number; skippedFrequency: number;
  emailsSent: number; emailsQueued: number; emailsFailed: number; emailsSkipped: number;
}
export const NO_COUNTS: RecipientCounts = { audience: 0, treated: 0, control: 0, issued: 0, pending: 0, skippedBudget: 0, skippedFrequency: 0, emailsSent: 0, emailsQueued: 0, emailsFailed: 0, emailsSkipped: 0 };

type CampaignRow = typeof campaigns.$inferSelect;

/** A running campaign whose window has passed reads as completed; nothing needs to flip it. */
export function effectiveStatus(c: CampaignRow, now = Date.now()): Campaign['status'] {
  const status = (['draft', 'scheduled', 'running', 'completed', 'cancelled'] as const).find((s) => s === c.status) ?? 'draft';
  if ((status === 'running' || status === 'scheduled') && c.endsAt.getTime() < now) return 'completed';
  if (status === 'scheduled' && c.startsAt.getTime() <= now) return 'running';
  return status;
}

export function presentCampaign(c: CampaignRow, segmentName: string, counts: RecipientCounts): Campaign {
  return {
    id: c.id, name: c.name, segmentId: c.segmentId, segmentName, offer: c.offer, channel: c.channel === 'export' ? 'export' : 'email', templates: c.templates,
    controlShare: c.controlShare, stratifyBy: c.stratifyBy === 'rfmSegment' || c.stratifyBy === 'tier' ? c.stratifyBy : 'none',
    startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(), postWindowDays: c.postWindowDays, currency: c.currency,
    budgetMinor: c.budgetMinor, spentMinor: c.spentMinor, costPerRecipientMinor: c.costPerRecipientMinor, messageCostMinor: c.messageCostMinor,
    grossMarginPercent: c.grossMarginPercent, frequencyCap: c.frequencyCap ?? null, plannedCustomers: c.plannedCustomers,
    status: effectiveStatus(c), counts, launchedAt: c.launchedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(),
  };
}

export function presentCompetitorOffer(o: typeof competitorOffers.$inferSelect): CompetitorOffer {
  return { id: o.id, competitor: o.competitor, offer: o.offer, channel: o.channel, startsOn: o.startsOn, endsOn: o.endsOn, createdAt: o.createdAt.toISOString() };
}
