import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { compileSegment, SEGMENT_FIELDS, type SegmentPlan } from '@vefa/domain/campaigns/index';
import type { SegmentCreate, SegmentUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { notFound, ProblemError } from '../../platform/http/problem.ts';
import { campaignSegmentMembers, campaignSegments } from './schema.ts';
import { presentSegment } from './presenter.ts';
import { segmentCustomerFilter, withSetPlan, type CustomerFilter } from './segmentSql.ts';

export type SegmentRow = typeof campaignSegments.$inferSelect;

/** Compiles a definition or answers 422 naming each bad condition's path under `field`. */
export function compileOrThrow(definition: unknown, field = 'body.definition', now = Date.now()): { plan: SegmentPlan; conditions: number } {
  const result = compileSegment(definition, now);
  if (result.ok) return { plan: result.plan, conditions: result.conditions };
  throw new ProblemError(422, 'validation_failed', 'The segment has conditions that cannot be used',
    result.errors.map((e) => ({ field: e.path === '(root)' ? field : `${field}.${e.path}`, code: e.code, message: e.message })));
}

export function segmentFields() {
  return {
    items: Object.entries(SEGMENT_FIELDS).map(([field, spec]) => {
      const s = spec as { ops: Record<string, string>; values?: readonly string[]; needsKey?: 'customField' | 'consent'; needsPeriod?: boolean; needsWithinDays?: boolean };
      return {
        field, ops: Object.entries(s.ops).map(([op, value]) => ({ op, value: value as 'none' })), values: s.values ? [...s.values] : null,
        needsKey: s.needsKey ?? null, needsPeriod: s.needsPeriod ?? false, needsWithinDays: s.needsWithinDays ?? false,
      };
    }),
  };
}

/** The customers of a segment as a SQL condition on `customers c`: the frozen list of a static one, else its definition. */
export function segmentMembership(ws: string, segment: SegmentRow): CustomerFilter {
  if (segment.kind === 'static') {
    return { from: sql`customers c`, readsHistory: false, where: sql`c.workspace_id = ${ws} and c.merged_into_id is null and c.id in (select sm.customer_id from campaign_segment_members sm where sm.workspace_id = ${ws} and sm.segment_id = ${segment.id})` };
  }
  return segmentCustomerFilter(ws, compileOrThrow(segment.definition, 'definition').plan);
}

export async function countSegment(db: Queryable, ws: string, definition: unknown) {
  const { plan, conditions } = compileOrThrow(definition);
  const started = performance.now();
  const filter = segmentCustomerFilter(ws, plan);
  const { from, where } = filter;
  // Count and sample from one pass over the members (the count rides on every sampled row; no
  // member, no row): a second statement would repeat the whole join for five names.
  const sample = await withSetPlan(db, filter, (q) => sqlRows<{ id: string; display_name: string; n: number }>(q,
    sql`select c.id, c.display_name, count(*) over ()::int as n from ${from} where ${where} order by c.display_name limit 5`));
  return { count: Number(sample[0]?.n ?? 0), conditions, sample: sample.map((s) => ({ id: s.id, displayName: s.display_name })), tookMs: Math.round(performance.now() - started) };
}

export async function loadSegment(db: Queryable, ws: string, id: string): Promise<SegmentRow> {
  const [row] = await db.select().from(campaignSegments).where(and(eq(campaignSegments.workspaceId, ws), eq(campaignSegments.id, id)));
  if (!row) throw notFound('Segment');
  return row;
}

/** Freezes the current members of a static segment: one INSERT … SELECT. */
async function snapshot(tx: Queryable, ws: string, segment: SegmentRow) {
  const filter = segmentCustomerFilter(ws, compileOrThrow(segment.definition).plan);
  await tx.delete(campaignSegmentMembers).where(and(eq(campaignSegmentMembers.workspaceId, ws), eq(campaignSegmentMembers.segmentId, segment.id)));
  await withSetPlan(tx, filter, (q) => q.execute(sql`insert into campaign_segment_members (workspace_id, segment_id, customer_id)
    select ${ws}, ${segment.id}, c.id from ${filter.from} where ${filter.where}`));
  const [count] = await sqlRows<{ n: number }>(tx, sql`select count(*)::int as n from campaign_segment_members where workspace_id = ${ws} and segment_id = ${segment.id}`);
  const [row] = await tx.update(campaignSegments).set({ memberCount: Number(count?.n ?? 0), snapshotAt: new Date(), updatedAt: new Date() })
    .where(and(eq(campaignSegments.workspaceId, ws), eq(campaignSegments.id, segment.id))).returning();
  if (!row) throw notFound('Segment');
  return row;
}

export async function createSegment(db: Db, actor: Actor, input: z.infer<typeof SegmentCreate>) {
  compileOrThrow(input.definition);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(campaignSegments).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, kind: input.kind, definition: input.definition }).returning();
    if (!row) throw new Error('segment insert returned nothing');
    const saved = input.kind === 'static' ? await snapshot(tx, actor.workspaceId, row) : row;
    await recordAudit(tx, actor, { action: 'campaigns.segment.created', entityType: 'campaign_segment', entityId: row.id, after: { name: row.name, kind: row.kind, definition: row.definition } });
    return presentSegment(saved);
  });
}

