import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { healthScore, winRate, winRatesByCompetitor } from './health.ts';
import { statusAfterMove, timeInStages, weightedValue, WORK_CYCLE } from './stages.ts';
import { buildInvitation, foldLine, zoneOffsetMinutes } from './ics.ts';
import { canMoveOrder, daysBetween, isOrderOverdue, localDay, monthRange, nextMonth, previousMonth, renewalReminderDay } from './calendar.ts';
import { roundDiv } from './money.ts';

describe('work cycle', () => {
  it('runs from prospect to referral and is won from post-contract support on', () => {
    expect(WORK_CYCLE.map((s) => s.key)).toEqual(['prospect', 'appointment', 'preparation', 'contact', 'needs', 'presentation', 'objections', 'closing', 'support', 'referral']);
    expect(statusAfterMove('open', { outcome: 'won' })).toBe('won');
    expect(statusAfterMove('lost', { outcome: 'open' })).toBe('lost');
  });
  it('sums time per stage, counting the open visit up to now', () => {
    const t = timeInStages([{ stageId: 'a', enteredAt: 0, leftAt: 10 }, { stageId: 'b', enteredAt: 10, leftAt: 30 }, { stageId: 'a', enteredAt: 30, leftAt: null }], 35);
    expect(Object.fromEntries(t)).toEqual({ a: 15, b: 20 });
    expect(weightedValue(1001, 50)).toBe(501);
  });
});

describe('health and win rates', () => {
  it('is 100 for a well-kept account and explains a poor one', () => {
    expect(healthScore({ daysSinceLastActivity: 3, openCases: 0, overdueOrders: 0, daysToRenewal: 200, satisfaction: 100 }).score).toBe(100);
    const poor = healthScore({ daysSinceLastActivity: null, openCases: 4, overdueOrders: 3, daysToRenewal: -1, satisfaction: 10 });
    expect(poor).toMatchObject({ score: 2, band: 'at_risk' });
  });
  it('stays within 0–100 for any signals', () => {
    fc.assert(fc.property(fc.option(fc.nat(1000)), fc.nat(50), fc.nat(50), fc.option(fc.integer({ min: -500, max: 500 })), fc.option(fc.integer({ min: -10, max: 200 })),
      (a, c, o, r, s) => { const h = healthScore({ daysSinceLastActivity: a, openCases: c, overdueOrders: o, daysToRenewal: r, satisfaction: s }).score; return h >= 0 && h <= 100; }));
  });
  it('counts a competitor in every race they ran', () => {
    const rates = winRatesByCompetitor([
      { status: 'won', competitorId: 'x', lostToCompetitorId: null },
      { status: 'lost', competitorId: 'x', lostToCompetitorId: 'x' },
      { status: 'lost', competitorId: null, lostToCompetitorId: 'y' },
    ]);
    expect(rates.get('x')).toEqual({ won: 1, lost: 1, lostTo: 1, winRate: 0.5 });
    expect(rates.get('y')).toEqual({ won: 0, lost: 1, lostTo: 1, winRate: 0 });
    expect(winRate(0, 0)).toBeNull();
  });
});

describe('iCalendar', () => {
  const start = Date.parse('2026-11-24T06:00:00Z');
  const ics = buildInvitation({
    uid: 'abc@vefa', start, end: start + 3600_000, timeZone: 'Asia/Baku', summary: 'Görüş: Əliyev, Şirkət; yeni müqavilə', stamp: start,
    organizer: { name: 'Kamran', email: 'kam@vefa.local' }, attendees: [{ name: 'Rəşad Əliyev', email: 'resad@example.az' }], reminderMinutes: 30,
  });
  it('writes local time with its zone and escapes text', () => {
    expect(ics).toContain('DTSTART;TZID=Asia/Baku:20261124T100000\r\n');
    expect(ics).toContain('TZOFFSETTO:+0400');
    expect(ics).toContain('SUMMARY:Görüş: Əliyev\\, Şirkət\\; yeni müqavilə');
    expect(ics).toContain('TRIGGER:-PT30M');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
  it('folds long lines at 75 octets without breaking a letter', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'ə', 'ş', 'İ', ' ', '€'), maxLength: 400 }), (s) => {
      const folded = foldLine(`DESCRIPTION:${s}`);
      const parts = folded.split('\r\n');
      return parts.every((p) => new TextEncoder().encode(p).length <= 75) && parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('') === `DESCRIPTION:${s}`;
    }));
  });
  it('knows Baku and Istanbul offsets', () => {
    expect(zoneOffsetMinutes(start, 'Asia/Baku')).toBe(240);
    expect(zoneOffsetMinutes(start, 'Europe/Istanbul')).toBe(180);
  });
});

describe('calendar arithmetic', () => {
  it('gives a month as a local range', () => {
    expect(new Date(monthRange('2026-11', 'Asia/Baku').from).toISOString()).toBe('2026-10-31T20:00:00.000Z');
    expect(new Date(monthRange('2026-12', 'Europe/Istanbul').to).toISOString()).toBe('2026-12-31T21:00:00.000Z');
    expect(localDay(Date.parse('2026-10-31T21:00:00Z'), 'Asia/Baku')).toBe('2026-11-01');
    expect([nextMonth('2026-12'), previousMonth('2026-01')]).toEqual(['2027-01', '2025-12']);
  });
  it('finds reminder days and overdue orders', () => {
    expect(renewalReminderDay('2026-03-01', 30)).toBe('2026-01-30');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(isOrderOverdue({ status: 'shipped', dueOn: '2026-01-01' }, '2026-01-02')).toBe(true);
    expect(isOrderOverdue({ status: 'delivered', dueOn: '2026-01-01' }, '2026-01-02')).toBe(false);
    expect(canMoveOrder('received', 'shipped')).toBe(true);
    expect(canMoveOrder('shipped', 'confirmed')).toBe(false);
    expect(canMoveOrder('shipped', 'cancelled')).toBe(false);
    expect(roundDiv(-5, 2)).toBe(-3);
  });
});
