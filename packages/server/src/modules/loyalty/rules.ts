import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  compileEarningRules, evaluateEarning, localTimeOf, validateEarningRule,
  type CompiledEarningRule, type EarningRule, type MemberFacts, type Purchase,
} from '@vefa/domain';
import type { RuleCreate, RuleUpdate, SimulateInput } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { notFound, ProblemError } from '../../platform/http/problem.ts';
import { loyaltyEarningRules, loyaltyMembers, loyaltyTiers } from './schema.ts';
import { presentRule } from './presenter.ts';
import { bumpRulesVersion, loadProgramme, localDateOf, type ProgrammeRow } from './programmes.ts';

/** Validates rule JSON with the domain's checker; every problem names its field as body.rule.<path>. */
export function parseRule(json: Record<string, unknown>, id: string, fieldPrefix = 'body.rule'): EarningRule {
  const result = validateEarningRule({ ...json, id });
  if (result.ok) return result.rule;
  const errors = result.errors.map((e) => ({ field: e.path ? `${fieldPrefix}.${e.path}` : fieldPrefix, code: e.code, message: e.message }));
  throw new ProblemError(422, 'validation_failed', `The rule is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
}

/**
 * Compiled rules per workspace, programme and rules version. A rule change bumps the
 * programme's version in the same transaction, so a stale entry is never used again.
 */
const cache = new Map<string, readonly CompiledEarningRule[]>();
const CACHE_MAX = 1000;

export async function compiledRulesFor(db: Queryable, programme: ProgrammeRow): Promise<readonly CompiledEarningRule[]> {
  const key = `${programme.workspaceId}:${programme.id}:${programme.rulesVersion}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rows = await db.select().from(loyaltyEarningRules).where(and(
    eq(loyaltyEarningRules.workspaceId, programme.workspaceId), eq(loyaltyEarningRules.programmeId, programme.id), eq(loyaltyEarningRules.active, true),
  ));
  const rules: EarningRule[] = [];
  for (const r of rows) {
    const v = validateEarningRule({ ...r.rule, id: r.id });
    if (v.ok) rules.push(v.rule);
  }
  const compiled = compileEarningRules(rules);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

export async function createRule(db: Db, actor: Actor, input: z.infer<typeof RuleCreate>) {
  return db.transaction(async (tx) => {
    const { programme } = await loadProgramme(tx, actor.workspaceId, input.programmeId);
    const id = crypto.randomUUID();
    const rule = parseRule(input.rule, id);
    const { id: _omit, ...stored } = rule;
    const [row] = await tx.insert(loyaltyEarningRules).values({
      workspaceId: actor.workspaceId, id, programmeId: programme.id, name: rule.name, rule: { ...stored }, priority: rule.priority, active: input.active,
    }).returning();
    if (!row) throw new Error('rule insert returned nothing');
    await bumpRulesVersion(tx, actor.workspaceId, programme.id);
    await recordAudit(tx, actor, { action: 'loyalty.rule.created', entityType: 'loyalty_rule', entityId: id, after: presentRule(row) });
    return presentRule(row);
  });
}

export async function updateRule(db: Db, actor: Actor, id: string, input: z.infer<typeof RuleUpdate>) {
  return db.transaction(async (tx) => {
    const where = and(eq(loyaltyEarningRules.workspaceId, actor.workspaceId), eq(loyaltyEarningRules.id, id));
    const [before] = await tx.select().from(loyaltyEarningRules).where(where).for('update');
    if (!before) throw notFound('Earning rule');
    const rule = input.rule ? parseRule(input.rule, id) : null;
    const stored = rule ? (({ id: _omit, ...rest }) => rest)(rule) : null;
    const [row] = await tx.update(loyaltyEarningRules).set({
      ...(rule && stored ? { rule: { ...stored }, name: rule.name, priority: rule.priority } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      version: before.version + 1, updatedAt: new Date(),
    }).where(where).returning();
    if (!row) throw notFound('Earning rule');
    await bumpRulesVersion(tx, actor.workspaceId, row.programmeId);
    await recordAudit(tx, actor, { action: 'loyalty.rule.updated', entityType: 'loyalty_rule', entityId: id, before: presentRule(before), after: presentRule(row) });
    return presentRule(row);
  });
}

/** Rules are never deleted (ledger entries name them): deleting deactivates. */
export async function deactivateRule(db: Db, actor: Actor, id: string) {
  return updateRule(db, actor, id, { active: false });
}

export async function listRules(db: Queryable, workspaceId: string, programmeId: string | undefined) {
  const rows = await db.select().from(loyaltyEarningRules).where(and(
    eq(loyaltyEarningRules.workspaceId, workspaceId), programmeId ? eq(loyaltyEarningRules.programmeId, programmeId) : undefined,
  )).orderBy(desc(loyaltyEarningRules.priority), asc(loyaltyEarningRules.createdAt));
  return rows.map(presentRule);
}

export async function getRule(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.select().from(loyaltyEarningRules).where(and(eq(loyaltyEarningRules.workspaceId, workspaceId), eq(loyaltyEarningRules.id, id)));
  if (!row) throw notFound('Earning rule');
  return presentRule(row);
}

/** Runs the active rules (and/or an unsaved one) on a sample purchase with explanations. Writes nothing. */
export async function simulate(db: Queryable, workspaceId: string, input: z.infer<typeof SimulateInput>) {
  const { programme, timeZone } = await loadProgramme(db, workspaceId, input.programmeId);
  let rules: readonly CompiledEarningRule[] = input.alone ? [] : await compiledRulesFor(db, programme);
  if (input.rule) {
    const candidate = parseRule(input.rule, typeof input.rule.id === 'string' ? input.rule.id : 'simulated');
    rules = compileEarningRules([...rules.map((r) => r.rule).filter((r) => r.id !== candidate.id), candidate]);
  }
  const occurredAt = input.purchase.occurredAt ? Date.parse(input.purchase.occurredAt) : Date.now();
  let member: MemberFacts = {
    id: 'sample', segmentIds: input.member?.segmentIds ?? [], tags: input.member?.tags ?? [],
    joinedOn: input.member?.joinedOn ?? localDateOf(occurredAt, timeZone),
    ...(input.member?.tierId !== undefined ? { tierId: input.member.tierId } : {}),
    ...(input.member?.birthMonth !== undefined ? { birthMonth: input.member.birthMonth } : {}),
  };
  let firstPurchase = input.firstPurchase;
  if (input.memberId) {
    const [m] = await db.select().from(loyaltyMembers).where(and(eq(loyaltyMembers.workspaceId, workspaceId), eq(loyaltyMembers.id, input.memberId)));
    if (!m) throw notFound('Member');
    member = memberFacts(m);
    firstPurchase = m.purchaseCount === 0;
  }
  let tierMultiplierPercent = 100;
  if (member.tierId && isUuid(member.tierId)) {
    const [t] = await db.select().from(loyaltyTiers).where(and(eq(loyaltyTiers.workspaceId, workspaceId), eq(loyaltyTiers.id, member.tierId)));
    if (t) tierMultiplierPercent = t.earningMultiplierPercent;
  }
  const purchase: Purchase = {
    id: 'simulated', currency: input.purchase.currency ?? programme.currency, occurredAt,
    ...(input.purchase.storeId !== undefined ? { storeId: input.purchase.storeId } : {}),
    ...(input.purchase.channel !== undefined ? { channel: input.purchase.channel } : {}),
    ...(input.purchase.paidWithPointsMinor !== undefined ? { paidWithPointsMinor: input.purchase.paidWithPointsMinor } : {}),
    lines: input.purchase.lines.map(lineOf),
  };
  const result = evaluateEarning(rules, {
    purchase, member, local: localTimeOf(occurredAt, timeZone), firstPurchase, programmeCurrency: programme.currency,
    tierMultiplierPercent, explain: true,
  });
  return {
    totalPoints: result.totalPoints, byLine: [...result.byLine], byRule: [...result.byRule],
    explanation: result.explanation.map((e) => ({ ruleId: e.ruleId, code: e.code, message: e.message, ...(e.points !== undefined ? { points: e.points } : {}) })),
  };
}

function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

export function memberFacts(m: typeof loyaltyMembers.$inferSelect): MemberFacts {
  return {
    id: m.id, segmentIds: m.segmentIds, tags: m.tags, joinedOn: m.joinedOn,
    ...(m.tierId !== null ? { tierId: m.tierId } : {}),
    ...(m.birthMonth !== null ? { birthMonth: m.birthMonth } : {}),
  };
}

export interface LineInput {
  id: string; sku: string; category?: string | undefined; brand?: string | undefined; quantity: number;
  unitPriceMinor: number; discountMinor?: number | undefined; earnable?: boolean | undefined;
}
export function lineOf(l: LineInput): Purchase['lines'][number] {
  return {
    id: l.id, sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor,
    ...(l.category !== undefined ? { category: l.category } : {}),
    ...(l.brand !== undefined ? { brand: l.brand } : {}),
    ...(l.discountMinor !== undefined ? { discountMinor: l.discountMinor } : {}),
    ...(l.earnable !== undefined ? { earnable: l.earnable } : {}),
  };
}
