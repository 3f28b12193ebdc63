// Public holidays from date-holidays, turned into local-day closures.
// date-holidays ships its data inside the package, so this stays I/O free.
import Holidays from 'date-holidays';
import type { BusinessClosure } from './businessCalendar.ts';

export type HolidayCountry = 'AZ' | 'TR';
export type HolidayKind = 'public' | 'bank' | 'optional' | 'observance';

const cache = new Map<string, readonly BusinessClosure[]>();

/** Turkish law closes the eve (arife) of the two bayrams from 13:00. */
const EVE_CLOSES_AT = '13:00';

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * date-holidays writes Islamic holidays as starting at sunset the evening
 * before (a "-0600" suffix on `date`, start at 18:00 local). Read literally,
 * Qurban Bayramı would close the evening before and reopen at 18:00 on the
 * day. We read them as civil days instead: a one-day rule closes its whole
 * day; a multi-day rule of N.5 days (TR: "PT90H" = 6 h of eve + 3.5 days)
 * closes N whole days plus the eve's afternoon, which is how Türkiye
 * observes Ramazan and Kurban Bayramı (arife from 13:00).
 */
export function holidayToClosures(h: { date: string; start: Date; end: Date; name: string }): BusinessClosure[] {
  const date = h.date.slice(0, 10);
  const offset = /([+-])(\d{2})(\d{2})$/.exec(h.date.trim());
  const sunsetHours = offset && offset[1] === '-' ? Number(offset[2]) + Number(offset[3]) / 60 : 0;
  const hours = (h.end.getTime() - h.start.getTime()) / 3_600_000 - sunsetHours;
  const wholeDays = Math.max(1, Math.floor(hours / 24 + 1e-9));
  const halfDay = hours - wholeDays * 24 >= 6 && sunsetHours > 0;
  const closures: BusinessClosure[] = [];
  if (halfDay) closures.push({ date: addDays(date, -1), from: EVE_CLOSES_AT, name: `${h.name} (eve)` });
  closures.push(wholeDays > 1 ? { date, until: addDays(date, wholeDays - 1), name: h.name } : { date, name: h.name });
  return closures;
}

/** Closures for a country's holidays of the given kinds in one year (memoised). */
export function publicHolidayClosures(
  country: HolidayCountry,
  year: number,
  kinds: readonly HolidayKind[] = ['public'],
): readonly BusinessClosure[] {
  const key = `${country}:${year}:${[...kinds].sort().join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const holidays = new Holidays(country).getHolidays(year);
  const closures = holidays
    .filter((h) => (kinds as readonly string[]).includes(h.type))
    .flatMap((h) => holidayToClosures(h));
  cache.set(key, closures);
  return closures;
}

/**
 * Azerbaijan's Labour Code gives Novruz five days, but date-holidays lists
 * only 20 March. Workspaces in Azerbaijan add these (and the Cabinet's yearly
 * transfer days) as custom closures; 20–24 March is the usual span.
 */
export function novruzClosures(year: number): BusinessClosure[] {
  return [{ date: `${year}-03-20`, until: `${year}-03-24`, name: 'Novruz' }];
}
