import { and, eq } from 'drizzle-orm';
import type { RoutingRule as DomainRule } from '@vefa/domain';
import type { Queryable } from '../../platform/db/database.ts';
import { departments } from '../../platform/db/schema.ts';
import { listRoutingRuleRows, toDomainRule } from './routing/rules.ts';
import { loadSlaContext, type SlaContext } from './sla/caseClock.ts';

/**
 * What the desk reads for every case it opens and which changes rarely: the
 * routing rules, the SLA policies and the business calendar. Opening a case
 * used to read them afresh each time (five queries per mail); now a workspace's
 * settings are read once and kept until a change here forgets them, or for a
 * few seconds at most, so a change made by another server process shows soon.
 */
export interface DeskSettings {
  rules: DomainRule[];
  sla: SlaContext;
  /** Whether any enabled rule or policy asks for the customer's tier; if none does, the tier need not be read. */
  tierMatters: boolean;
}

const TTL_MS = 5_000;
const settings = new Map<string, { at: number; value: Promise<DeskSettings> }>();
// Departments known to exist. Only positive answers are kept: a new department is found by the query.
const knownDepartments = new Map<string, { at: number; ids: Set<string> }>();

async function readDeskSettings(db: Queryable, workspaceId: string): Promise<DeskSettings> {
  const [rules, sla] = [(await listRoutingRuleRows(db, workspaceId)).map(toDomainRule), await loadSlaContext(db, workspaceId)];
  const tierMatters = rules.some((r) => r.enabled !== false && (r.conditions.customerTiers?.length ?? 0) > 0)
    || sla.policies.some((p) => p.enabled && (p.conditions.customerTiers?.length ?? 0) > 0);
  return { rules, sla, tierMatters };
}

export function deskSettingsOf(db: Queryable, workspaceId: string, now = Date.now()): Promise<DeskSettings> {
  const hit = settings.get(workspaceId);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = readDeskSettings(db, workspaceId);
  settings.set(workspaceId, { at: now, value });
  // A failed read (say, a rolled-back transaction) must not be remembered.
  value.catch(() => { if (settings.get(workspaceId)?.value === value) settings.delete(workspaceId); });
  return value;
}

/** Called after a change to rules, policies or the calendar has committed. */
export function forgetDeskSettings(workspaceId: string) {
  settings.delete(workspaceId);
  knownDepartments.delete(workspaceId);
}

export async function departmentExists(db: Queryable, workspaceId: string, id: string, now = Date.now()): Promise<boolean> {
  const known = knownDepartments.get(workspaceId);
  if (known && now - known.at < TTL_MS && known.ids.has(id)) return true;
  const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), eq(departments.id, id)));
  if (!d) return false;
  const entry = known && now - known.at < TTL_MS ? known : { at: now, ids: new Set<string>() };
  entry.ids.add(id);
  knownDepartments.set(workspaceId, entry);
  return true;
}
