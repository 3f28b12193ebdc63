/**
 * An iCalendar (RFC 5545) invitation for one appointment. Times are written as
 * local wall time with a TZID and the matching VTIMEZONE, so the invitee's
 * calendar shows the meeting at 10:00 Baku time whatever its own zone is.
 */
export interface Invitation {
  uid: string;
  /** UTC milliseconds. */
  start: number;
  end: number;
  timeZone: string;
  summary: string;
  description?: string | null;
  location?: string | null;
  organizer: { name: string; email: string };
  attendees: { name: string; email: string }[];
  /** Bumped when the appointment changes, so calendars replace the old one. */
  sequence?: number;
  reminderMinutes?: number | null;
  stamp: number;
  method?: 'REQUEST' | 'CANCEL';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** The wall-clock time in a zone, read through Intl (no I/O, the runtime's zone database). */
export function wallTime(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of a zone from UTC at an instant, in minutes (Baku +240). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

function localStamp(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  return `${w.year}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
}

/**
 * Asia/Baku (+04) and Europe/Istanbul (+03) have kept one offset all year since
 * 2016, so one STANDARD block is the whole truth for them. For other zones the
 * offset at the appointment is written, which is exact for a single event.
 */
export function vtimezone(timeZone: string, at: number): string[] {
  const offset = offsetText(zoneOffsetMinutes(at, timeZone));
  const name = timeZone === 'Asia/Baku' ? '+04' : timeZone === 'Europe/Istanbul' ? '+03' : offset;
  return [
    'BEGIN:VTIMEZONE', `TZID:${timeZone}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, `TZNAME:${name}`, 'END:STANDARD', 'END:VTIMEZONE',
  ];
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (ə and ş are two bytes). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const quoteParam = (v: string) => `"${v.replace(/"/g, "'")}"`;

export function buildInvitation(inv: Invitation): string {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vefa//Key accounts//EN', 'CALSCALE:GREGORIAN', `METHOD:${inv.method ?? 'REQUEST'}`,
    ...vtimezone(inv.timeZone, inv.start),
    'BEGIN:VEVENT',
    `UID:${inv.uid}`,
    `DTSTAMP:${utcStamp(inv.stamp)}`,
    `DTSTART;TZID=${inv.timeZone}:${localStamp(inv.start, inv.timeZone)}`,
    `DTEND;TZID=${inv.timeZone}:${localStamp(inv.end, inv.timeZone)}`,
    `SEQUENCE:${inv.sequence ?? 0}`,
    `STATUS:${inv.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(inv.summary)}`,
    ...(inv.description ? [`DESCRIPTION:${escapeText(inv.description)}`] : []),
    ...(inv.location ? [`LOCATION:${escapeText(inv.location)}`] : []),
    `ORGANIZER;CN=${quoteParam(inv.organizer.name)}:mailto:${inv.organizer.email}`,
    ...inv.attendees.map((a) => `ATTENDEE;CN=${quoteParam(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.email}`),
    ...(inv.reminderMinutes ? ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(inv.summary)}`, `TRIGGER:-PT${inv.reminderMinutes}M`, 'END:VALARM'] : []),
    'END:VEVENT', 'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
