import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  daysBetween, type LedgerSettings, type LocalDate, type TierProgramme,
} from '@vefa/domain';
import type { LoyaltyTierCreate, LoyaltyTierUpdate, ProgrammeCreate, ProgrammeUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { conflict, invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { loyaltyProgrammes, loyaltyTiers } from './schema.ts';
import { presentProgramme, presentTier } from './presenter.ts';

export type { ProgrammeRow } from './programmeRows.ts';
import type { ProgrammeRow } from './programmeRows.ts';
export type TierRow = typeof loyaltyTiers.$inferSelect;

export const MAINTENANCE_JOB = 'loyalty.maintenance';

/** A programme with what every command needs next to it: the workspace time zone. */
export interface ProgrammeContext {
  programme: ProgrammeRow;
  timeZone: string;
}

export async function loadProgramme(db: Queryable, workspaceId: string, programmeId: string | undefined): Promise<ProgrammeContext> {
  const rows = await db.select({ programme: loyaltyProgrammes, timeZone: workspaces.timeZone }).from(loyaltyProgrammes)
    .innerJoin(workspaces, eq(workspaces.id, loyaltyProgrammes.workspaceId))
    .where(and(eq(loyaltyProgrammes.workspaceId, workspaceId), programmeId ? eq(loyaltyProgrammes.id, programmeId) : eq(loyaltyProgrammes.status, 'active')))
    .orderBy(asc(loyaltyProgrammes.createdAt)).limit(2);
  const first = rows[0];
  if (!first) {
    if (programmeId) throw notFound('Loyalty programme');
    throw new ProblemError(409, 'no_programme', 'This workspace has no active loyalty programme yet: create one first');
  }
  if (!programmeId && rows.length > 1) throw invalid('body.programmeId', 'required', 'This workspace runs several programmes: name one');
  return first;
}

/** Days from the purchase day to the last usable day, from the programme's expiry in months. */
export function validityDays(p: ProgrammeRow, localDate: LocalDate): number | null {
  if (p.expiryMonths === null) return null;
  const y = Number(localDate.slice(0, 4));
  const m = Number(localDate.slice(5, 7)) - 1 + p.expiryMonths;
  const d = Number(localDate.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = (m % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const target = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  return daysBetween(localDate, target);
}

export function ledgerSettings(p: ProgrammeRow, localDate: LocalDate): LedgerSettings {
  return {
    returnWindowDays: p.returnWindowDays,
    pointsValidityDays: validityDays(p, localDate),
    negativeBalance: p.negativeBalance === 'clawBackToZero' ? 'clawBackToZero' : 'allow',
  };
}

export function tierProgrammeOf(p: ProgrammeRow, tiers: readonly TierRow[]): TierProgramme | null {
  if (tiers.length === 0) return null;
  return {
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, rank: t.rank, requires: t.requires, earningMultiplierPercent: t.earningMultiplierPercent })),
    window: p.tierSettings.window,
    review: p.tierSettings.review,
    graceDays: p.tierSettings.graceDays,
    lockAfterDays: p.returnWindowDays,
  };
}

export async function listTierRows(db: Queryable, workspaceId: string, programmeId: string): Promise<TierRow[]> {
  return db.select().from(loyaltyTiers)
    .where(and(eq(loyaltyTiers.workspaceId, workspaceId), eq(loyaltyTiers.programmeId, programmeId))).orderBy(asc(loyaltyTiers.rank));
}

/** Tiers per programme and rules version (a tier change bumps it, like a rule change): hot paths skip the read. */
const tierCache = new Map<string, readonly TierRow[]>();
export async function tierRowsFor(db: Queryable, programme: ProgrammeRow): Promise<readonly TierRow[]> {
  const key = `${programme.workspaceId}:${programme.id}:${programme.rulesVersion}`;
  const hit = tierCache.get(key);
  if (hit) return hit;
  const rows = await listTierRows(db, programme.workspaceId, programme.id);
  if (tierCache.size >= 1000) tierCache.clear();
  tierCache.set(key, rows);
  return rows;
}

/** First run of the hourly maintenance job (release, expiry, warnings): it re-enqueues itself. */
export async function scheduleMaintenance(tx: Queryable, workspaceId: string, programmeId: string, runAt: Date) {
  const hour = runAt.toISOString().slice(0, 13);
  await enqueueJob(tx, workspaceId, MAINTENANCE_JOB, { programmeId }, { runAt, dedupeKey: `${programmeId}:${hour}` });
}

export async function createProgramme(db: Db, actor: Actor, input: z.infer<typeof ProgrammeCreate>) {
  return db.transaction(async (tx) => {
    const [ws] = await tx.select({ currency: workspaces.currency }).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
    const [row] = await tx.insert(loyaltyProgrammes).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, currency: input.currency ?? ws?.currency ?? 'AZN',
      pointValueMinor: input.pointValueMinor, returnWindowDays: input.returnWindowDays, expiryMonths: input.expiryMonths,
      expiryWarningDays: input.expiryWarningDays, negativeBalance: input.negativeBalance, earning: input.earning,
      burning: input.burning, tierSettings: input.tierSettings, referral: input.referral,
    }).returning();
    if (!row) throw new Error('programme insert returned nothing');
    await scheduleMaintenance(tx, actor.workspaceId, row.id, new Date());
    const view = presentProgramme(row);
    await recordAudit(tx, actor, { action: 'loyalty.programme.created', entityType: 'loyalty_programme', entityId: row.id, after: view });
    return view;
  });
}

