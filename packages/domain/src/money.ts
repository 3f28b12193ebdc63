/** ISO 4217 currencies Vefa formats out of the box. */
export const CURRENCIES = ['AZN', 'TRY', 'USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Money is an integer count of minor units (qəpik, kuruş, cent) plus its currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

const MINOR_DIGITS: Record<string, number> = { AZN: 2, TRY: 2, USD: 2, EUR: 2, JPY: 0, KWD: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/**
 * Parses a decimal amount written by a person or a file ("12.50", "12,5", "1 234,56")
 * into minor units without going through floating point.
 */
export function parseMoneyAmount(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0]/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(cleaned)) return null;
  const negative = cleaned.startsWith('-');
  const [whole = '0', fraction = ''] = cleaned.replace('-', '').split(/[.,]/);
  const digits = minorDigits(currency);
  if (fraction.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return negative ? -minor : minor;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`Cannot add ${a.currency} to ${b.currency}`);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}
