// Gauss hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1, as the BG/NBD conditional
// expectation needs it. The plain series converges slowly or overflows when a·b
// is large; Euler's transformation
//   ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z)
// swaps in the numerator parameters c−a, c−b, which are small in that case.

const MAX_TERMS = 1_000_000;

function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (term === 0) return sum;
    // Once the term ratio is below 1 the tail is at most term·z/(1−z).
    if (n > 2 && Math.abs(term) <= 1e-16 * Math.abs(sum) * (1 - z)) return sum;
  }
  return sum;
}

export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) return NaN;
  if (z === 0) return 1;
  const direct = Math.abs(a * b);
  const euler = Math.abs((c - a) * (c - b));
  if (euler < direct) return Math.pow(1 - z, c - a - b) * series(c - a, c - b, c, z);
  return series(a, b, c, z);
}
