import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, officeWeek } from './businessCalendar.ts';
import { addBusinessMinutes, businessMinutesBetween, isBusinessTime, nextOpening } from './businessTime.ts';
import { novruzClosures, publicHolidayClosures } from './publicHolidays.ts';

const baku = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+04:00`);
const istanbul = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+03:00`);

// Mon–Fri 09:00–13:00 and 14:00–18:00: 480 business minutes a day.
const az = createBusinessCalendar({ timeZone: 'Asia/Baku', weeklyHours: officeWeek(), holidayCountries: ['AZ'] });
const tr = createBusinessCalendar({ timeZone: 'Europe/Istanbul', weeklyHours: officeWeek(), holidayCountries: ['TR'] });

describe('date-holidays data read as closures', () => {
  it('AZ 2026: Novruz is one day in date-holidays; Ramazan and Qurban are civil days', () => {
    const dates = publicHolidayClosures('AZ', 2026).map((c) => `${c.date}${c.until ? `..${c.until}` : ''}`);
    expect(dates).toEqual(expect.arrayContaining(['2026-03-20', '2026-03-21', '2026-03-23', '2026-05-27', '2026-05-28']));
    expect(dates).not.toContain('2026-03-24');
  });

  it('TR 2026: bayrams are whole days plus the eve from 13:00', () => {
    const closures = publicHolidayClosures('TR', 2026);
    expect(closures).toContainEqual(expect.objectContaining({ date: '2026-03-19', from: '13:00' }));
    expect(closures).toContainEqual(expect.objectContaining({ date: '2026-03-20', until: '2026-03-22' }));
    expect(closures).toContainEqual(expect.objectContaining({ date: '2026-05-26', from: '13:00' }));
    expect(closures).toContainEqual(expect.objectContaining({ date: '2026-05-27', until: '2026-05-30' }));
  });
});

describe('addBusinessMinutes (hand-computed)', () => {
  it('skips the lunch break', () => {
    expect(addBusinessMinutes(az, baku('2026-01-05 12:30'), 60)).toEqual(baku('2026-01-05 14:30'));
  });

  it('lands on closing time when the day is used up exactly', () => {
    expect(addBusinessMinutes(az, baku('2026-01-09 17:00'), 60)).toEqual(baku('2026-01-09 18:00'));
  });

  it('crosses a weekend and the substitute day of 8 March (Mon 9 March) in Baku', () => {
    // Fri 16:00–18:00 = 120; Sat, Sun, Mon 9 March closed; Tue 09:00 + 120.
    expect(addBusinessMinutes(az, baku('2026-03-06 16:00'), 240)).toEqual(baku('2026-03-10 11:00'));
  });

  it('crosses Novruz and Ramazan Bayramı in Baku (date-holidays data)', () => {
    // Thu 19 March 17:00–18:00 = 60; Fri 20 (Novruz, Ramazan), weekend, Mon 23 (Ramazan substitute) closed.
    expect(addBusinessMinutes(az, baku('2026-03-19 17:00'), 120)).toEqual(baku('2026-03-24 10:00'));
  });

  it('crosses the five Novruz days when the workspace adds them as closures', () => {
    const withNovruz = createBusinessCalendar({
      timeZone: 'Asia/Baku',
      weeklyHours: officeWeek(),
      holidayCountries: ['AZ'],
      closures: novruzClosures(2026),
    });
    expect(addBusinessMinutes(withNovruz, baku('2026-03-19 17:00'), 120)).toEqual(baku('2026-03-25 10:00'));
  });

  it('crosses Qurban Bayramı in Baku (27–28 May 2026)', () => {
    expect(addBusinessMinutes(az, baku('2026-05-26 17:00'), 120)).toEqual(baku('2026-05-29 10:00'));
  });

  it('keeps the evening before Qurban Bayramı open (date-holidays starts it at sunset)', () => {
    const late = createBusinessCalendar({
      timeZone: 'Asia/Baku',
      weeklyHours: officeWeek([{ from: '09:00', to: '20:00' }]),
      holidayCountries: ['AZ'],
    });
    expect(addBusinessMinutes(late, baku('2026-05-26 18:00'), 120)).toEqual(baku('2026-05-26 20:00'));
  });

  it('crosses Kurban Bayramı in Istanbul, including the half-day eve', () => {
    // Tue 26 May 11:00–13:00 = 120 (closed from 13:00); 27–30 May closed; Mon 1 June 09:00 + 120.
    expect(addBusinessMinutes(tr, istanbul('2026-05-26 11:00'), 240)).toEqual(istanbul('2026-06-01 11:00'));
  });

  it('crosses Ramazan Bayramı in Istanbul and reopens Monday morning', () => {
    expect(addBusinessMinutes(tr, istanbul('2026-03-19 12:00'), 120)).toEqual(istanbul('2026-03-23 10:00'));
  });

  it('uses each calendar’s own time zone for the same instant', () => {
    const start = new Date('2026-01-05T05:30:00Z'); // 09:30 in Baku, 08:30 in Istanbul
    expect(addBusinessMinutes(az, start, 30).toISOString()).toBe('2026-01-05T06:00:00.000Z');
    expect(addBusinessMinutes(tr, start, 30).toISOString()).toBe('2026-01-05T06:30:00.000Z');
  });

  it('keeps local opening hours across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
    const berlin = createBusinessCalendar({ timeZone: 'Europe/Berlin', weeklyHours: officeWeek() });
    // Fri 18:00 CET (17:00Z) + 60 → Mon 10:00 CEST (08:00Z).
    expect(addBusinessMinutes(berlin, new Date('2026-03-27T17:00:00Z'), 60).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(businessMinutesBetween(berlin, new Date('2026-03-27T08:00:00Z'), new Date('2026-03-30T16:00:00Z'))).toBe(960);
  });

  it('goes backwards for negative minutes', () => {
    expect(addBusinessMinutes(az, baku('2026-01-12 09:30'), -60)).toEqual(baku('2026-01-09 17:30'));
  });

  it('honours custom half-day closures', () => {
    const cal = createBusinessCalendar({
      timeZone: 'Asia/Baku',
      weeklyHours: officeWeek(),
      closures: [{ date: '2026-01-07', from: '14:00', name: 'staff training' }],
    });
    expect(addBusinessMinutes(cal, baku('2026-01-07 12:00'), 120)).toEqual(baku('2026-01-08 10:00'));
  });

  it('refuses a calendar with no hours', () => {
    const closed = createBusinessCalendar({ timeZone: 'Asia/Baku', weeklyHours: {} });
    expect(() => addBusinessMinutes(closed, baku('2026-01-05 09:00'), 1)).toThrow(RangeError);
  });

  it('rejects an unknown time zone and malformed hours', () => {
    expect(() => createBusinessCalendar({ timeZone: 'Mars/Olympus', weeklyHours: {} })).toThrow(RangeError);
    expect(() =>
      createBusinessCalendar({ timeZone: 'Asia/Baku', weeklyHours: { mon: [{ from: '9am', to: '18:00' }] } }),
    ).toThrow(RangeError);
  });
});

