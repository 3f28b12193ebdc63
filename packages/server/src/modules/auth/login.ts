import { and, asc, count, eq, gt, lt } from 'drizzle-orm';
import { effectivePermissions, isRole } from '@vefa/domain';
import type { Db } from '../../platform/db/database.ts';
import { loginFailures, memberships, users, workspaces } from '../../platform/db/schema.ts';
import { DUMMY_PASSWORD_HASH, sha256, verifyPassword } from '../../platform/auth/secrets.ts';
import { openSession } from '../../platform/auth/credentials.ts';
import { ProblemError } from '../../platform/http/problem.ts';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;

/**
 * Signs a person in. Five wrong passwords for one e-mail within fifteen
 * minutes lock that e-mail out for the rest of the window, whatever the IP,
 * and the answer never tells whether the e-mail exists.
 */
export async function signIn(db: Db, props: { email: string; password: string; workspaceId?: string | undefined }) {
  const email = props.email.trim().toLowerCase();
  const emailKey = sha256(email);
  const since = new Date(Date.now() - WINDOW_MS);
  const [failures] = await db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.emailKey, emailKey), gt(loginFailures.failedAt, since)));
  if ((failures?.n ?? 0) >= MAX_FAILURES) {
    throw new ProblemError(429, 'login_throttled', 'Too many failed sign-ins for this e-mail; wait 15 minutes', undefined, { 'retry-after': '900' });
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, props.password);
  if (!user || !ok || user.disabledAt) {
    await db.insert(loginFailures).values({ emailKey });
    await db.delete(loginFailures).where(lt(loginFailures.failedAt, since));
    throw new ProblemError(401, 'invalid_credentials', 'E-mail or password is wrong', [
      { field: 'body.password', code: 'invalid_credentials', message: 'E-mail or password is wrong' },
    ]);
  }
  await db.delete(loginFailures).where(eq(loginFailures.emailKey, emailKey));
  const rows = await db.select({ workspaceId: memberships.workspaceId }).from(memberships)
    .where(eq(memberships.userId, user.id)).orderBy(asc(memberships.createdAt));
  const chosen = props.workspaceId ? rows.find((r) => r.workspaceId === props.workspaceId) : rows[0];
  if (!chosen) throw new ProblemError(403, 'no_workspace', 'This account belongs to no workspace (or not to the one asked for)');
  const session = await openSession(db, chosen.workspaceId, user.id);
  return { session, userId: user.id, workspaceId: chosen.workspaceId };
}

/** The signed-in person, their workspace and what they may do there. */
export async function describeMe(db: Db, userId: string, workspaceId: string, csrfToken: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, timeZone: workspaces.timeZone, currency: workspaces.currency, role: memberships.role })
    .from(memberships).innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId)).orderBy(asc(memberships.createdAt));
  const list = rows.flatMap((w) => (isRole(w.role) ? [{ ...w, role: w.role }] : []));
  const current = list.find((w) => w.id === workspaceId);
  if (!user || !current) throw new ProblemError(401, 'unauthenticated', 'Sign in again');
  const locale: 'az' | 'tr' | 'en' = user.locale === 'tr' || user.locale === 'en' ? user.locale : 'az';
  return {
    user: { id: user.id, email: user.email, name: user.name, locale },
    workspace: current,
    workspaces: list,
    permissions: effectivePermissions(current.role, null),
    csrfToken,
  };
}
