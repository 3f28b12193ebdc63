import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConsentChannel, ConsentUpdate, Consent, Customer, Customer360, CustomerCreate, CustomerListQuery, CustomerUpdate,
  CustomFieldCreate, CustomFieldDefinition, CursorQuery, DuplicateSuggestion, IdParam, ImportFile, ImportRun, ImportStart,
  MergeBody, page, SavedMapping, TimelineEntry, TimelineEntryCreate,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { createCustomer, findCustomerRow, setConsent, updateCustomer } from './customerService.ts';
import { getCustomer360 } from './customer360.ts';
import { searchCustomers } from './search.ts';
import { appendTimelineEntry, listTimeline } from './timeline.ts';
import { mergeCustomers, suggestDuplicates } from './merge.ts';
import { defineCustomField, listCustomFields, removeCustomField } from './customFields.ts';
import { exportCustomersCsv, exportCustomersXlsx } from './export.ts';
import { getImportRun, listImportRuns, listSavedMappings, startImport, uploadImportFile } from './imports/importService.ts';
import { wakeWorker } from '../../platform/jobs/wake.ts';

const tags = ['customers'];

export const customerRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.get('/customers', {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Search and list customers', querystring: CustomerListQuery, response: { 200: page(Customer) } },
  }, (request) => searchCustomers(app.database, requireActor(request).workspaceId, request.query));

  app.post('/customers', {
    config: { permission: 'customers:write', idempotent: true },
    schema: { tags, summary: 'Create a person or company', body: CustomerCreate, response: { 201: Customer } },
  }, async (request, reply) => reply.status(201).send(await createCustomer(db, requireActor(request), request.body)));

  app.get('/customers/duplicates', {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Suggested duplicate pairs', response: { 200: z.object({ items: z.array(DuplicateSuggestion) }) } },
  }, async (request) => ({ items: await suggestDuplicates(db, requireActor(request).workspaceId) }));

  app.get('/customers/export', {
    config: { permission: 'customers:export' },
    schema: { tags, summary: 'Export the filtered list as CSV or XLSX', querystring: CustomerListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
  }, (request, reply) => {
    const { workspaceId } = requireActor(request);
    const { format, ...filters } = request.query;
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'xlsx') {
      reply.header('content-disposition', `attachment; filename="customers-${stamp}.xlsx"`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(exportCustomersXlsx(app.database, workspaceId, filters));
    }
    reply.header('content-disposition', `attachment; filename="customers-${stamp}.csv"`).type('text/csv; charset=utf-8');
    return reply.send(exportCustomersCsv(app.database, workspaceId, filters));
  });

  app.get('/customers/:id', {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'The customer 360: profile, company, contacts, consent, custom fields', params: IdParam, response: { 200: Customer360 } },
  }, (request) => getCustomer360(app.database, requireActor(request).workspaceId, request.params.id));

  app.patch('/customers/:id', {
    config: { permission: 'customers:write' },
    schema: { tags, summary: 'Change a customer', params: IdParam, body: CustomerUpdate, response: { 200: Customer } },
  }, (request) => updateCustomer(db, requireActor(request), request.params.id, request.body));

  app.put('/customers/:id/consents/:channel', {
    config: { permission: 'customers:write' },
    schema: { tags, summary: 'Record a consent decision for one channel', params: IdParam.extend({ channel: ConsentChannel }), body: ConsentUpdate, response: { 200: Consent } },
  }, (request) => setConsent(db, requireActor(request), request.params.id, request.params.channel, request.body.granted, request.body.source));

  app.get('/customers/:id/timeline', {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Interactions, newest first', params: IdParam, querystring: CursorQuery, response: { 200: page(TimelineEntry) } },
  }, async (request) => {
    const { workspaceId } = requireActor(request);
    await findCustomerRow(db, workspaceId, request.params.id);
    return listTimeline(db, workspaceId, request.params.id, request.query);
  });

  app.post('/customers/:id/timeline', {
    config: { permission: 'timeline:write', idempotent: true },
    schema: { tags, summary: 'Log a note, call, e-mail or meeting', params: IdParam, body: TimelineEntryCreate, response: { 201: TimelineEntry } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { kind, summary, body, occurredAt, direction, durationMinutes } = request.body;
    const entry = await db.transaction(async (tx) => {
      await findCustomerRow(tx, actor.workspaceId, request.params.id);
      return appendTimelineEntry(tx, actor, {
        customerId: request.params.id, kind, summary, body: body ?? null, sourceModule: 'customers',
        occurredAt: occurredAt ? new Date(occurredAt) : new Date(),
        data: { ...(direction ? { direction } : {}), ...(durationMinutes !== undefined ? { durationMinutes } : {}) },
      });
    });
    return reply.status(201).send(entry);
  });

  app.post('/customers/:id/merge', {
    config: { permission: 'customers:merge' },
    schema: { tags, summary: 'Merge a duplicate into this customer, moving every related record', params: IdParam, body: MergeBody, response: { 200: Customer } },
  }, (request) => mergeCustomers(db, requireActor(request), request.params.id, request.body.duplicateId));

  app.get('/custom-fields', {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'Custom fields defined in this workspace', response: { 200: z.object({ items: z.array(CustomFieldDefinition) }) } },
  }, async (request) => ({ items: await listCustomFields(db, requireActor(request).workspaceId) }));

  app.post('/custom-fields', {
    config: { permission: 'settings:manage', idempotent: true },
    schema: { tags, summary: 'Define a custom field', body: CustomFieldCreate, response: { 201: CustomFieldDefinition } },
  }, async (request, reply) => reply.status(201).send(await defineCustomField(db, requireActor(request), request.body)));

  app.delete('/custom-fields/:key', {
    config: { permission: 'settings:manage' },
    schema: { tags, summary: 'Remove a custom field and its values', params: z.object({ key: z.string() }) },
  }, async (request, reply) => {
    await removeCustomField(db, requireActor(request), request.params.key);
    return reply.status(204).send();
  });

  await app.register(async (uploads) => {
    // Import files arrive as the raw body; only this route accepts large bodies.
    for (const type of ['text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream']) {
      uploads.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 200 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    }
    uploads.withTypeProvider<ZodTypeProvider>().post('/imports/files', {
      config: { permission: 'customers:import' },
      bodyLimit: 200 * 1024 * 1024,
      schema: { tags, summary: 'Upload a CSV or XLSX file to import', querystring: z.object({ fileName: z.string().min(1).max(255) }), response: { 201: ImportFile } },
    }, async (request, reply) => {
      const body = request.body;
      const bytes = body instanceof Buffer ? new Uint8Array(body) : new Uint8Array();
      const file = await uploadImportFile(db, requireActor(request), request.query.fileName, request.headers['content-type'], bytes);
      return reply.status(201).send(file);
    });
  });

  app.post('/imports', {
    config: { permission: 'customers:import', idempotent: true },
    schema: { tags, summary: 'Start an import (or a dry run) of an uploaded file', body: ImportStart, response: { 202: ImportRun } },
  }, async (request, reply) => {
    const run = await startImport(db, requireActor(request), request.body);
    wakeWorker();
    return reply.status(202).send(run);
  });

  app.get('/imports', {
    config: { permission: 'customers:import' },
    schema: { tags, summary: 'Recent imports', response: { 200: z.object({ items: z.array(ImportRun) }) } },
  }, async (request) => ({ items: await listImportRuns(db, requireActor(request).workspaceId) }));

  app.get('/imports/:id', {
    config: { permission: 'customers:import' },
    schema: { tags, summary: 'An import with its progress and per-line errors', params: IdParam, response: { 200: ImportRun } },
  }, (request) => getImportRun(db, requireActor(request).workspaceId, request.params.id));

  app.get('/import-mappings', {
    config: { permission: 'customers:import' },
    schema: { tags, summary: 'Saved column mappings', response: { 200: z.object({ items: z.array(SavedMapping) }) } },
  }, async (request) => ({ items: await listSavedMappings(db, requireActor(request).workspaceId) }));
};
