/**
 * Account health, 0–100, from the five signals a key account manager watches.
 * Each factor carries its points so the account page can say why a score is low.
 */
export interface HealthSignals {
  /** Days since the last logged call, meeting, e-mail…; null when nothing was ever logged. */
  daysSinceLastActivity: number | null;
  openCases: number;
  overdueOrders: number;
  /** Days until the nearest contract renewal; negative when it lapsed; null without a contract. */
  daysToRenewal: number | null;
  /** 0–100 (last survey or the manager's estimate); null when unknown. */
  satisfaction: number | null;
}
export type HealthFactor = 'activity' | 'cases' | 'orders' | 'renewal' | 'satisfaction';
export interface HealthScore { score: number; band: 'healthy' | 'watch' | 'at_risk'; factors: { factor: HealthFactor; points: number; max: number }[] }

function activityPoints(days: number | null): number {
  if (days === null) return 0;
  if (days <= 14) return 25;
  if (days <= 30) return 20;
  if (days <= 60) return 10;
  if (days <= 90) return 5;
  return 0;
}

function renewalPoints(days: number | null): number {
  if (days === null) return 8;
  if (days < 0) return 0;
  if (days <= 30) return 5;
  if (days <= 90) return 10;
  return 15;
}

export function healthScore(s: HealthSignals): HealthScore {
  const factors: HealthScore['factors'] = [
    { factor: 'activity', points: activityPoints(s.daysSinceLastActivity), max: 25 },
    { factor: 'cases', points: [20, 14, 8][Math.max(0, s.openCases)] ?? 0, max: 20 },
    { factor: 'orders', points: [20, 10][Math.max(0, s.overdueOrders)] ?? 0, max: 20 },
    { factor: 'renewal', points: renewalPoints(s.daysToRenewal), max: 15 },
    { factor: 'satisfaction', points: s.satisfaction === null ? 10 : Math.round((Math.min(100, Math.max(0, s.satisfaction)) * 20) / 100), max: 20 },
  ];
  const score = factors.reduce((sum, f) => sum + f.points, 0);
  return { score, band: score >= 70 ? 'healthy' : score >= 40 ? 'watch' : 'at_risk', factors };
}

/** Share of closed deals won, as a fraction with four decimals; null when nothing closed. */
export function winRate(won: number, lost: number): number | null {
  const closed = won + lost;
  return closed === 0 ? null : Math.round((won / closed) * 10_000) / 10_000;
}

export interface ClosedDealAgainst { status: 'won' | 'lost'; competitorId: string | null; lostToCompetitorId: string | null }

/** Win rate against each competitor: deals where they were in the race (named on the deal, or the deal was lost to them). */
export function winRatesByCompetitor(deals: readonly ClosedDealAgainst[]) {
  const tally = new Map<string, { won: number; lost: number; lostTo: number }>();
  for (const d of deals) {
    const ids = new Set([d.competitorId, d.lostToCompetitorId].filter((x): x is string => x !== null));
    for (const id of ids) {
      const t = tally.get(id) ?? { won: 0, lost: 0, lostTo: 0 };
      if (d.status === 'won') t.won++;
      else t.lost++;
      if (d.lostToCompetitorId === id) t.lostTo++;
      tally.set(id, t);
    }
  }
  return new Map([...tally].map(([id, t]) => [id, { ...t, winRate: winRate(t.won, t.lost) }]));
}
