// UTC calendar arithmetic on day numbers (days since 1970-01-01), without Date
// objects so million-row logs bucket quickly (Hinnant's civil-from-days).

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export function civilFromDays(dayNumber: number): CivilDate {
  const z = Math.floor(dayNumber) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Months since year 0: consecutive months differ by 1. */
export function monthIndex(dayNumber: number): number {
  const { year, month } = civilFromDays(dayNumber);
  return year * 12 + (month - 1);
}

/** Monday-based weeks: day 0 (1970-01-01) is a Thursday. */
export function weekIndex(dayNumber: number): number {
  return Math.floor((Math.floor(dayNumber) + 3) / 7);
}

export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

export function dayLabel(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
