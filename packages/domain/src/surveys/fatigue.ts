// Survey fatigue: a customer hears from us at most once per window. The
// server enforces it with one conditional upsert per customer (see
// modules/surveys/fatigue.ts); this is the same rule for previews and tests.

export const DEFAULT_FATIGUE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Whether a customer last invited at `lastInvitedAt` may be invited at `now`. */
export function mayInvite(lastInvitedAt: Date | null, now: Date, windowDays: number): boolean {
  if (lastInvitedAt === null) return true;
  return now.getTime() - lastInvitedAt.getTime() >= windowDays * DAY_MS;
}

/** The earliest moment the customer may be invited again. */
export function nextInviteAt(lastInvitedAt: Date, windowDays: number): Date {
  return new Date(lastInvitedAt.getTime() + windowDays * DAY_MS);
}

/**
 * Which of a list of invitation times (any order) would be sent under the
 * rule, greedily oldest first: what the database produces when triggers race.
 */
export function admittedInvitations(times: readonly Date[], windowDays: number, lastInvitedAt: Date | null = null): Date[] {
  const sorted = [...times].sort((a, b) => a.getTime() - b.getTime());
  const out: Date[] = [];
  let last = lastInvitedAt;
  for (const t of sorted) {
    if (mayInvite(last, t, windowDays)) {
      out.push(t);
      last = t;
    }
  }
  return out;
}
