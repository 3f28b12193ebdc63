// Identical (x, t_x, T) rows have identical likelihood terms, so the fits run
// over distinct triples with weights: cost grows with distinct triples, not customers.

/** Per-row repeat purchases x, recency t_x and age T, optionally weighted (weight 1 when absent). */
export interface TripleRows {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight?: Float64Array;
}

export interface GroupedTriples {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** For each input row, the index of its group (to spread per-group scores back to customers). */
  groupOf: Uint32Array;
}

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

function mixDouble(h: number, v: number): number {
  scratch[0] = v + 0; // folds −0 into 0
  h = Math.imul(h ^ (scratchBits[0] ?? 0), 0x9e3779b1);
  h = Math.imul(h ^ (scratchBits[1] ?? 0), 0x85ebca77);
  return h ^ (h >>> 15);
}

/** Collapses identical (x, t_x, T) rows into weighted rows with an open-addressing hash table. */
export function groupTriples(rows: TripleRows): GroupedTriples {
  const n = rows.x.length;
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  const groupOf = new Uint32Array(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const xi = rows.x[i] ?? 0;
    const txi = rows.tx[i] ?? 0;
    const Ti = rows.T[i] ?? 0;
    let slot = mixDouble(mixDouble(mixDouble(0x811c9dc5, xi), txi), Ti) & mask;
    for (;;) {
      const g = slots[slot] ?? -1;
      if (g < 0) {
        slots[slot] = groups;
        x[groups] = xi;
        tx[groups] = txi;
        T[groups] = Ti;
        groupOf[i] = groups;
        weight[groups] = rows.weight ? (rows.weight[i] ?? 0) : 1;
        groups++;
        break;
      }
      if (x[g] === xi && tx[g] === txi && T[g] === Ti) {
        groupOf[i] = g;
        weight[g] = (weight[g] ?? 0) + (rows.weight ? (rows.weight[i] ?? 0) : 1);
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return {
    x: x.slice(0, groups),
    tx: tx.slice(0, groups),
    T: T.slice(0, groups),
    weight: weight.slice(0, groups),
    groupOf,
  };
}

/** Spreads per-group values back to the original rows. */
export function spreadToRows(groupValues: Float64Array, groupOf: Uint32Array): Float64Array {
  const out = new Float64Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) out[i] = groupValues[groupOf[i] ?? 0] ?? 0;
  return out;
}

/**
 * Whether grouping is worth its cost (a hash pass): with continuous times
 * nearly every triple is distinct. Estimated from collisions in an even
 * sample by the birthday argument: c collisions among s draws suggest about
 * D = s²/(2c) equally likely triples, hence D·(1 − e^(−n/D)) distinct in n rows.
 */
export function groupingPays(rows: TripleRows, maxDistinctShare = 0.8): boolean {
  const n = rows.x.length;
  if (n <= 50_000) return true;
  const step = Math.floor(n / 20_000);
  const s = Math.floor(n / step);
  const pick = (v: Float64Array) => {
    const out = new Float64Array(s);
    for (let i = 0; i < s; i++) out[i] = v[i * step] ?? 0;
    return out;
  };
  const collisions = s - groupTriples({ x: pick(rows.x), tx: pick(rows.tx), T: pick(rows.T) }).x.length;
  if (collisions === 0) return false;
  const d = (s * s) / (2 * collisions);
  return (d * (1 - Math.exp(-n / d))) / n < maxDistinctShare;
}
