import { and, eq, or, isNull, ne } from 'drizzle-orm';
import { localDay, previousMonth } from '@vefa/domain/accounts/index';
import type { Actor } from '../../platform/auth/actor.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { readConfig } from '../../platform/config.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/problem.ts';
import { transportFor } from '../service/mail/transport.ts';
import { workspaceSettings } from './accountFacts.ts';
import { monthlyReport } from './report.ts';
import { reportPdf, reportXlsx } from './reportDocuments.ts';
import { reportSchedules } from './schema.ts';
import { asLang, text } from './texts.ts';

const present = (r: typeof reportSchedules.$inferSelect) => ({ id: r.id, email: r.email, ownerId: r.ownerId, language: asLang(r.language), lastSentMonth: r.lastSentMonth });

export async function listSchedules(db: Queryable, workspaceId: string) {
  return (await db.select().from(reportSchedules).where(eq(reportSchedules.workspaceId, workspaceId))).map(present);
}

export async function createSchedule(db: Db, actor: Actor, input: { email: string; ownerId?: string | null | undefined; language: 'az' | 'tr' | 'en' }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(reportSchedules).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), email: input.email, ownerId: input.ownerId ?? null, language: input.language }).returning();
    if (!row) throw new Error('schedule insert returned nothing');
    await recordAudit(tx, actor, { action: 'report_schedule.created', entityType: 'report_schedule', entityId: row.id, after: row });
    return present(row);
  });
}

export async function deleteSchedule(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const gone = await tx.delete(reportSchedules).where(and(eq(reportSchedules.workspaceId, actor.workspaceId), eq(reportSchedules.id, id))).returning();
    if (gone.length === 0) throw notFound('Report schedule');
    await recordAudit(tx, actor, { action: 'report_schedule.deleted', entityType: 'report_schedule', entityId: id, before: gone[0] });
  });
}

/**
 * After a month closes, each schedule gets that month's report (PDF and
 * XLSX) once: the month is claimed before sending and released if the
 * mail fails, so the next sweep tries again.
 */
export async function sendDueReports(db: Db, workspaceId: string, now = Date.now()) {
  const transport = transportFor(readConfig().mail.smtpUrl);
  if (!transport) return 0;
  const { timeZone } = await workspaceSettings(db, workspaceId);
  const month = previousMonth(localDay(now, timeZone).slice(0, 7));
  const due = await db.select().from(reportSchedules).where(and(eq(reportSchedules.workspaceId, workspaceId), or(isNull(reportSchedules.lastSentMonth), ne(reportSchedules.lastSentMonth, month))));
  let sent = 0;
  for (const schedule of due) {
    const [claimed] = await db.update(reportSchedules).set({ lastSentMonth: month })
      .where(and(eq(reportSchedules.workspaceId, workspaceId), eq(reportSchedules.id, schedule.id), or(isNull(reportSchedules.lastSentMonth), ne(reportSchedules.lastSentMonth, month)))).returning();
    if (!claimed) continue;
    try {
      const report = await monthlyReport(db, systemActor(workspaceId), month, schedule.ownerId ?? undefined);
      const lang = asLang(schedule.language);
      await transport.send({
        from: { name: 'Vefa', address: `reports@${readConfig().mail.messageIdDomain}` }, to: schedule.email,
        subject: text(lang, 'reportSubject', { month }), text: text(lang, 'reportBody', { month }),
        attachments: [
          { filename: `report-${month}.pdf`, content: await reportPdf(report, lang), contentType: 'application/pdf' },
          { filename: `report-${month}.xlsx`, content: await reportXlsx(report, lang), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        ],
      });
      sent++;
    } catch (error) {
      await db.update(reportSchedules).set({ lastSentMonth: schedule.lastSentMonth }).where(and(eq(reportSchedules.workspaceId, workspaceId), eq(reportSchedules.id, schedule.id)));
      throw error;
    }
  }
  return sent;
}
