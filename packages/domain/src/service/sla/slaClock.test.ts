import { describe, expect, it } from 'vitest';
import type { StatusChange } from '../workflow/case.ts';
import { createBusinessCalendar, officeWeek } from './businessCalendar.ts';
import { breachWarningAt, computeCaseSla, computeSlaClock, slaWarningLevel, type SlaCaseTimeline } from './slaClock.ts';
import { matchSlaPolicy, type SlaPolicy } from './slaPolicy.ts';

const baku = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+04:00`);
const az = createBusinessCalendar({ timeZone: 'Asia/Baku', weeklyHours: officeWeek(), holidayCountries: ['AZ'] });

const created = baku('2026-01-05 09:00');
const history = (...changes: [StatusChange['status'], string][]): StatusChange[] =>
  changes.map(([status, at]) => ({ status, at: baku(at) }));
// Open 1 h, waits on the customer from Mon 11:00 to Wed 15:00, then open again.
const paused: StatusChange[] = history(
  ['new', '2026-01-05 09:00'],
  ['open', '2026-01-05 10:00'],
  ['pending_customer', '2026-01-05 11:00'],
  ['open', '2026-01-07 15:00'],
);
const timeline = (statusHistory: StatusChange[], firstRespondedAt?: Date): SlaCaseTimeline => ({
  createdAt: created,
  statusHistory,
  firstRespondedAt: firstRespondedAt ?? null,
});

describe('resolution clock with pauses (480 business minutes)', () => {
  it('runs after the pause and falls due the next morning', () => {
    // Used 120 before the pause; 360 left from Wed 15:00: 180 on Wed, 180 on Thu → 12:00.
    const c = computeSlaClock(az, 'resolution', 480, timeline(paused), baku('2026-01-07 16:00'));
    expect(c).toMatchObject({ state: 'running', usedMinutes: 180, minutesLeft: 300, breachedAt: null });
    expect(c.dueAt).toEqual(baku('2026-01-08 12:00'));
  });

  it('is paused, with no due time, while pending on the customer', () => {
    const c = computeSlaClock(az, 'resolution', 480, timeline(paused.slice(0, 3)), baku('2026-01-06 12:00'));
    expect(c).toMatchObject({ state: 'paused', usedMinutes: 120, minutesLeft: 360, dueAt: null });
  });

  it('breaches at the due time', () => {
    const c = computeSlaClock(az, 'resolution', 480, timeline(paused), baku('2026-01-08 13:30'));
    expect(c.state).toBe('breached');
    expect(c.breachedAt).toEqual(baku('2026-01-08 12:00'));
    expect(c.minutesLeft).toBe(-60); // 12:00–13:00, then the lunch break does not count
  });

  it('is met when resolved in time, and restarts on reopen', () => {
    const resolved = [...paused, ...history(['resolved', '2026-01-08 11:00'])];
    const met = computeSlaClock(az, 'resolution', 480, timeline(resolved), baku('2026-01-09 10:00'));
    expect(met).toMatchObject({ state: 'met', usedMinutes: 420, dueAt: null });
    expect(met.fulfilledAt).toEqual(baku('2026-01-08 11:00'));

    const reopened = [...resolved, ...history(['reopened', '2026-01-12 09:00'])];
    const again = computeSlaClock(az, 'resolution', 480, timeline(reopened), baku('2026-01-12 09:30'));
    expect(again).toMatchObject({ state: 'running', usedMinutes: 450 });
    expect(again.dueAt).toEqual(baku('2026-01-12 10:00'));
  });

  it('resolved late is breached, not met', () => {
    const late = [...paused, ...history(['resolved', '2026-01-08 15:00'])];
    const c = computeSlaClock(az, 'resolution', 480, timeline(late), baku('2026-01-09 10:00'));
    expect(c.state).toBe('breached');
    expect(c.breachedAt).toEqual(baku('2026-01-08 12:00'));
  });

  it('does not count a pause that ends on a holiday', () => {
    // 30 minutes on Tue 30 Dec; 31 Dec, 1 and 2 Jan are AZ holidays, so the clock resumes on Mon 5 Jan.
    const h = history(['open', '2025-12-30 17:00'], ['pending_customer', '2025-12-30 17:30'], ['open', '2026-01-02 10:00']);
    const c = computeSlaClock(
      az,
      'resolution',
      60,
      { createdAt: baku('2025-12-30 17:00'), statusHistory: h },
      baku('2026-01-02 12:00'),
    );
    expect(c).toMatchObject({ state: 'running', usedMinutes: 30 });
    expect(c.dueAt).toEqual(baku('2026-01-05 09:30'));
  });
});

describe('first-response clock', () => {
  it('is met by a reply inside the target, breached after it', () => {
    const replied = timeline(paused, baku('2026-01-05 10:30'));
    expect(computeSlaClock(az, 'first_response', 120, replied, baku('2026-01-06 09:00')).state).toBe('met');
    const slow = computeSlaClock(az, 'first_response', 60, replied, baku('2026-01-06 09:00'));
    expect(slow.state).toBe('breached');
    expect(slow.breachedAt).toEqual(baku('2026-01-05 10:00'));
  });
});

describe('policies and case SLA', () => {
  const policies: SlaPolicy[] = [
    { id: 'vip', name: 'VIP complaints', conditions: { types: ['complaint'], customerTiers: ['gold'] }, firstResponseMinutes: 30, resolutionMinutes: 240 },
    { id: 'urgent', name: 'Urgent', conditions: { priorities: ['urgent'] }, firstResponseMinutes: 60, resolutionMinutes: 480 },
    { id: 'off', name: 'Disabled', conditions: {}, enabled: false, firstResponseMinutes: 1 },
    { id: 'default', name: 'Everyone', conditions: {}, firstResponseMinutes: 480, resolutionMinutes: 2400 },
  ];

  it('matches in order, first match wins', () => {
    expect(matchSlaPolicy(policies, { type: 'complaint', priority: 'urgent', customerTier: 'gold' })?.id).toBe('vip');
    expect(matchSlaPolicy(policies, { type: 'complaint', priority: 'urgent', customerTier: null })?.id).toBe('urgent');
    expect(matchSlaPolicy(policies, { type: 'question', priority: 'low' })?.id).toBe('default');
    expect(matchSlaPolicy(policies.slice(0, 2), { type: 'question', priority: 'low' })).toBeNull();
  });

  it('stores the earliest open due time and warns before it', () => {
    const vip = policies[0];
    if (!vip) throw new Error('fixture');
    const sla = computeCaseSla(az, vip, timeline(history(['new', '2026-01-05 09:00'])), baku('2026-01-05 09:20'));
    expect(sla.firstResponse?.dueAt).toEqual(baku('2026-01-05 09:30'));
    // 240 minutes from 09:00 end exactly at the lunch break.
    expect(sla.resolution?.dueAt).toEqual(baku('2026-01-05 13:00'));
    expect(sla.nextDueAt).toEqual(baku('2026-01-05 09:30'));
    const fr = sla.firstResponse;
    if (!fr) throw new Error('clock');
    expect(slaWarningLevel(fr, { minutesLeft: 15 })).toBe('breaching_soon');
    expect(slaWarningLevel(fr, { minutesLeft: 5 })).toBe('none');
    expect(slaWarningLevel(fr, { fractionUsed: 0.5 })).toBe('breaching_soon');
    const res = sla.resolution;
    if (!res) throw new Error('clock');
    // 60 business minutes before 13:00.
    expect(breachWarningAt(az, res, 60)).toEqual(baku('2026-01-05 12:00'));
  });
});
