import { eq } from 'drizzle-orm';
import {
  createBusinessCalendar, officeWeek, publicHolidayClosures, type BusinessCalendar as DomainCalendar, type BusinessCalendarDefinition,
} from '@vefa/domain';
import type { BusinessCalendar, BusinessCalendarUpdate } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { workspaces } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid } from '../../../platform/http/problem.ts';
import { businessCalendars } from '../schema.ts';
import { forgetDeskSettings } from '../deskSettings.ts';

type Stored = Pick<BusinessCalendarDefinition, 'timeZone' | 'weeklyHours' | 'closures'> & { holidayCountries: ('AZ' | 'TR')[] };

/** A workspace without its own calendar works the office week of its time zone, closed on Azerbaijani holidays. */
async function storedCalendar(db: Queryable, workspaceId: string): Promise<Stored> {
  const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.workspaceId, workspaceId));
  if (row) {
    return { timeZone: row.timeZone, weeklyHours: row.weeklyHours, closures: row.closures, holidayCountries: row.holidayCountries.filter((c): c is 'AZ' | 'TR' => c === 'AZ' || c === 'TR') };
  }
  const [ws] = await db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const timeZone = ws?.timeZone ?? 'Asia/Baku';
  return { timeZone, weeklyHours: officeWeek(), closures: [], holidayCountries: [timeZone === 'Europe/Istanbul' ? 'TR' : 'AZ'] };
}

// Calendars are rebuilt only when their definition changes; each caches its days.
const built = new Map<string, { key: string; calendar: DomainCalendar }>();

export async function loadCalendar(db: Queryable, workspaceId: string): Promise<DomainCalendar> {
  const stored = await storedCalendar(db, workspaceId);
  const key = JSON.stringify(stored);
  const hit = built.get(workspaceId);
  if (hit && hit.key === key) return hit.calendar;
  const calendar = createBusinessCalendar({ ...stored, holidayKinds: ['public'] });
  built.set(workspaceId, { key, calendar });
  return calendar;
}

export async function getCalendar(db: Queryable, workspaceId: string, now = new Date()): Promise<BusinessCalendar> {
  const stored = await storedCalendar(db, workspaceId);
  const year = now.getUTCFullYear();
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
  const upcoming = stored.holidayCountries
    .flatMap((c) => [...publicHolidayClosures(c, year, ['public']), ...publicHolidayClosures(c, year + 1, ['public'])])
    .filter((h) => h.date >= today && h.date <= horizon)
    .map((h) => ({ date: h.date, name: h.name ?? null }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { timeZone: stored.timeZone, weeklyHours: Object.fromEntries(Object.entries(stored.weeklyHours).map(([d, r]) => [d, r.map((x) => ({ from: x.from, to: x.to }))])), holidayCountries: stored.holidayCountries, closures: [...(stored.closures ?? [])], upcomingHolidays: upcoming };
}

export async function updateCalendar(db: Db, actor: Actor, input: BusinessCalendarUpdate) {
  const updated = await db.transaction(async (tx) => {
    const before = await storedCalendar(tx, actor.workspaceId);
    const next: Stored = {
      timeZone: input.timeZone ?? before.timeZone,
      weeklyHours: input.weeklyHours ?? before.weeklyHours,
      holidayCountries: input.holidayCountries ?? before.holidayCountries,
      closures: input.closures ?? before.closures,
    };
    try {
      createBusinessCalendar(next);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw invalid(/time ?zone/i.test(message) ? 'body.timeZone' : 'body.weeklyHours', 'invalid_calendar', message);
    }
    const values = { timeZone: next.timeZone, weeklyHours: { ...next.weeklyHours } as Record<string, { from: string; to: string }[]>, holidayCountries: next.holidayCountries, closures: [...(next.closures ?? [])], updatedAt: new Date() };
    await tx.insert(businessCalendars).values({ workspaceId: actor.workspaceId, ...values })
      .onConflictDoUpdate({ target: businessCalendars.workspaceId, set: values });
    await recordAudit(tx, actor, { action: 'service.calendar.updated', entityType: 'business_calendar', entityId: actor.workspaceId, before, after: next });
    return getCalendar(tx, actor.workspaceId);
  });
  forgetDeskSettings(actor.workspaceId);
  return updated;
}
