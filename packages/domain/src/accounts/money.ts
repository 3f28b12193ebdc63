/** Integer rounding used by every price calculation: half away from zero, never floating point in the result. */
export function roundDiv(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new Error('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  return sign * Math.floor((2 * n + denominator) / (2 * denominator));
}

/** `amountMinor` × `basisPoints` / 10,000 (1 % = 100 bp), rounded half up. */
export function percentOf(amountMinor: number, basisPoints: number): number {
  return roundDiv(amountMinor * basisPoints, 10_000);
}
