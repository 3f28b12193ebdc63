import { and, asc, eq } from 'drizzle-orm';
import { WORK_CYCLE, WORK_CYCLE_NAMES } from '@vefa/domain/accounts/index';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../platform/http/problem.ts';
import { pipelineStages, pipelines } from './schema.ts';

type StageRow = typeof pipelineStages.$inferSelect;
export function presentStage(s: StageRow) {
  return { id: s.id, key: s.key, name: s.name, position: s.position, probability: s.probability, outcome: s.outcome === 'won' ? 'won' as const : 'open' as const };
}

async function insertPipeline(tx: Queryable, workspaceId: string, name: string, isDefault: boolean, stages: { key: string | null; name: string; probability: number; outcome: string }[]) {
  const id = crypto.randomUUID();
  const inserted = await tx.insert(pipelines).values({ workspaceId, id, name, isDefault }).onConflictDoNothing().returning();
  if (inserted.length === 0) return null;
  await tx.insert(pipelineStages).values(stages.map((s, position) => ({ workspaceId, id: crypto.randomUUID(), pipelineId: id, position, ...s })));
  return id;
}

/** The workspace's default pipeline, created on first use with the work-cycle stages. */
export async function ensureDefaultPipeline(db: Queryable, workspaceId: string, language: 'az' | 'tr' | 'en' = 'az') {
  const [existing] = await db.select().from(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true)));
  if (existing) return existing.id;
  const stages = WORK_CYCLE.map((s) => ({ key: s.key, name: WORK_CYCLE_NAMES[s.key][language], probability: s.probability, outcome: s.outcome }));
  // Two first requests may race: the partial unique index lets one win, the other reads it.
  const created = await insertPipeline(db, workspaceId, { az: 'Əsas satış dövrü', tr: 'Ana satış döngüsü', en: 'Main sales cycle' }[language], true, stages);
  if (created) return created;
  const [winner] = await db.select().from(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true)));
  if (!winner) throw new Error('default pipeline vanished');
  return winner.id;
}

export async function listStages(db: Queryable, workspaceId: string, pipelineId: string) {
  return db.select().from(pipelineStages).where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.pipelineId, pipelineId))).orderBy(asc(pipelineStages.position));
}

export async function getPipeline(db: Queryable, workspaceId: string, pipelineId: string) {
  const [p] = await db.select().from(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, pipelineId)));
  if (!p) throw notFound('Pipeline');
  const stages = await listStages(db, workspaceId, pipelineId);
  return { id: p.id, name: p.name, isDefault: p.isDefault, stages: stages.map(presentStage) };
}

export async function listPipelines(db: Queryable, workspaceId: string) {
  await ensureDefaultPipeline(db, workspaceId);
  const all = await db.select().from(pipelines).where(eq(pipelines.workspaceId, workspaceId)).orderBy(asc(pipelines.createdAt));
  const stages = await db.select().from(pipelineStages).where(eq(pipelineStages.workspaceId, workspaceId)).orderBy(asc(pipelineStages.position));
  return all.sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((p) => ({
    id: p.id, name: p.name, isDefault: p.isDefault, stages: stages.filter((s) => s.pipelineId === p.id).map(presentStage),
  }));
}

export async function createPipeline(db: Db, actor: Actor, input: { name: string; stages?: { name: string; probability: number; outcome: 'open' | 'won' }[] | undefined }) {
  const stages = input.stages?.map((s) => ({ key: null, ...s }))
    ?? WORK_CYCLE.map((s) => ({ key: s.key, name: WORK_CYCLE_NAMES[s.key].en, probability: s.probability, outcome: s.outcome }));
  if (!stages.some((s) => s.outcome === 'open')) throw invalid('body.stages', 'no_open_stage', 'A pipeline needs at least one open stage');
  return db.transaction(async (tx) => {
    await ensureDefaultPipeline(tx, actor.workspaceId);
    const id = await insertPipeline(tx, actor.workspaceId, input.name, false, stages);
    if (!id) throw new Error('pipeline insert returned nothing');
    await recordAudit(tx, actor, { action: 'pipeline.created', entityType: 'pipeline', entityId: id, after: { name: input.name, stages } });
    return getPipeline(tx, actor.workspaceId, id);
  });
}
