// Numbers, dates and money through Intl, in the UI language and the workspace's time zone.
import type { Locale } from './types';

const INTL_LOCALE: Record<Locale, string> = { az: 'az-AZ', tr: 'tr-TR', en: 'en-GB' };
export function intlLocale(lang: string): string {
  return INTL_LOCALE[(lang as Locale)] ?? lang;
}

export type Currency = 'AZN' | 'TRY' | 'USD' | 'EUR' | (string & {});

/** Decimal string of an integer amount of minor units, without any floating point. */
export function minorToDecimal(minor: number | bigint, fractionDigits: number): string {
  const big = typeof minor === 'bigint' ? minor : BigInt(Math.trunc(minor));
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(fractionDigits + 1, '0');
  const whole = fractionDigits ? digits.slice(0, -fractionDigits) : digits;
  const frac = fractionDigits ? digits.slice(-fractionDigits) : '';
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function createFormatter(lang: string, timeZone?: string) {
  const locale = intlLocale(lang);
  const tz = timeZone && isValidTimeZone(timeZone) ? timeZone : undefined;
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(tz ? { timeZone: tz } : {}) });
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(tz ? { timeZone: tz } : {}) });
  const plainDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', ...(tz ? { timeZone: tz } : {}) });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const moneyFormats = new Map<string, Intl.NumberFormat>();

  return {
    locale,
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : ''),
    date: (iso: string | null | undefined) => (iso ? dateOnly.format(new Date(iso)) : ''),
    /** A calendar date (YYYY-MM-DD) with no time zone of its own. */
    plainDate: (ymd: string | null | undefined) => (ymd ? plainDate.format(new Date(`${ymd}T00:00:00Z`)) : ''),
    monthYear: (d: Date) => monthYear.format(d),
    number: (n: number) => number.format(n),
    percent: (ratio: number) => percent.format(ratio),
    /** Money from integer minor units, e.g. money(123456, 'AZN') → "1 234,56 ₼". */
    money: (minor: number | bigint, currency: Currency) => {
      let f = moneyFormats.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(locale, { style: 'currency', currency });
        moneyFormats.set(currency, f);
      }
      const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
      return f.format(minorToDecimal(minor, digits) as Intl.StringNumericLiteral);
    },
    relative: (iso: string, now: number = Date.now()) => {
      const diff = (new Date(iso).getTime() - now) / 1000;
      const abs = Math.abs(diff);
      if (abs < 60) return relative.format(Math.round(diff), 'second');
      if (abs < 3600) return relative.format(Math.round(diff / 60), 'minute');
      if (abs < 86400) return relative.format(Math.round(diff / 3600), 'hour');
      if (abs < 86400 * 30) return relative.format(Math.round(diff / 86400), 'day');
      if (abs < 86400 * 365) return relative.format(Math.round(diff / (86400 * 30)), 'month');
      return relative.format(Math.round(diff / (86400 * 365)), 'year');
    },
  };
}
export type Formatter = ReturnType<typeof createFormatter>;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
