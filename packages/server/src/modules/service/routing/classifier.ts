import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  evaluateClassification, modelFromJSON, modelToJSON, predictLabel, splitTrainHeldOut, trainNaiveBayes,
  type NaiveBayesJson, type NaiveBayesModel,
} from '@vefa/domain';
import type { ClassifierStatus } from '@vefa/contract';
import type { Queryable } from '../../../platform/db/database.ts';
import { jobs, workspaces } from '../../../platform/db/schema.ts';
import { enqueueJob } from '../../../platform/jobs/jobQueue.ts';
import { caseClassifiers, cases } from '../schema.ts';

export const CLASSIFIER_TRAIN_JOB = 'service.classifier.train';
/** Below this many labelled cases (or two categories) a model would only guess. */
const MIN_CASES = 20;
/** Suggestions below this confidence are shown, never applied by themselves. */
export const APPLY_CONFIDENCE = 0.6;

/** Retrains weekly (Monday 02:00 UTC); the dedupe key per week keeps restarts from doubling it. */
export async function scheduleClassifierTraining(db: Queryable, workspaceId: string, now = new Date()) {
  const daysToMonday = ((8 - now.getUTCDay()) % 7) || 7;
  const runAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToMonday, 2, 0));
  await enqueueJob(db, workspaceId, CLASSIFIER_TRAIN_JOB, { scheduled: true }, { runAt, dedupeKey: `weekly:${runAt.toISOString().slice(0, 10)}` });
}

export async function scheduleClassifierTrainingForAll(db: Queryable) {
  for (const ws of await db.select({ id: workspaces.id }).from(workspaces)) await scheduleClassifierTraining(db, ws.id);
}

const textOf = (c: { subject: string; description: string }) => `${c.subject}\n${c.description}`;

/**
 * Trains on the workspace's resolved and closed cases, labelled by category:
 * measures macro-F1 on a stable 20 % held-out split, then keeps a model
 * trained on everything for suggestions.
 */
export async function trainClassifier(db: Queryable, workspaceId: string): Promise<ClassifierStatus> {
  const rows = await db.select({ id: cases.id, subject: cases.subject, description: cases.description, category: cases.category, departmentId: cases.departmentId })
    .from(cases).where(and(eq(cases.workspaceId, workspaceId), inArray(cases.status, ['resolved', 'closed']), isNotNull(cases.category)));
  const labelled = rows.filter((r): r is typeof r & { category: string } => r.category !== null);
  const labels = new Set(labelled.map((r) => r.category));
  if (labelled.length < MIN_CASES || labels.size < 2) return { ...(await classifierStatus(db, workspaceId)), status: 'too_few_cases' };
  const { train, heldOut } = splitTrainHeldOut(labelled, (r) => r.id, 0.2);
  const trial = trainNaiveBayes(train.map((r) => ({ text: textOf(r), label: r.category })));
  const report = evaluateClassification(heldOut.map((r) => ({ actual: r.category, predicted: predictLabel(trial, textOf(r)).label })));
  const model = trainNaiveBayes(labelled.map((r) => ({ text: textOf(r), label: r.category })));
  const byCategory = new Map<string, Map<string, number>>();
  for (const r of labelled) {
    if (!r.departmentId) continue;
    const m = byCategory.get(r.category) ?? new Map<string, number>();
    m.set(r.departmentId, (m.get(r.departmentId) ?? 0) + 1);
    byCategory.set(r.category, m);
  }
  const departments: Record<string, string> = {};
  for (const [category, counts] of byCategory) {
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (best) departments[category] = best[0];
  }
  const values = {
    model: modelToJSON(model), departments, trainingCases: train.length, heldOutCases: heldOut.length,
    accuracy: heldOut.length ? report.accuracy : null, macroF1: heldOut.length ? report.macroF1 : null,
    labels: report.perLabel.map((l) => ({ label: l.label, f1: l.f1, support: l.support })), trainedAt: new Date(),
  };
  await db.insert(caseClassifiers).values({ workspaceId, ...values }).onConflictDoUpdate({ target: caseClassifiers.workspaceId, set: values });
  checked.delete(workspaceId);
  return classifierStatus(db, workspaceId);
}

export async function classifierStatus(db: Queryable, workspaceId: string): Promise<ClassifierStatus> {
  const [row] = await db.select({
    trainedAt: caseClassifiers.trainedAt, trainingCases: caseClassifiers.trainingCases, heldOutCases: caseClassifiers.heldOutCases,
    accuracy: caseClassifiers.accuracy, macroF1: caseClassifiers.macroF1, labels: caseClassifiers.labels,
  }).from(caseClassifiers).where(eq(caseClassifiers.workspaceId, workspaceId));
  const [queued] = await db.select({ id: jobs.id }).from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.kind, CLASSIFIER_TRAIN_JOB), inArray(jobs.status, ['queued', 'running']))).limit(1);
  if (!row) return { trainedAt: null, trainingCases: 0, heldOutCases: 0, accuracy: null, macroF1: null, labels: [], status: queued ? 'queued' : 'none' };
  return {
    trainedAt: row.trainedAt.toISOString(), trainingCases: row.trainingCases, heldOutCases: row.heldOutCases,
    accuracy: row.accuracy, macroF1: row.macroF1, labels: row.labels, status: queued ? 'queued' : 'ready',
  };
}

// Deserialised models, rebuilt only when a newer one was trained.
const loaded = new Map<string, { trainedAt: number; model: NaiveBayesModel; departments: Record<string, string> }>();

// When each workspace's model was last checked for: every case asks, a newer model may wait a few seconds.
const checked = new Map<string, { at: number; trainedAt: number | null }>();
const CHECK_TTL_MS = 5_000;

async function modelOf(db: Queryable, workspaceId: string) {
  const now = Date.now();
  let seen = checked.get(workspaceId);
  if (!seen || now - seen.at >= CHECK_TTL_MS) {
    const [meta] = await db.select({ trainedAt: caseClassifiers.trainedAt }).from(caseClassifiers).where(eq(caseClassifiers.workspaceId, workspaceId));
    seen = { at: now, trainedAt: meta ? meta.trainedAt.getTime() : null };
    checked.set(workspaceId, seen);
  }
  if (seen.trainedAt === null) return null;
  const hit = loaded.get(workspaceId);
  if (hit && hit.trainedAt === seen.trainedAt) return hit;
  const [row] = await db.select().from(caseClassifiers).where(eq(caseClassifiers.workspaceId, workspaceId));
  if (!row) return null;
  const entry = { trainedAt: row.trainedAt.getTime(), model: modelFromJSON(row.model as NaiveBayesJson), departments: row.departments };
  loaded.set(workspaceId, entry);
  return entry;
}

export interface ClassifierSuggestion {
  category: string;
  departmentId: string | null;
  confidence: number;
  ranking: { label: string; probability: number }[];
  trainedAt: Date;
}

export async function suggestCategory(db: Queryable, workspaceId: string, text: { subject: string; description: string }): Promise<ClassifierSuggestion | null> {
  const entry = await modelOf(db, workspaceId);
  if (!entry) return null;
  const p = predictLabel(entry.model, textOf(text));
  return {
    category: p.label, departmentId: entry.departments[p.label] ?? null, confidence: p.confidence,
    ranking: p.ranking.slice(0, 5).map((r) => ({ label: r.label, probability: r.probability })), trainedAt: new Date(entry.trainedAt),
  };
}