describe('businessMinutesBetween (hand-computed)', () => {
  it('counts a fortnight across a holiday', () => {
    // Fri 6 March 480 + Mon 9 closed + Tue–Fri 4 × 480.
    expect(businessMinutesBetween(az, baku('2026-03-06 09:00'), baku('2026-03-13 18:00'))).toBe(2400);
  });

  it('is zero over a weekend and negative when reversed', () => {
    expect(businessMinutesBetween(az, baku('2026-01-09 18:00'), baku('2026-01-12 09:00'))).toBe(0);
    expect(businessMinutesBetween(az, baku('2026-01-05 14:00'), baku('2026-01-05 10:00'))).toBe(-180);
  });

  it('knows open and closed instants', () => {
    expect(isBusinessTime(az, baku('2026-01-05 13:30'))).toBe(false);
    expect(isBusinessTime(az, baku('2026-01-05 14:00'))).toBe(true);
    expect(nextOpening(az, baku('2026-03-19 18:30'))).toEqual(baku('2026-03-24 09:00'));
  });
});

describe('business-time properties', () => {
  const from = baku('2025-12-01 00:00').getTime();
  const to = baku('2027-02-01 00:00').getTime();
  const instant = fc.integer({ min: from, max: to }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
  const minutes = fc.integer({ min: 0, max: 15_000 });

  it('add then between round-trips', () => {
    fc.assert(
      fc.property(instant, minutes, fc.boolean(), (start, m, useTr) => {
        const cal = useTr ? tr : az;
        expect(businessMinutesBetween(cal, start, addBusinessMinutes(cal, start, m))).toBe(m);
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the minutes added and in the start', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (start, m1, m2) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(addBusinessMinutes(az, start, lo).getTime()).toBeLessThanOrEqual(addBusinessMinutes(az, start, hi).getTime());
        const later = new Date(start.getTime() + hi * 60_000);
        expect(addBusinessMinutes(az, start, lo).getTime()).toBeLessThanOrEqual(addBusinessMinutes(az, later, lo).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('between is additive', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        const sum = businessMinutesBetween(tr, a, b) + businessMinutesBetween(tr, b, c);
        expect(sum).toBeCloseTo(businessMinutesBetween(tr, a, c), 6);
      }),
      { numRuns: 200 },
    );
  });

  it('going back the same minutes returns to the next opening', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 15_000 }), (start, m) => {
        const back = addBusinessMinutes(az, addBusinessMinutes(az, start, m), -m);
        expect(back).toEqual(nextOpening(az, start));
      }),
      { numRuns: 300 },
    );
  });
});
