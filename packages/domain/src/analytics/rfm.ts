// RFM scoring: recency, frequency and monetary value each scored 1..bins by
// quantile (higher is better), customers named by the usual R × FM segment map.

export interface RfmInput {
  /** Days since the last purchase (lower is better). */
  recencyDays: Float64Array;
  /** Number of purchases. */
  frequency: Float64Array;
  /** Revenue per customer (minor units). */
  monetary: Float64Array;
}

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

const S = (name: RfmSegment) => RFM_SEGMENTS.indexOf(name);

/**
 * The common R/FM map (the widely used RF regex table with FM in place of F,
 * and R=1, FM=1 split off as "lost"). Row R = 5..1, column FM = 1..5.
 */
const SEGMENT_MAP: readonly (readonly number[])[] = [
  [S('new_customers'), S('potential_loyalist'), S('potential_loyalist'), S('champions'), S('champions')],
  [S('promising'), S('potential_loyalist'), S('potential_loyalist'), S('loyal'), S('loyal')],
  [S('about_to_sleep'), S('about_to_sleep'), S('need_attention'), S('loyal'), S('loyal')],
  [S('hibernating'), S('hibernating'), S('at_risk'), S('at_risk'), S('cannot_lose')],
  [S('lost'), S('hibernating'), S('at_risk'), S('at_risk'), S('cannot_lose')],
];

/** Segment of R and FM scores on the 1..5 scale. */
export function rfmSegment(r: number, fm: number): RfmSegment {
  const row = SEGMENT_MAP[5 - Math.min(5, Math.max(1, r))];
  return RFM_SEGMENTS[row?.[Math.min(5, Math.max(1, fm)) - 1] ?? 0] ?? 'lost';
}

/**
 * Scores 1..bins with ties sharing a score: score = 1 + ⌊bins · (# values strictly worse) / n⌋.
 * Computed with bins−1 thresholds from one sort, so cost is a sort plus n·bins comparisons.
 */
export function quantileScores(values: Float64Array, bins: number, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  const oriented = higherIsBetter ? Float64Array.from(values) : values.map((v) => -v);
  for (let i = 0; i < n; i++) if (!Number.isFinite(oriented[i] ?? 0)) oriented[i] = -Infinity;
  const sorted = Float64Array.from(oriented).sort();
  // score > k  ⇔  more than ⌈k·n/bins⌉ − 1 values lie strictly below  ⇔  v > sorted[⌈k·n/bins⌉ − 1]
  const thresholds = new Float64Array(bins - 1);
  for (let k = 1; k < bins; k++) thresholds[k - 1] = sorted[Math.ceil((k * n) / bins) - 1] ?? Infinity;
  for (let i = 0; i < n; i++) {
    const v = oriented[i] ?? 0;
    let score = 1;
    for (let k = 0; k < bins - 1; k++) if (v > (thresholds[k] ?? Infinity)) score++;
    scores[i] = score;
  }
  return scores;
}

export interface RfmResult {
  bins: number;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Index into RFM_SEGMENTS per customer. */
  segment: Uint8Array;
  /** R × F grid, row-major: cell (r−1)·bins + (f−1). */
  gridCount: Float64Array;
  gridRevenue: Float64Array;
  segments: { segment: RfmSegment; customers: number; revenue: number }[];
}

export function rfmScores(input: RfmInput, bins = 5): RfmResult {
  if (!(Number.isInteger(bins) && bins >= 2 && bins <= 20)) throw new RangeError(`bins must be an integer in 2..20, got ${bins}`);
  const n = input.recencyDays.length;
  const r = quantileScores(input.recencyDays, bins, false);
  const f = quantileScores(input.frequency, bins, true);
  const m = quantileScores(input.monetary, bins, true);
  const segment = new Uint8Array(n);
  const gridCount = new Float64Array(bins * bins);
  const gridRevenue = new Float64Array(bins * bins);
  const segmentCount = new Float64Array(RFM_SEGMENTS.length);
  const segmentRevenue = new Float64Array(RFM_SEGMENTS.length);
  // Scores on another scale map onto 1..5 for the segment table.
  const toFive = (s: number) => Math.ceil((s * 5) / bins);
  for (let i = 0; i < n; i++) {
    const ri = r[i] ?? 1;
    const fi = f[i] ?? 1;
    // FM = (F + M)/2 rounded half up.
    const fm = Math.round((fi + (m[i] ?? 1)) / 2);
    const row = SEGMENT_MAP[5 - toFive(ri)];
    const s = row?.[toFive(fm) - 1] ?? 0;
    segment[i] = s;
    const revenue = input.monetary[i] ?? 0;
    const safeRevenue = Number.isFinite(revenue) ? revenue : 0;
    const cell = (ri - 1) * bins + (fi - 1);
    gridCount[cell] = (gridCount[cell] ?? 0) + 1;
    gridRevenue[cell] = (gridRevenue[cell] ?? 0) + safeRevenue;
    segmentCount[s] = (segmentCount[s] ?? 0) + 1;
    segmentRevenue[s] = (segmentRevenue[s] ?? 0) + safeRevenue;
  }
  const segments = RFM_SEGMENTS.map((name, s) => ({ segment: name, customers: segmentCount[s] ?? 0, revenue: segmentRevenue[s] ?? 0 }));
  return { bins, r, f, m, segment, gridCount, gridRevenue, segments };
}
