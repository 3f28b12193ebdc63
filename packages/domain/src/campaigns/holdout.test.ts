import { describe, expect, it } from 'vitest';
import { assignGroup, assignmentValue, assignStratified } from './holdout.ts';

const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('hold-out assignment', () => {
  it('is deterministic per campaign and customer and differs between campaigns', () => {
    expect(assignmentValue('c1', ids[5] ?? '')).toBe(assignmentValue('c1', ids[5] ?? ''));
    const a = ids.map((id) => assignGroup('campaign-a', id, 0.2));
    const b = ids.map((id) => assignGroup('campaign-b', id, 0.2));
    expect(a).toEqual(ids.map((id) => assignGroup('campaign-a', id, 0.2)));
    const same = a.filter((g, i) => g === b[i]).length / ids.length;
    // Independent splits agree on 0.8² + 0.2² = 68% of customers.
    expect(same).toBeGreaterThan(0.66);
    expect(same).toBeLessThan(0.70);
  });
  it('holds out the asked share, uniformly over sequential ids', () => {
    const control = ids.filter((id) => assignGroup('x', id, 0.1) === 'control').length / ids.length;
    expect(control).toBeGreaterThan(0.09);
    expect(control).toBeLessThan(0.11);
    const values = ids.map((id) => assignmentValue('x', id));
    for (let k = 0; k < 10; k++) {
      const inBin = values.filter((u) => u >= k / 10 && u < (k + 1) / 10).length / values.length;
      expect(Math.abs(inBin - 0.1)).toBeLessThan(0.01);
    }
  });
  it('splits every stratum in the same proportion when stratified', () => {
    const customers = ids.slice(0, 1003).map((customerId, i) => ({ customerId, stratum: i % 3 === 0 ? 'champions' : i % 3 === 1 ? 'at_risk' : 'new' }));
    const groups = assignStratified('s', customers, 0.25);
    for (const stratum of ['champions', 'at_risk', 'new']) {
      const members = customers.filter((c) => c.stratum === stratum);
      const held = members.filter((c) => groups.get(c.customerId) === 'control').length;
      expect(held).toBe(Math.round(0.25 * members.length));
    }
    expect(assignStratified('s', [...customers].reverse(), 0.25)).toEqual(groups);
  });
});
