import { and, asc, count, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { MemberCreate, MemberUpdate } from '@vefa/contract';
import { isRole } from '@vefa/domain';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { departments, memberships, sessions, users } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/auth/secrets.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound, ProblemError } from '../../platform/http/problem.ts';

const LOCALES = ['az', 'tr', 'en'] as const;

function presentMember(row: { userId: string; email: string; name: string; role: string; departmentId: string | null; locale: string; createdAt: Date }) {
  return {
    userId: row.userId, email: row.email, name: row.name, role: isRole(row.role) ? row.role : 'viewer',
    departmentId: row.departmentId, locale: LOCALES.find((l) => l === row.locale) ?? 'az', joinedAt: row.createdAt.toISOString(),
  };
}

const memberColumns = {
  userId: memberships.userId, email: users.email, name: users.name, role: memberships.role,
  departmentId: memberships.departmentId, locale: users.locale, createdAt: memberships.createdAt,
};

export async function listMembers(db: Db, workspaceId: string) {
  const rows = await db.select(memberColumns).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId)).orderBy(asc(users.name));
  return rows.map(presentMember);
}

async function checkDepartment(db: Queryable, workspaceId: string, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), eq(departments.id, departmentId)));
  if (!d) throw invalid('body.departmentId', 'unknown_department', 'No such department in this workspace');
}

/** Only an owner may make someone an owner; an admin cannot promote past themselves. */
function checkGrant(actor: Actor, role: string) {
  if (role === 'owner' && actor.role !== 'owner') throw new ProblemError(403, 'forbidden', 'Only an owner can grant the owner role');
}

/** Adds a person to the workspace, creating their login if they have none yet. */
export async function addMember(db: Db, actor: Actor, input: z.infer<typeof MemberCreate>) {
  checkGrant(actor, input.role);
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    await checkDepartment(tx, actor.workspaceId, input.departmentId);
    let [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user) {
      [user] = await tx.insert(users).values({ id: crypto.randomUUID(), email, name: input.name, passwordHash: await hashPassword(input.password), locale: input.locale }).returning();
    }
    if (!user) throw new Error('user insert returned nothing');
    const added = await tx.insert(memberships).values({ workspaceId: actor.workspaceId, userId: user.id, role: input.role, departmentId: input.departmentId ?? null })
      .onConflictDoNothing().returning();
    if (added.length === 0) throw conflict('already_member', `${email} is already a member of this workspace`, 'body.email');
    await recordAudit(tx, actor, { action: 'member.added', entityType: 'member', entityId: user.id, after: { email, role: input.role, departmentId: input.departmentId ?? null } });
    const [row] = await tx.select(memberColumns).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, user.id)));
    if (!row) throw notFound('Member');
    return presentMember(row);
  });
}

async function ownersLeft(db: Queryable, workspaceId: string) {
  const [row] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

export async function updateMember(db: Db, actor: Actor, userId: string, input: z.infer<typeof MemberUpdate>) {
  if (input.role) checkGrant(actor, input.role);
  return db.transaction(async (tx) => {
    const [before] = await tx.select(memberColumns).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
    if (!before) throw notFound('Member');
    if (before.role === 'owner' && actor.role !== 'owner') throw new ProblemError(403, 'forbidden', 'Only an owner can change an owner');
    await checkDepartment(tx, actor.workspaceId, input.departmentId);
    await tx.update(memberships).set({
      ...(input.role ? { role: input.role } : {}), ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
    }).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
    if (before.role === 'owner' && (await ownersLeft(tx, actor.workspaceId)) === 0) {
      throw conflict('last_owner', 'A workspace needs at least one owner', 'body.role');
    }
    const after = { ...before, ...(input.role ? { role: input.role } : {}), ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}) };
    await recordAudit(tx, actor, { action: 'member.updated', entityType: 'member', entityId: userId, before: presentMember(before), after: presentMember(after) });
    return presentMember(after);
  });
}

export async function removeMember(db: Db, actor: Actor, userId: string) {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(memberships).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId))).returning();
    if (!before) throw notFound('Member');
    if (before.role === 'owner' && actor.role !== 'owner') throw new ProblemError(403, 'forbidden', 'Only an owner can remove an owner');
    if ((await ownersLeft(tx, actor.workspaceId)) === 0) throw conflict('last_owner', 'A workspace needs at least one owner', 'params.userId');
    // Their sessions in this workspace end with the membership.
    await tx.delete(sessions).where(and(eq(sessions.workspaceId, actor.workspaceId), eq(sessions.userId, userId)));
    await recordAudit(tx, actor, { action: 'member.removed', entityType: 'member', entityId: userId, before });
  });
}

export async function listDepartments(db: Db, workspaceId: string) {
  const rows = await db.select().from(departments).where(eq(departments.workspaceId, workspaceId)).orderBy(asc(departments.name));
  return rows.map((d) => ({ id: d.id, name: d.name, createdAt: d.createdAt.toISOString() }));
}

export async function createDepartment(db: Db, actor: Actor, name: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(departments).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), name }).onConflictDoNothing().returning();
    if (!row) throw conflict('department_exists', `A department "${name}" already exists`, 'body.name');
    await recordAudit(tx, actor, { action: 'department.created', entityType: 'department', entityId: row.id, after: { name } });
    return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
  });
}
