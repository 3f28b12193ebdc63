// Business-time arithmetic over a calendar's precomputed day intervals.
import type { BusinessCalendar } from './businessCalendar.ts';
import { localDayNumber } from './zonedTime.ts';

const MS_PER_MINUTE = 60_000;
/** Ten years without a single open minute means the calendar is broken, not busy. */
const MAX_EMPTY_DAYS = 3660;

function noOpenTime(): never {
  throw new RangeError('The business calendar has no open hours in the next ten years');
}

/**
 * The instant `minutes` business minutes after `start` (before it when
 * negative). A deadline that uses up a day's last minute lands on the closing
 * time (Friday 18:00), not on the next opening (Monday 09:00).
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes)) throw new RangeError('minutes must be a finite number');
  if (minutes === 0) return new Date(start.getTime());
  if (!calendar.hasOpenHours) noOpenTime();
  const t0 = start.getTime();
  let remaining = Math.abs(minutes) * MS_PER_MINUTE;
  let day = localDayNumber(t0, calendar.timeZone);
  let empty = 0;
  if (minutes > 0) {
    // Look one day back too: near midnight an interval may belong to the previous local day.
    day -= 1;
    for (;; day++) {
      const intervals = calendar.openIntervals(day);
      let used = false;
      for (const [a, b] of intervals) {
        if (b <= t0) continue;
        used = true;
        const from = Math.max(a, t0);
        if (remaining <= b - from) return new Date(from + remaining);
        remaining -= b - from;
      }
      empty = used ? 0 : empty + 1;
      if (empty > MAX_EMPTY_DAYS) noOpenTime();
    }
  }
  day += 1;
  for (;; day--) {
    const intervals = calendar.openIntervals(day);
    let used = false;
    for (let i = intervals.length - 1; i >= 0; i--) {
      const iv = intervals[i];
      if (!iv || iv[0] >= t0) continue;
      used = true;
      const to = Math.min(iv[1], t0);
      if (remaining <= to - iv[0]) return new Date(to - remaining);
      remaining -= to - iv[0];
    }
    empty = used ? 0 : empty + 1;
    if (empty > MAX_EMPTY_DAYS) noOpenTime();
  }
}

/** Business milliseconds in [a, b); negative when b is before a. */
export function businessMsBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (tb < ta) return -businessMsBetween(calendar, b, a);
  let total = 0;
  const lastDay = localDayNumber(tb, calendar.timeZone) + 1;
  for (let day = localDayNumber(ta, calendar.timeZone) - 1; day <= lastDay; day++) {
    for (const [s, e] of calendar.openIntervals(day)) {
      const from = Math.max(s, ta);
      const to = Math.min(e, tb);
      if (to > from) total += to - from;
    }
  }
  return total;
}

export function businessMinutesBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  return businessMsBetween(calendar, a, b) / MS_PER_MINUTE;
}

export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  const day = localDayNumber(t, calendar.timeZone);
  return [day - 1, day, day + 1].some((d) => calendar.openIntervals(d).some(([s, e]) => t >= s && t < e));
}

/** The next instant at or after `at` when the desk is open (for "we'll answer from …"). */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  if (isBusinessTime(calendar, at)) return new Date(at.getTime());
  // Adding one minute lands one minute after the next opening.
  return new Date(addBusinessMinutes(calendar, at, 1).getTime() - MS_PER_MINUTE);
}
