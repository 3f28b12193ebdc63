import { and, desc, eq } from 'drizzle-orm';
import type { ServiceReport } from '@vefa/contract';
import type { Db } from '../../../platform/db/database.ts';
import { workspaces } from '../../../platform/db/schema.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import { enqueueJob } from '../../../platform/jobs/jobQueue.ts';
import { serviceReports } from '../schema.ts';
import { buildServiceReport } from './serviceReport.ts';

export const MONTHLY_REPORT_JOB = 'service.report.monthly';

/**
 * The hook the mail channel fills in to send the monthly report (PDF and XLSX
 * from reportFiles.ts) to the coordinators. Until then reports are stored and
 * downloadable; `sent_at` stays empty so nothing is lost when a sender arrives.
 */
export type MonthlyReportSender = (db: Db, workspaceId: string, reportId: string, report: ServiceReport) => Promise<void>;
let sender: MonthlyReportSender | null = null;
export function registerMonthlyReportSender(fn: MonthlyReportSender) {
  sender = fn;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Runs early on the 1st: next month's run is queued with a per-month dedupe key, so restarts don't double it. */
export async function scheduleMonthlyReport(db: Db, workspaceId: string, now = new Date()) {
  const runAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 4, 0));
  await enqueueJob(db, workspaceId, MONTHLY_REPORT_JOB, {}, { runAt, dedupeKey: iso(runAt).slice(0, 7) });
}

export async function scheduleMonthlyReportsForAll(db: Db) {
  for (const ws of await db.select({ id: workspaces.id }).from(workspaces)) await scheduleMonthlyReport(db, ws.id);
}

/** Builds and stores last month's report (all departments), hands it to the sender if one is registered. */
export async function produceMonthlyReport(db: Db, workspaceId: string, now = new Date()) {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const report = await buildServiceReport(db, systemActor(workspaceId), { from: iso(first), to: iso(last), language: 'az' }, now);
  const [row] = await db.insert(serviceReports).values({ workspaceId, id: crypto.randomUUID(), periodFrom: report.from, periodTo: report.to, report })
    .onConflictDoUpdate({ target: [serviceReports.workspaceId, serviceReports.periodFrom, serviceReports.periodTo], set: { report } }).returning();
  if (row && sender) {
    await sender(db, workspaceId, row.id, report);
    await db.update(serviceReports).set({ sentAt: new Date() }).where(and(eq(serviceReports.workspaceId, workspaceId), eq(serviceReports.id, row.id)));
  }
  return row?.id ?? null;
}

/** The stored monthly reports, newest first, for the coordinator's list. */
export async function listMonthlyReports(db: Db, workspaceId: string) {
  const rows = await db.select({ id: serviceReports.id, from: serviceReports.periodFrom, to: serviceReports.periodTo, createdAt: serviceReports.createdAt, sentAt: serviceReports.sentAt })
    .from(serviceReports).where(eq(serviceReports.workspaceId, workspaceId)).orderBy(desc(serviceReports.periodFrom)).limit(60);
  return rows.map((r) => ({ id: r.id, from: r.from, to: r.to, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }));
}