export async function updateSegment(db: Db, actor: Actor, id: string, input: z.infer<typeof SegmentUpdate>) {
  if (input.definition !== undefined) compileOrThrow(input.definition);
  return db.transaction(async (tx) => {
    const before = await loadSegment(tx, actor.workspaceId, id);
    const [row] = await tx.update(campaignSegments).set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.definition !== undefined ? { definition: input.definition } : {}), updatedAt: new Date() })
      .where(and(eq(campaignSegments.workspaceId, actor.workspaceId), eq(campaignSegments.id, id))).returning();
    if (!row) throw notFound('Segment');
    await recordAudit(tx, actor, { action: 'campaigns.segment.updated', entityType: 'campaign_segment', entityId: id, before: { name: before.name, definition: before.definition }, after: { name: row.name, definition: row.definition } });
    return presentSegment(row);
  });
}

/** Re-freezes a static segment's members from its definition. */
export async function refreshSnapshot(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const segment = await loadSegment(tx, actor.workspaceId, id);
    if (segment.kind !== 'static') throw new ProblemError(409, 'not_static', 'Only a static segment keeps a snapshot');
    const row = await snapshot(tx, actor.workspaceId, segment);
    await recordAudit(tx, actor, { action: 'campaigns.segment.snapshot', entityType: 'campaign_segment', entityId: id, after: { memberCount: row.memberCount } });
    return presentSegment(row);
  });
}

export async function listSegments(db: Queryable, ws: string) {
  const rows = await db.select().from(campaignSegments).where(eq(campaignSegments.workspaceId, ws)).orderBy(desc(campaignSegments.createdAt)).limit(500);
  return rows.map(presentSegment);
}

/** Members of a segment as CSV, streamed in pages by id. */
export function exportSegmentCsv(db: Db, ws: string, segment: SegmentRow): Readable {
  const out = stringify({ header: true, columns: ['id', 'display_name', 'email', 'phone', 'language', 'tags'], bom: true });
  const { from, where } = segmentMembership(ws, segment);
  void (async () => {
    try {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await sqlRows<{ id: string; display_name: string; email: string | null; phone: string | null; language: string | null; tags: string[] }>(db,
          sql`select c.id, c.display_name, c.email, c.phone, c.language, c.tags from ${from} where ${where} and c.id > ${after} order by c.id limit 1000`);
        for (const r of rows) {
          if (!out.write([r.id, r.display_name, r.email ?? '', r.phone ?? '', r.language ?? '', (r.tags ?? []).join(';')])) await new Promise((resolve) => out.once('drain', resolve));
        }
        const last = rows.at(-1);
        if (!last || rows.length < 1000) break;
        after = last.id;
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
