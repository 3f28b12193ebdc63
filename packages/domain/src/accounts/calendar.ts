import { zoneOffsetMinutes } from './ics.ts';

const DAY = 86_400_000;

/** The UTC instant when a local calendar day starts in a zone ("2026-11-01" in Baku → 2026-10-31T20:00Z). */
export function startOfLocalDay(day: string, timeZone: string): number {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // The offset at the guessed instant is right except across a DST jump; one correction settles it.
  const first = guess - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return guess - zoneOffsetMinutes(first, timeZone) * 60_000;
}

/** A report month ("2026-11") as a half-open UTC range in the workspace's zone. */
export function monthRange(month: string, timeZone: string): { from: number; to: number } {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: startOfLocalDay(`${month}-01`, timeZone), to: startOfLocalDay(next, timeZone) };
}

export function previousMonth(month: string): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The local calendar day of an instant ("YYYY-MM-DD"). */
export function localDay(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** Whole days from `fromDay` to `toDay` (calendar days, negative when toDay is earlier). */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The day a contract's renewal reminder is due: `reminderDays` before its renewal date. */
export function renewalReminderDay(renewalOn: string, reminderDays: number): string {
  return addDays(renewalOn, -reminderDays);
}

export const ORDER_STATUSES = ['received', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'invoiced', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Forward moves only (one step or a skip), or cancel before shipping: fulfilment does not run backwards. */
export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  if (to === 'cancelled') return ['received', 'confirmed', 'in_fulfilment'].includes(from);
  if (from === 'cancelled') return false;
  return ORDER_STATUSES.indexOf(to) > ORDER_STATUSES.indexOf(from);
}

/** An order is late while it is not yet delivered (or cancelled) after the day it was promised. */
export function isOrderOverdue(order: { status: OrderStatus; dueOn: string | null }, today: string): boolean {
  if (!order.dueOn || ['delivered', 'invoiced', 'cancelled'].includes(order.status)) return false;
  return today > order.dueOn;
}

export function nextMonth(month: string): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
