import { describe, expect, it } from 'vitest';
import { compileSegment } from './compile.ts';

const NOW = Date.parse('2025-03-10T12:00:00Z');

describe('segment compiler', () => {
  it('compiles nested AND/OR into a plan with resolved periods and zero handling', () => {
    const r = compileSegment({
      type: 'group', combinator: 'and', conditions: [
        { type: 'condition', field: 'consent', op: 'granted', key: 'email' },
        { type: 'group', combinator: 'or', conditions: [
          { type: 'condition', field: 'behaviour.purchases', op: 'lte', value: 1, period: { lastDays: 30 } },
          { type: 'condition', field: 'behaviour.spend', op: 'gte', value: 5000, period: { from: '2025-01-01', to: '2025-01-31' } },
        ] },
        { type: 'condition', field: 'behaviour.daysSinceLastPurchase', op: 'gte', value: 60 },
      ],
    }, NOW);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.conditions).toBe(4);
    expect(r.plan).toEqual({ kind: 'and', children: [
      { kind: 'predicate', predicate: { kind: 'consent', channel: 'email', negate: false } },
      { kind: 'or', children: [
        { kind: 'predicate', predicate: { kind: 'purchases', measure: 'count', fromDay: '2025-02-08', toDay: '2025-03-10', range: { min: null, max: 1 }, zeroMatches: true } },
        { kind: 'predicate', predicate: { kind: 'purchases', measure: 'spend', fromDay: '2025-01-01', toDay: '2025-01-31', range: { min: 5000, max: null }, zeroMatches: false } },
      ] },
      { kind: 'predicate', predicate: { kind: 'lastPurchase', fromDay: null, toDay: '2025-01-09', neverMatches: true } },
    ] });
  });

  it('names the path of every bad condition', () => {
    const r = compileSegment({
      type: 'group', combinator: 'and', conditions: [
        { type: 'condition', field: 'profile.language', op: 'eq', value: 'de' },
        { type: 'group', combinator: 'xor', conditions: [] },
        { type: 'group', combinator: 'or', conditions: [
          { type: 'condition', field: 'behaviour.spend', op: 'gte', value: 10 },
          { type: 'condition', field: 'nonsense', op: 'eq', value: 1 },
          { type: 'condition', field: 'score.pAlive', op: 'between', value: [0.9, 0.2] },
          { type: 'condition', field: 'customField', op: 'eq', value: 'x', key: 'Bad Key' },
        ] },
      ],
    }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'conditions[0].value invalid_value',
      'conditions[1].combinator invalid_combinator',
      'conditions[2].conditions[0].period period_required',
      'conditions[2].conditions[1].field unknown_field',
      'conditions[2].conditions[2].value empty_range',
      'conditions[2].conditions[3].key invalid_key',
    ]);
  });

  it('refuses what is not a segment and limits depth', () => {
    expect(compileSegment('x', NOW).ok).toBe(false);
    let deep: unknown = { type: 'condition', field: 'tag', op: 'has', value: 'vip' };
    for (let i = 0; i < 8; i++) deep = { type: 'group', combinator: 'and', conditions: [deep] };
    const r = compileSegment(deep, NOW);
    expect(r.ok || r.errors[0]?.code).toBe('too_deep');
  });
});
