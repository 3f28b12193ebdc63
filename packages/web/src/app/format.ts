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

/**
 * Some browsers (Debian's Chromium among them) ship ICU without Azerbaijani data and silently fall
 * back to the root locale ("2026 M11 23"). We detect that and format Azerbaijani from CLDR's own
 * patterns instead, so the default language never looks broken.
 */
export function hasLocaleData(locale: string): boolean {
  try {
    const month = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 15)));
    return !/^M?\d+$/.test(month.trim());
  } catch {
    return false;
  }
}

/** CLDR az (Latin) month abbreviations, relative-time words and separators. */
const AZ = {
  months: ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avq', 'sen', 'okt', 'noy', 'dek'],
  units: { second: 'saniyə', minute: 'dəqiqə', hour: 'saat', day: 'gün', month: 'ay', year: 'il' } as Record<string, string>,
  ago: 'əvvəl', in: 'sonra',
};

function partsIn(d: Date, tz: string | undefined) {
  const f = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    ...(tz ? { timeZone: tz } : {}),
  });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(d)) p[x.type] = x.value;
  return { y: p.year ?? '', m: Number(p.month ?? '1'), d: p.day ?? '', hh: p.hour ?? '', mm: p.minute ?? '' };
}

/** Digits grouped the Azerbaijani way (1.234,56), borrowed from Turkish which shares the separators. */
function azNumber(opts: Intl.NumberFormatOptions = {}) {
  return new Intl.NumberFormat('tr-TR', opts);
}

export function createFormatter(lang: string, timeZone?: string) {
  const locale = intlLocale(lang);
  const tz = timeZone && isValidTimeZone(timeZone) ? timeZone : undefined;
  const native = hasLocaleData(locale);
  const az = !native && lang === 'az';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(tz ? { timeZone: tz } : {}) });
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(tz ? { timeZone: tz } : {}) });
  const plainDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', ...(tz ? { timeZone: tz } : {}) });
  const number = az ? azNumber() : new Intl.NumberFormat(locale);
  const percent = az ? azNumber({ style: 'percent', maximumFractionDigits: 0 }) : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const moneyFormats = new Map<string, Intl.NumberFormat>();

  const azDate = (d: Date, zone: string | undefined, withTime: boolean) => {
    const p = partsIn(d, zone);
    return `${p.d} ${AZ.months[p.m - 1] ?? ''} ${p.y}${withTime ? ` ${p.hh}:${p.mm}` : ''}`;
  };

  return {
    locale,
    dateTime: (iso: string | null | undefined) => (!iso ? '' : az ? azDate(new Date(iso), tz, true) : dateTime.format(new Date(iso))),
    date: (iso: string | null | undefined) => (!iso ? '' : az ? azDate(new Date(iso), tz, false) : dateOnly.format(new Date(iso))),
    /** The workspace's calendar day (YYYY-MM-DD) at a moment: the day its reports and date filters mean. */
    dayOf: (d: Date) => {
      const p = partsIn(d, tz);
      return `${p.y}-${String(p.m).padStart(2, '0')}-${p.d.padStart(2, '0')}`;
    },
    /** A calendar date (YYYY-MM-DD) with no time zone of its own. */
    plainDate: (ymd: string | null | undefined) => {
      if (!ymd) return '';
      const d = new Date(`${ymd}T00:00:00Z`);
      return az ? azDate(d, 'UTC', false) : plainDate.format(d);
    },
    monthYear: (d: Date) => {
      if (!az) return monthYear.format(d);
      const p = partsIn(d, tz);
      return `${AZ.months[p.m - 1] ?? ''} ${p.y}`;
    },
    number: (n: number) => number.format(n),
    percent: (ratio: number) => percent.format(ratio),
    /** Money from integer minor units, e.g. money(123456, 'AZN') → "1.234,56 ₼". */
    money: (minor: number | bigint, currency: Currency) => {
      let f = moneyFormats.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(locale, { style: 'currency', currency });
        moneyFormats.set(currency, f);
      }
      const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
      const decimal = minorToDecimal(minor, digits) as Intl.StringNumericLiteral;
      if (!az) return f.format(decimal);
      // CLDR az: "#,##0.00 ¤" with the narrow symbol (₼, ₺, $, €).
      const symbol = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
        .formatToParts(0).find((x) => x.type === 'currency')?.value ?? currency;
      return `${azNumber({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(decimal)} ${symbol}`;
    },
    relative: (iso: string, now: number = Date.now()) => {
      const diff = (new Date(iso).getTime() - now) / 1000;
      const abs = Math.abs(diff);
      const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
        abs < 60 ? [Math.round(diff), 'second']
        : abs < 3600 ? [Math.round(diff / 60), 'minute']
        : abs < 86400 ? [Math.round(diff / 3600), 'hour']
        : abs < 86400 * 30 ? [Math.round(diff / 86400), 'day']
        : abs < 86400 * 365 ? [Math.round(diff / (86400 * 30)), 'month']
        : [Math.round(diff / (86400 * 365)), 'year'];
      if (!az) return relative.format(value, unit);
      return `${number.format(Math.abs(value))} ${AZ.units[unit] ?? unit} ${value < 0 ? AZ.ago : AZ.in}`;
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
