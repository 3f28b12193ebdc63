/**
 * Calendar helpers. Instants are epoch milliseconds (UTC); calendar days are
 * `LocalDate` strings `YYYY-MM-DD` in the workspace's time zone, which compare
 * correctly as plain strings.
 */
export type LocalDate = string;

/** What the earning rules need to know about "when", in the workspace's time zone. */
export interface LocalTime {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight, 0–1439. */
  readonly minutes: number;
  /** 1–12. */
  readonly month: number;
  readonly date: LocalDate;
}

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Day number since 1970-01-01 of a local date (no time zone involved: it is a calendar label). */
export function dayNumber(date: LocalDate): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

export function dateFromDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateFromDayNumber(dayNumber(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
// Intl formatters are costly to build; one per time zone is reused.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local weekday, minutes, month and date of an instant in an IANA time zone (e.g. Asia/Baku). */
export function localTimeOf(instantMs: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  const month = Number(parts.month);
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    month,
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}
