import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MonthlyReportSummary, ServiceReport, ServiceReportQuery } from '@vefa/contract';
import { listMonthlyReports } from './monthlyReport.ts';
import { requireActor } from '../../../platform/auth/accessHooks.ts';
import { buildServiceReport } from './serviceReport.ts';
import { reportPdf, reportXlsx } from './reportFiles.ts';

export const serviceReportRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.get('/service/reports/management', {
    config: { permission: 'service:read' },
    schema: { tags: ['service'], summary: 'Management report for a date range: satisfaction, volume, issues, actions, SLA times, backlog', querystring: ServiceReportQuery, response: { 200: ServiceReport } },
  }, (request) => buildServiceReport(db, requireActor(request), request.query));

  app.get('/service/reports/management/download', {
    config: { permission: 'service:read' },
    schema: { tags: ['service'], summary: 'The same report as PDF or XLSX, in the asked language', querystring: ServiceReportQuery.extend({ format: z.enum(['pdf', 'xlsx']) }) },
  }, async (request, reply) => {
    const { format, ...query } = request.query;
    const report = await buildServiceReport(db, requireActor(request), query);
    const body = format === 'pdf' ? await reportPdf(report, query.language) : await reportXlsx(report, query.language);
    return reply.header('content-disposition', `attachment; filename="service-report-${query.from}-${query.to}-${query.language}.${format}"`)
      .type(format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
  });

  app.get('/service/reports/monthly', {
    config: { permission: 'service:manage' },
    schema: { tags: ['service'], summary: 'Monthly reports the scheduled job produced (download with the management report routes)', response: { 200: z.object({ items: z.array(MonthlyReportSummary) }) } },
  }, async (request) => ({ items: await listMonthlyReports(db, requireActor(request).workspaceId) }));
};
