// Wall-clock time in an IANA time zone, through Intl only (no moment/luxon).
// Business hours are written in local time ("09:00 in Asia/Baku") but every
// instant is stored in UTC, so the calendar converts in both directions.

const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for a name Intl does not know, so bad calendars fail early. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export interface LocalDateTime {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export function toLocal(instantMs: number, timeZone: string): LocalDateTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const p = parts.find((x) => x.type === type);
    return p ? Number(p.value) : 0;
  };
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Baku: +4 h). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const l = toLocal(instantMs, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  const truncated = Math.floor(instantMs / 1000) * 1000;
  return asUtc - truncated;
}

/**
 * The UTC instant of a local wall-clock time. Two passes settle offsets that
 * change around the instant; a time skipped by a DST jump maps forward.
 */
export function fromLocal(dayNumber: number, minuteOfDay: number, timeZone: string): number {
  const wall = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  return second;
}

/** Days since 1970-01-01 of a civil date: the calendar's key for a local day. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function localDayNumber(instantMs: number, timeZone: string): number {
  const l = toLocal(instantMs, timeZone);
  return dayNumberOf(l.year, l.month, l.day);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${text}"`);
  return dayNumberOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function formatDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** "09:30" → 570; "24:00" is allowed as the end of a day. */
export function parseClockTime(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(minutes >= 0 && minutes <= 1440)) {
    throw new RangeError(`Expected a time as HH:MM between 00:00 and 24:00, got "${text}"`);
  }
  return minutes;
}
