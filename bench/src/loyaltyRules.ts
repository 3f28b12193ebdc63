// In-memory earning-rule throughput (issue 3: rule_evals_per_s_per_core ≥ 1,000,000).
// One "rule eval" is one compiled rule evaluated against one purchase, through the full
// evaluateEarning pipeline (selection, effects, caps, tier benefit, per-line breakdown).
import {
  compileEarningRules, evaluateEarning, type EarningInput, type EarningRule, type LocalTime, type MemberFacts, type Purchase,
} from '@vefa/domain/loyalty/index';

export const BENCH_RULES: readonly EarningRule[] = [
  { id: 'base', name: '1 point per AZN', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } },
  { id: 'dairy-x2', name: 'Double points on dairy', priority: 10, stacking: 'cumulative', lines: { type: 'category', in: ['dairy', 'cheese'] }, effect: { type: 'multiplier', percent: 200 } },
  { id: 'brand', name: 'Brand bonus', priority: 9, stacking: 'cumulative', lines: { type: 'brand', in: ['b3', 'b7'] }, effect: { type: 'fixedBonus', points: 20, scope: 'line' }, caps: { perTransaction: 100, perDay: 300 } },
  { id: 'weekend', name: 'Weekend +50 %', priority: 8, stacking: 'cumulative', when: { type: 'weekday', in: [6, 7] }, effect: { type: 'multiplier', percent: 150 } },
  { id: 'store', name: 'New store bonus', priority: 7, stacking: 'cumulative', when: { type: 'store', in: ['s1', 's2', 's3'] }, effect: { type: 'fixedBonus', points: 50, scope: 'basket' } },
  { id: 'happy', name: 'Happy hour', priority: 6, stacking: 'cumulative', when: { type: 'all', of: [{ type: 'timeWindow', from: '17:00', to: '19:00' }, { type: 'channel', in: ['store'] }] }, effect: { type: 'pointsPerAmount', points: 1, perMinor: 200, scope: 'basket' } },
  { id: 'first', name: 'Welcome', priority: 20, stacking: 'exclusive', when: { type: 'firstPurchase' }, effect: { type: 'fixedBonus', points: 500, scope: 'basket' } },
  { id: 'birthday', name: 'Birthday month', priority: 5, stacking: 'cumulative', when: { type: 'birthdayMonth' }, effect: { type: 'fixedBonus', points: 100, scope: 'basket' }, caps: { perMember: { points: 100, periodDays: 365 } } },
  { id: 'gold', name: 'Gold extra', priority: 4, stacking: 'cumulative', when: { type: 'tier', in: ['gold'] }, effect: { type: 'pointsPerAmount', points: 1, perMinor: 500, scope: 'line' } },
  { id: 'big-basket', name: 'Big basket in segment', priority: 3, stacking: 'cumulative', when: { type: 'all', of: [{ type: 'purchaseAmount', minMinor: 10_000 }, { type: 'any', of: [{ type: 'segment', in: ['families'] }, { type: 'tag', in: ['vip'] }] }] }, effect: { type: 'fixedBonus', points: 75, scope: 'basket' }, caps: { perDay: 150 } },
];

function samples(count: number): EarningInput[] {
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const categories = ['dairy', 'bread', 'cheese', 'fruit', 'drinks', 'meat'];
  const out: EarningInput[] = [];
  for (let i = 0; i < count; i++) {
    const lines = [0, 1, 2].map((j) => ({
      id: `l${j}`, sku: `sku${next(5000)}`, category: categories[next(categories.length)] ?? 'dairy', brand: `b${next(10)}`,
      quantity: 1 + next(4), unitPriceMinor: 50 + next(5000), discountMinor: next(3) === 0 ? next(50) : 0,
    }));
    const purchase: Purchase = { id: `p${i}`, currency: 'AZN', occurredAt: 1_741_000_000_000 + i * 60_000, storeId: `s${next(20)}`, channel: next(3) === 0 ? 'web' : 'store', lines };
    const member: MemberFacts = { id: `m${next(1000)}`, tierId: ['base', 'silver', 'gold'][next(3)] ?? 'base', segmentIds: next(2) === 0 ? ['families'] : [], tags: next(5) === 0 ? ['vip'] : [], joinedOn: '2024-05-01', birthMonth: 1 + next(12) };
    const local: LocalTime = { weekday: 1 + next(7), minutes: next(1440), month: 1 + next(12), date: '2025-03-12' };
    out.push({ purchase, member, local, firstPurchase: next(50) === 0, programmeCurrency: 'AZN', tierMultiplierPercent: member.tierId === 'gold' ? 150 : 100 });
  }
  return out;
}

/** Rule evaluations per second on one core: 10 active rules, 3-line purchases. */
export function measureRuleEvalsPerSecond(durationMs = 1000): number {
  const rules = compileEarningRules(BENCH_RULES);
  const inputs = samples(4096);
  let checksum = 0;
  const runFor = (ms: number): number => {
    const end = performance.now() + ms;
    let evaluated = 0;
    while (performance.now() < end) {
      for (let i = 0; i < 256; i++) {
        const input = inputs[(evaluated + i) & 4095];
        if (input) checksum += evaluateEarning(rules, input).totalPoints;
      }
      evaluated += 256;
    }
    return evaluated;
  };
  runFor(Math.min(300, durationMs)); // warm-up: let the JIT settle
  const started = performance.now();
  const purchases = runFor(durationMs);
  const seconds = (performance.now() - started) / 1000;
  if (checksum <= 0) throw new Error('benchmark computed no points');
  return Math.round((purchases * rules.length) / seconds);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(`rule_evals_per_s_per_core ${measureRuleEvalsPerSecond(2000).toLocaleString('en-US')}`);
}