export async function updateProgramme(db: Db, actor: Actor, id: string, input: z.infer<typeof ProgrammeUpdate>) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(loyaltyProgrammes)
      .where(and(eq(loyaltyProgrammes.workspaceId, actor.workspaceId), eq(loyaltyProgrammes.id, id))).for('update');
    if (!before) throw notFound('Loyalty programme');
    const [row] = await tx.update(loyaltyProgrammes).set({ ...input, updatedAt: new Date() })
      .where(and(eq(loyaltyProgrammes.workspaceId, actor.workspaceId), eq(loyaltyProgrammes.id, id))).returning();
    if (!row) throw notFound('Loyalty programme');
    const view = presentProgramme(row);
    await recordAudit(tx, actor, { action: 'loyalty.programme.updated', entityType: 'loyalty_programme', entityId: id, before: presentProgramme(before), after: view });
    return view;
  });
}

export async function listProgrammes(db: Queryable, workspaceId: string) {
  const rows = await db.select().from(loyaltyProgrammes).where(eq(loyaltyProgrammes.workspaceId, workspaceId)).orderBy(asc(loyaltyProgrammes.createdAt));
  return rows.map(presentProgramme);
}

export async function getProgramme(db: Queryable, workspaceId: string, id: string) {
  return presentProgramme((await loadProgramme(db, workspaceId, id)).programme);
}

export async function bumpRulesVersion(tx: Queryable, workspaceId: string, programmeId: string) {
  await tx.update(loyaltyProgrammes).set({ rulesVersion: sql`${loyaltyProgrammes.rulesVersion} + 1`, updatedAt: new Date() })
    .where(and(eq(loyaltyProgrammes.workspaceId, workspaceId), eq(loyaltyProgrammes.id, programmeId)));
}

export function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 3 && e instanceof Error; i++) {
    if ('code' in e && e.code === '23505') return true;
    e = e.cause;
  }
  return false;
}

export async function createTier(db: Db, actor: Actor, programmeId: string, input: z.infer<typeof LoyaltyTierCreate>) {
  return db.transaction(async (tx) => {
    await loadProgramme(tx, actor.workspaceId, programmeId);
    try {
      const [row] = await tx.insert(loyaltyTiers).values({
        workspaceId: actor.workspaceId, id: crypto.randomUUID(), programmeId, name: input.name, rank: input.rank,
        requires: input.requires, earningMultiplierPercent: input.earningMultiplierPercent,
      }).returning();
      if (!row) throw new Error('tier insert returned nothing');
      await bumpRulesVersion(tx, actor.workspaceId, programmeId);
      await placeUntieredMembers(tx, actor.workspaceId, programmeId);
      await recordAudit(tx, actor, { action: 'loyalty.tier.created', entityType: 'loyalty_tier', entityId: row.id, after: presentTier(row) });
      return presentTier(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('rank_taken', `Another tier already has rank ${input.rank}`, 'body.rank');
      throw error;
    }
  });
}

export async function updateTier(db: Db, actor: Actor, programmeId: string, id: string, input: z.infer<typeof LoyaltyTierUpdate>) {
  return db.transaction(async (tx) => {
    const where = and(eq(loyaltyTiers.workspaceId, actor.workspaceId), eq(loyaltyTiers.programmeId, programmeId), eq(loyaltyTiers.id, id));
    const [before] = await tx.select().from(loyaltyTiers).where(where);
    if (!before) throw notFound('Tier');
    const [row] = await tx.update(loyaltyTiers).set(input).where(where).returning();
    if (!row) throw notFound('Tier');
    await bumpRulesVersion(tx, actor.workspaceId, programmeId);
    await placeUntieredMembers(tx, actor.workspaceId, programmeId);
    await recordAudit(tx, actor, { action: 'loyalty.tier.updated', entityType: 'loyalty_tier', entityId: id, before: presentTier(before), after: presentTier(row) });
    return presentTier(row);
  });
}

/**
 * Members who joined before the programme had tiers (or never bought since) get the entry
 * tier, so every member has a tier and progress; purchases and reviews take it from there.
 */
async function placeUntieredMembers(tx: Queryable, workspaceId: string, programmeId: string) {
  await tx.execute(sql`
    update loyalty_members m set tier_id = e.id, held_tier_id = e.id, last_review_on = coalesce(m.last_review_on, m.joined_on)
    from (select id from loyalty_tiers where workspace_id = ${workspaceId} and programme_id = ${programmeId} order by rank limit 1) e
    where m.workspace_id = ${workspaceId} and m.programme_id = ${programmeId} and m.tier_id is null`);
}

export async function listTiers(db: Queryable, workspaceId: string, programmeId: string) {
  await loadProgramme(db, workspaceId, programmeId);
  return (await listTierRows(db, workspaceId, programmeId)).map(presentTier);
}

/** Local calendar date of an instant in a time zone. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function localDateOf(instantMs: number, timeZone: string): LocalDate {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(new Date(instantMs));
}

