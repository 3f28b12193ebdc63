// A business calendar: when the workspace counts SLA time. Time zone + weekly
// hours (possibly split by a lunch break) − public holidays − custom closures.
import { publicHolidayClosures, type HolidayCountry, type HolidayKind } from './publicHolidays.ts';
import {
  assertTimeZone,
  fromLocal,
  parseClockTime,
  parseIsoDate,
  weekdayOfDayNumber,
  MS_PER_DAY,
} from './zonedTime.ts';

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** Local wall-clock span, "09:00"–"13:00"; "24:00" ends at midnight. */
export interface BusinessHoursRange {
  readonly from: string;
  readonly to: string;
}

/** A closed local day or span of days; `from`/`to` narrow it to part of each day (a half-day). */
export interface BusinessClosure {
  readonly date: string;
  readonly until?: string;
  readonly from?: string;
  readonly to?: string;
  readonly name?: string;
}

export interface BusinessCalendarDefinition {
  readonly timeZone: string;
  readonly weeklyHours: Readonly<Partial<Record<WeekdayKey, readonly BusinessHoursRange[]>>>;
  readonly holidayCountries?: readonly HolidayCountry[];
  readonly holidayKinds?: readonly HolidayKind[];
  readonly closures?: readonly BusinessClosure[];
}

/** Open UTC intervals of one local day, as [startMs, endMs) pairs, ascending. */
export type DayIntervals = readonly (readonly [number, number])[];

export interface BusinessCalendar {
  readonly definition: BusinessCalendarDefinition;
  readonly timeZone: string;
  /** True when at least one weekday has hours; otherwise no SLA can ever be due. */
  readonly hasOpenHours: boolean;
  /** Open intervals of a local day (days since 1970-01-01), memoised. */
  openIntervals(dayNumber: number): DayIntervals;
}

type MinuteSpan = readonly [number, number];

function normaliseSpans(spans: MinuteSpan[]): MinuteSpan[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function subtract(open: readonly MinuteSpan[], closed: MinuteSpan): MinuteSpan[] {
  const [c0, c1] = closed;
  return open.flatMap(([a, b]): MinuteSpan[] => {
    if (c1 <= a || c0 >= b) return [[a, b]];
    const parts: MinuteSpan[] = [];
    if (c0 > a) parts.push([a, c0]);
    if (c1 < b) parts.push([c1, b]);
    return parts;
  });
}

/** Validates a definition and returns a calendar that caches each day's intervals. */
export function createBusinessCalendar(definition: BusinessCalendarDefinition): BusinessCalendar {
  const { timeZone } = definition;
  assertTimeZone(timeZone);
  const weekly: MinuteSpan[][] = WEEKDAY_KEYS.map((d) =>
    normaliseSpans((definition.weeklyHours[d] ?? []).map((r) => [parseClockTime(r.from), parseClockTime(r.to)])),
  );
  // Closures keyed by local day, each a minute span of that day.
  const custom = new Map<number, MinuteSpan[]>();
  const addClosure = (target: Map<number, MinuteSpan[]>, c: BusinessClosure): void => {
    const first = parseIsoDate(c.date);
    const last = c.until ? parseIsoDate(c.until) : first;
    const span: MinuteSpan = [c.from ? parseClockTime(c.from) : 0, c.to ? parseClockTime(c.to) : 1440];
    for (let d = first; d <= last; d++) {
      const list = target.get(d) ?? [];
      list.push(span);
      target.set(d, list);
    }
  };
  for (const c of definition.closures ?? []) addClosure(custom, c);

  const holidayYears = new Map<number, Map<number, MinuteSpan[]>>();
  const holidaysOfYear = (year: number): Map<number, MinuteSpan[]> => {
    let m = holidayYears.get(year);
    if (!m) {
      m = new Map();
      for (const country of definition.holidayCountries ?? []) {
        for (const c of publicHolidayClosures(country, year, definition.holidayKinds)) addClosure(m, c);
      }
      holidayYears.set(year, m);
    }
    return m;
  };

  const dayCache = new Map<number, DayIntervals>();
  const openIntervals = (dayNumber: number): DayIntervals => {
    const hit = dayCache.get(dayNumber);
    if (hit) return hit;
    let spans: MinuteSpan[] = weekly[weekdayOfDayNumber(dayNumber)] ?? [];
    if (spans.length > 0) {
      const year = new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
      const closed = [...(holidaysOfYear(year).get(dayNumber) ?? []), ...(custom.get(dayNumber) ?? [])];
      for (const c of closed) spans = subtract(spans, c);
    }
    const intervals = spans
      .map(([a, b]) => [fromLocal(dayNumber, a, timeZone), fromLocal(dayNumber, b, timeZone)] as const)
      .filter(([a, b]) => b > a);
    dayCache.set(dayNumber, intervals);
    return intervals;
  };

  return { definition, timeZone, hasOpenHours: weekly.some((s) => s.length > 0), openIntervals };
}

/** Mon–Fri 09:00–18:00 with a lunch hour, the common office week in Baku and Istanbul. */
export function officeWeek(ranges: readonly BusinessHoursRange[] = [
  { from: '09:00', to: '13:00' },
  { from: '14:00', to: '18:00' },
]): Partial<Record<WeekdayKey, readonly BusinessHoursRange[]>> {
  return { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges };
}
