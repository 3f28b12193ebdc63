import { describe, expect, it } from 'vitest';
import { evaluateTier, initialTierState, purchaseActivity, qualifyingTotals, returnActivity, tierProgress, type QualifyingActivity, type TierProgramme } from './tiers.ts';

const programme: TierProgramme = {
  tiers: [
    { id: 'gold', name: 'Gold', rank: 2, requires: { points: 5000, purchases: 50 }, earningMultiplierPercent: 150 },
    { id: 'base', name: 'Base', rank: 0, requires: {} },
    { id: 'silver', name: 'Silver', rank: 1, requires: { points: 1000 }, earningMultiplierPercent: 120 },
  ],
  window: { kind: 'calendarYear' },
  review: { month: 1, day: 1 },
  graceDays: 30,
  lockAfterDays: 14,
};
const buy = (on: string, points: number): QualifyingActivity => purchaseActivity(on, points, points * 100);

describe('tiers', () => {
  const start = initialTierState(programme, '2024-01-05');

  it('upgrades immediately when qualified', () => {
    const r = evaluateTier({ programme, state: start, activity: [buy('2024-03-01', 1200)], today: '2024-03-01' });
    expect(r.tier.id).toBe('silver');
    expect(r.change).toBe('upgrade');
  });

  it('any one threshold qualifies (purchase count)', () => {
    const many = Array.from({ length: 50 }, () => buy('2024-03-01', 1));
    expect(evaluateTier({ programme, state: start, activity: many, today: '2024-03-02' }).tier.id).toBe('gold');
  });

  it('a return within the lock period undoes the upgrade and its progress', () => {
    const activity = [buy('2024-03-01', 1200)];
    const withReturn = [...activity, returnActivity('2024-03-01', { pointsDue: 1200, spendReturnedMinor: 120_000, purchaseFullyReturned: true })];
    const r = evaluateTier({ programme, state: start, activity: withReturn, today: '2024-03-05' });
    expect(r.tier.id).toBe('base');
    expect(qualifyingTotals(withReturn, programme.window, '2024-03-05')).toEqual({ points: 0, spendMinor: 0, purchases: 0 });
  });

  it('once locked, falling short mid-year does not downgrade; only the review does, after grace', () => {
    const activity = [buy('2024-03-01', 1200)];
    const locked = evaluateTier({ programme, state: start, activity, today: '2024-03-20' });
    expect(locked.state.heldTierId).toBe('silver');
    // A late return (after the lock) takes the points away, but the member keeps Silver until review.
    const late = [...activity, returnActivity('2024-03-01', { pointsDue: 600, spendReturnedMinor: 0, purchaseFullyReturned: false })];
    const midYear = evaluateTier({ programme, state: locked.state, activity: late, today: '2024-06-01' });
    expect(midYear.tier.id).toBe('silver');
    // Review on 1 Jan 2025 assesses 2024: 600 points < 1000 → grace until 31 Jan.
    const review = evaluateTier({ programme, state: midYear.state, activity: late, today: '2025-01-01' });
    expect(review.change).toBe('grace_started');
    expect(review.tier.id).toBe('silver');
    expect(review.state.graceUntil).toBe('2025-01-31');
    const inGrace = evaluateTier({ programme, state: review.state, activity: late, today: '2025-01-31' });
    expect(inGrace.tier.id).toBe('silver');
    const after = evaluateTier({ programme, state: inGrace.state, activity: late, today: '2025-02-01' });
    expect(after.tier.id).toBe('base');
    expect(after.change).toBe('downgrade');
  });

  it('requalifying during grace keeps the tier', () => {
    const activity = [buy('2024-03-01', 1200)];
    const locked = evaluateTier({ programme, state: start, activity, today: '2024-03-20' });
    const review = evaluateTier({ programme, state: locked.state, activity: [], today: '2025-01-02' });
    expect(review.change).toBe('grace_started');
    const more = [buy('2025-01-10', 1000)];
    const requalified = evaluateTier({ programme, state: review.state, activity: more, today: '2025-01-10' });
    expect(requalified.change).toBe('grace_ended_requalified');
    expect(requalified.state.graceUntil).toBeNull();
    expect(evaluateTier({ programme, state: requalified.state, activity: more, today: '2025-03-01' }).tier.id).toBe('silver');
  });

  it('without grace, the review downgrades at once', () => {
    const p = { ...programme, graceDays: 0 };
    const locked = evaluateTier({ programme: p, state: start, activity: [buy('2024-03-01', 1200)], today: '2024-03-20' });
    expect(evaluateTier({ programme: p, state: locked.state, activity: [], today: '2025-01-01' }).tier.id).toBe('base');
    expect(evaluateTier({ programme: p, state: locked.state, activity: [buy('2024-03-01', 1200)], today: '2025-01-01' }).tier.id).toBe('silver');
  });

  it('rolling windows count the last N days', () => {
    const rolling: TierProgramme = { ...programme, window: { kind: 'rolling', days: 30 } };
    const activity = [buy('2024-03-01', 600), buy('2024-03-25', 600)];
    expect(qualifyingTotals(activity, rolling.window, '2024-03-30').points).toBe(1200);
    expect(qualifyingTotals(activity, rolling.window, '2024-03-31').points).toBe(600);
  });

  it('shows what is missing for the next tier', () => {
    const p = tierProgress({ programme, state: start, activity: [buy('2024-03-01', 1200), buy('2024-03-02', 300)], today: '2024-04-01' });
    expect(p.tier.id).toBe('silver');
    expect(p.nextTier?.id).toBe('gold');
    expect(p.toNext).toEqual([
      { metric: 'points', current: 1500, required: 5000, missing: 3500 },
      { metric: 'purchases', current: 2, required: 50, missing: 48 },
    ]);
    expect(p.nextReviewOn).toBe('2025-01-01');
  });
});
