// Number formats the analytics pages need beyond app/format.ts: compact money for chart labels,
// signed changes, fixed decimals. Azerbaijani is done by hand when the browser lacks its data.
import { hasLocaleData, minorToDecimal, currencyDigits, type Formatter } from '../../app/format';

export interface AnalyticsFormat {
  /** 1234567 minor units → "12,3K ₼" style, for chart labels. */
  compactMoney: (minor: number, currency: string) => string;
  compact: (n: number) => string;
  /** A number with at most `digits` decimals. */
  decimal: (n: number, digits?: number) => string;
  /** A relative change as "+12,3%" / "−4,0%"; "—" when unknown. */
  change: (ratio: number | null | undefined) => string;
  /** A ratio as a percentage with one decimal. */
  percent1: (ratio: number) => string;
  /** A ratio as a whole percentage (CLDR places: 74% in az and en, %74 in tr). */
  percent0: (ratio: number) => string;
  /** Money from minor units as a plain decimal string for CSV ("1234.56"). */
  moneyDecimal: (minor: number, currency: string) => string;
}

const cache = new Map<string, AnalyticsFormat>();

export function analyticsFormat(fmt: Formatter): AnalyticsFormat {
  const key = fmt.locale;
  const hit = cache.get(key);
  if (hit) return hit;
  const az = fmt.locale.startsWith('az') && !hasLocaleData(fmt.locale);
  // Azerbaijani groups and decimals like Turkish (1.234,5) but puts % after the number like English.
  const numLocale = az ? 'tr-TR' : fmt.locale;
  const percentAfter = !fmt.locale.startsWith('tr');
  const compactNum = az
    ? (n: number) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n).replace('.', ',')
    : (n: number) => new Intl.NumberFormat(numLocale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  const symbol = (currency: string) => {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
        .formatToParts(0).find((x) => x.type === 'currency')?.value ?? currency;
    } catch {
      return currency;
    }
  };
  const decimal = (n: number, digits = 2) => new Intl.NumberFormat(numLocale, { maximumFractionDigits: digits }).format(n);
  const pct = (value: string) => (percentAfter ? `${value}%` : `%${value}`);
  const out: AnalyticsFormat = {
    compact: compactNum,
    compactMoney: (minor, currency) => {
      const major = minor / 10 ** currencyDigits(currency);
      const value = compactNum(major);
      return fmt.locale.startsWith('en') ? `${symbol(currency)}${value}` : `${value} ${symbol(currency)}`;
    },
    decimal,
    change: (ratio) => {
      if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
      const v = Math.round(ratio * 1000) / 10;
      const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
      return `${sign}${pct(decimal(Math.abs(v), 1))}`;
    },
    percent1: (ratio) => pct(decimal(Math.round(ratio * 1000) / 10, 1)),
    percent0: (ratio) => pct(decimal(Math.round(ratio * 100), 0)),
    moneyDecimal: (minor, currency) => minorToDecimal(minor, currencyDigits(currency)),
  };
  cache.set(key, out);
  return out;
}
