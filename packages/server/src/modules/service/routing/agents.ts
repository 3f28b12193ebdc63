import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { chooseAssignee, ROLE_PERMISSIONS, type AssignableAgent, type Role } from '@vefa/domain';
import type { Actor } from '../../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../../platform/db/database.ts';
import { departments, memberships, users } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../../platform/http/problem.ts';
import { agentProfiles, departmentServiceSettings } from '../schema.ts';

const WORKING_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('service:work'));

export async function assertWorkspaceMember(db: Queryable, workspaceId: string, userId: string, field: string) {
  const [m] = await db.select({ userId: memberships.userId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId), isNull(users.disabledAt)));
  if (!m) throw invalid(field, 'unknown_user', 'Not an active member of this workspace');
}

export interface DepartmentAgent extends AssignableAgent { name: string; openCases: number; skills: string[]; languages: string[]; available: boolean; maxOpenCases?: number }

/** People of a department who work cases, with their profile and current open load. */
export async function departmentAgents(db: Queryable, workspaceId: string, departmentId: string): Promise<DepartmentAgent[]> {
  const rows = await db.select({
    id: users.id, name: users.name, available: agentProfiles.available, skills: agentProfiles.skills,
    languages: agentProfiles.languages, maxOpenCases: agentProfiles.maxOpenCases,
  }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(agentProfiles, and(eq(agentProfiles.workspaceId, memberships.workspaceId), eq(agentProfiles.userId, memberships.userId)))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.departmentId, departmentId), inArray(memberships.role, WORKING_ROLES), isNull(users.disabledAt)))
    .orderBy(users.name, users.id);
  const ids = rows.map((r) => r.id);
  const load = ids.length === 0 ? [] : await sqlRows<{ assignee_id: string; n: number }>(db, sql`select assignee_id, count(*)::int as n from cases
    where workspace_id = ${workspaceId} and is_open and assignee_id in ${ids} group by assignee_id`);
  const open = new Map(load.map((l) => [l.assignee_id, Number(l.n)]));
  return rows.map((r) => ({
    id: r.id, name: r.name, available: r.available ?? true, skills: r.skills ?? [], languages: r.languages ?? [],
    ...(r.maxOpenCases !== null && r.maxOpenCases !== undefined ? { maxOpenCases: r.maxOpenCases } : {}),
    openCases: open.get(r.id) ?? 0,
  }));
}

/**
 * Picks an agent of the department by its strategy. The settings row is locked
 * so two cases opened at once do not both go to the same "next" agent.
 */
export async function assignWithinDepartment(tx: Queryable, workspaceId: string, departmentId: string, need: { language?: string | null; skills?: string[] }): Promise<string | null> {
  const [settings] = await tx.select().from(departmentServiceSettings)
    .where(and(eq(departmentServiceSettings.workspaceId, workspaceId), eq(departmentServiceSettings.departmentId, departmentId))).for('update');
  if (!settings || settings.strategy === 'manual') return null;
  const agents = await departmentAgents(tx, workspaceId, departmentId);
  const chosen = chooseAssignee(settings.strategy === 'round_robin' ? 'round_robin' : 'least_open_cases', agents, {
    lastAssignedId: settings.lastAssignedId,
    openCases: new Map(agents.map((a) => [a.id, a.openCases])),
    requirement: { language: need.language ?? null, skills: need.skills ?? [] },
  });
  if (!chosen) return null;
  await tx.update(departmentServiceSettings).set({ lastAssignedId: chosen.id })
    .where(and(eq(departmentServiceSettings.workspaceId, workspaceId), eq(departmentServiceSettings.departmentId, departmentId)));
  return chosen.id;
}

export async function listDepartmentSettings(db: Queryable, workspaceId: string) {
  const depts = await db.select().from(departments).where(eq(departments.workspaceId, workspaceId)).orderBy(departments.name);
  const settings = await db.select().from(departmentServiceSettings).where(eq(departmentServiceSettings.workspaceId, workspaceId));
  const out = [];
  for (const d of depts) {
    const agents = await departmentAgents(db, workspaceId, d.id);
    out.push({
      departmentId: d.id, name: d.name,
      strategy: (settings.find((s) => s.departmentId === d.id)?.strategy ?? 'manual') as 'manual' | 'round_robin' | 'least_open_cases',
      agents: agents.map((a) => ({ userId: a.id, name: a.name, available: a.available, skills: a.skills, languages: a.languages, maxOpenCases: a.maxOpenCases ?? null, openCases: a.openCases })),
    });
  }
  return out;
}

export async function setDepartmentStrategy(db: Db, actor: Actor, departmentId: string, strategy: 'manual' | 'round_robin' | 'least_open_cases') {
  await db.transaction(async (tx) => {
    const [d] = await tx.select().from(departments).where(and(eq(departments.workspaceId, actor.workspaceId), eq(departments.id, departmentId)));
    if (!d) throw notFound('Department');
    await tx.insert(departmentServiceSettings).values({ workspaceId: actor.workspaceId, departmentId, strategy })
      .onConflictDoUpdate({ target: [departmentServiceSettings.workspaceId, departmentServiceSettings.departmentId], set: { strategy } });
    await recordAudit(tx, actor, { action: 'service.department.strategy_set', entityType: 'department', entityId: departmentId, after: { strategy } });
  });
  const all = await listDepartmentSettings(db, actor.workspaceId);
  const found = all.find((s) => s.departmentId === departmentId);
  if (!found) throw notFound('Department');
  return found;
}

export async function updateAgentProfile(db: Db, actor: Actor, userId: string, input: { available?: boolean; skills?: string[]; languages?: string[]; maxOpenCases?: number | null }) {
  await db.transaction(async (tx) => {
    const [m] = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
    if (!m) throw notFound('Member');
    const set = {
      ...(input.available !== undefined ? { available: input.available } : {}),
      ...(input.skills !== undefined ? { skills: input.skills } : {}),
      ...(input.languages !== undefined ? { languages: input.languages } : {}),
      ...(input.maxOpenCases !== undefined ? { maxOpenCases: input.maxOpenCases } : {}),
    };
    await tx.insert(agentProfiles).values({ workspaceId: actor.workspaceId, userId, ...set })
      .onConflictDoUpdate({ target: [agentProfiles.workspaceId, agentProfiles.userId], set: Object.keys(set).length ? set : { available: sql`agent_profiles.available` } });
    await recordAudit(tx, actor, { action: 'service.agent_profile.updated', entityType: 'user', entityId: userId, after: input });
  });
}
