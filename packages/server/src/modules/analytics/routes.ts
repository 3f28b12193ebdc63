import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnalyticsRun, AnalyticsRunStart, CohortsView, CustomerScore, CustomerScores, IdParam, page, RfmCustomersQuery, RfmOverview,
  TransactionFile, TransactionImport, TransactionImportStart, TrendsQuery, TrendsView,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { wakeWorker } from '../../platform/jobs/wake.ts';
import { getTransactionImport, listTransactionImports, startTransactionImport, uploadTransactionFile } from './transactionImport.ts';
import { getRun, listRuns, startRefresh } from './refresh.ts';
import './references.ts';
import { cohortsView, customerScoresOf, rfmCustomers, rfmOverview, trendsView } from './views.ts';

const tags = ['analytics'];

export const analyticsRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  await app.register(async (uploads) => {
    // Sales history arrives as the raw body; only this route accepts large bodies.
    for (const type of ['text/csv', 'text/plain', 'application/octet-stream']) {
      uploads.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 200 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    }
    uploads.withTypeProvider<ZodTypeProvider>().post('/analytics/transactions/files', {
      config: { permission: 'analytics:manage' },
      bodyLimit: 200 * 1024 * 1024,
      schema: { tags, summary: 'Upload a sales-history file (CSV, or space-separated like CDNOW_master.txt)', querystring: z.object({ fileName: z.string().min(1).max(255) }), response: { 201: TransactionFile } },
    }, async (request, reply) => {
      const body = request.body;
      const bytes = body instanceof Buffer ? new Uint8Array(body) : new Uint8Array();
      return reply.status(201).send(await uploadTransactionFile(db, requireActor(request), request.query.fileName, bytes));
    });
  });

  app.post('/analytics/transaction-imports', {
    config: { permission: 'analytics:manage', idempotent: true },
    schema: { tags, summary: 'Import an uploaded sales-history file', body: TransactionImportStart, response: { 202: TransactionImport } },
  }, async (request, reply) => {
    const run = await startTransactionImport(db, requireActor(request), request.body);
    wakeWorker();
    return reply.status(202).send(run);
  });

  app.get('/analytics/transaction-imports', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'Recent sales-history imports', response: { 200: z.object({ items: z.array(TransactionImport) }) } },
  }, async (request) => ({ items: await listTransactionImports(db, requireActor(request).workspaceId) }));

  app.get('/analytics/transaction-imports/:id', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'A sales-history import with its progress and per-line errors', params: IdParam, response: { 200: TransactionImport } },
  }, (request) => getTransactionImport(db, requireActor(request).workspaceId, request.params.id));

  app.post('/analytics/runs', {
    config: { permission: 'analytics:manage', idempotent: true },
    schema: {
      tags, summary: 'Refresh the models now (returns the run already queued or running, if any)', body: AnalyticsRunStart,
      response: { 202: AnalyticsRun },
    },
  }, async (request, reply) => {
    const { run } = await startRefresh(db, requireActor(request), request.body);
    wakeWorker();
    return reply.status(202).send(run);
  });

  app.get('/analytics/runs', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'Recent model runs with their parameters, newest first', response: { 200: z.object({ items: z.array(AnalyticsRun) }) } },
  }, async (request) => ({ items: await listRuns(db, requireActor(request).workspaceId) }));

  app.get('/analytics/runs/:id', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'A model run: progress, parameters with standard errors, log-likelihood and diagnostics', params: IdParam, response: { 200: AnalyticsRun } },
  }, (request) => getRun(db, requireActor(request).workspaceId, request.params.id));

  app.get('/analytics/rfm', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'RFM grid (R × F) and segments: customers and revenue per cell', response: { 200: RfmOverview } },
  }, (request) => rfmOverview(db, requireActor(request).workspaceId));

  app.get('/analytics/rfm/customers', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'Customers of an RFM cell, segment or churn band, highest CLV first', querystring: RfmCustomersQuery, response: { 200: page(CustomerScore) } },
  }, (request) => rfmCustomers(db, requireActor(request).workspaceId, request.query));

  app.get('/analytics/cohorts', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'Retention and revenue by acquisition month (triangle)', response: { 200: CohortsView } },
  }, (request) => cohortsView(db, requireActor(request).workspaceId));

  app.get('/analytics/trends', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'Revenue, orders, active customers and average basket per week or month, with change on the previous period', querystring: TrendsQuery, response: { 200: TrendsView } },
  }, (request) => trendsView(db, requireActor(request).workspaceId, request.query.period));

  app.get('/customers/:id/scores', {
    config: { permission: 'analytics:read' },
    schema: { tags: ['customers', ...tags], summary: 'RFM segment, churn risk, P(alive), CLV and expected purchases of a customer', params: IdParam, response: { 200: CustomerScores } },
  }, (request) => customerScoresOf(db, requireActor(request).workspaceId, request.params.id));
};
