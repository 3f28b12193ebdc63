/**
 * Splits an integer `total` over integer `weights` in proportion, so that the
 * parts are integers and sum to exactly `total` (largest-remainder method).
 * Ties in the remainder go to the earlier index, so the split is deterministic.
 * Used to spread a basket-level bonus or a cap over purchase lines, so that a
 * return can reverse exactly what each line carried.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const parts = new Array<number>(n).fill(0);
  if (n === 0 || total === 0) return parts;
  let sum = 0;
  for (const w of weights) sum += w;
  if (sum <= 0) {
    // Nothing to weigh by: everything goes to the first part.
    parts[0] = total;
    return parts;
  }
  const sign = total < 0 ? -1 : 1;
  const abs = total * sign;
  const remainders: number[] = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] ?? 0;
    // BigInt-free exactness: abs * w stays below 2^53 for realistic points × minor amounts;
    // fall back to BigInt when it would not.
    const product = abs * w;
    let q: number;
    let r: number;
    if (Number.isSafeInteger(product)) {
      q = Math.floor(product / sum);
      r = product - q * sum;
    } else {
      const bp = BigInt(abs) * BigInt(w);
      q = Number(bp / BigInt(sum));
      r = Number(bp % BigInt(sum));
    }
    parts[i] = q;
    remainders[i] = r;
    given += q;
  }
  let left = abs - given;
  if (left > 0) {
    const order = remainders.map((r, i) => i).sort((a, b) => (remainders[b] ?? 0) - (remainders[a] ?? 0) || a - b);
    for (const i of order) {
      if (left === 0) break;
      parts[i] = (parts[i] ?? 0) + 1;
      left--;
    }
  }
  if (sign < 0) for (let i = 0; i < n; i++) parts[i] = -(parts[i] ?? 0);
  return parts;
}

/** floor(a * b / c) for non-negative integers, exact even when a * b exceeds 2^53. */
export function mulDivFloor(a: number, b: number, c: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return Math.floor(product / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
