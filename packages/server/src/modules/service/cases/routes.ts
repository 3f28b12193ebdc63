import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Case, CaseAssign, CaseBulkAction, CaseBulkResult, CaseCreate, CaseEvent, CaseLinkCreate, CaseListItem, CaseListQuery, CaseMerge,
  CaseNoteCreate, CasePresence, CasePresenceQuery, CaseResolve, CaseSuggestion, CaseUpdate, ContactLogCreate, CursorQuery, IdParam,
  OnboardingStepUpdate, page, TimelineEntry,
} from '@vefa/contract';
import { requireActor } from '../../../platform/auth/accessHooks.ts';
import { findCaseRow } from '../access.ts';
import { suggestCategory } from '../routing/classifier.ts';
import {
  addNote, assignCase, createCase, getCase, logCaseContact, logCustomerContact, resolveCase, setOnboardingStep, updateCase,
} from './caseCommands.ts';
import { bulkUpdateCases } from './bulk.ts';
import { linkCases, mergeCases } from './links.ts';
import { listCaseEvents, listCases, listMyMentions } from './listCases.ts';
import { touchPresence } from './presence.ts';

const tags = ['service'];

export const caseRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.get('/service/cases', {
    config: { permission: 'service:read' },
    schema: { tags, summary: 'Inbox views (mine, my department, unassigned, breaching soon) ordered by SLA due time', querystring: CaseListQuery, response: { 200: page(CaseListItem) } },
  }, (request) => listCases(db, requireActor(request), request.query));

  app.post('/service/cases', {
    config: { permission: 'service:work', idempotent: true },
    schema: { tags, summary: 'Open a case (API, chat, phone desk); routed and put on the SLA clock', body: CaseCreate, response: { 201: Case } },
  }, async (request, reply) => reply.status(201).send(await createCase(db, requireActor(request), request.body)));

  app.post('/service/cases/bulk', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Assign, set status or priority on many cases; each is checked on its own', body: CaseBulkAction, response: { 200: CaseBulkResult } },
  }, (request) => bulkUpdateCases(db, requireActor(request), request.body));

  app.get('/service/cases/:id', {
    config: { permission: 'service:read' },
    schema: { tags, summary: 'A case with its SLA clocks, links and checklist', params: IdParam, response: { 200: Case } },
  }, (request) => getCase(db, requireActor(request), request.params.id));

  app.patch('/service/cases/:id', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Change a case; status moves follow the case workflow (409 invalid_transition)', params: IdParam, body: CaseUpdate, response: { 200: Case } },
  }, (request) => updateCase(db, requireActor(request), request.params.id, request.body));

  app.post('/service/cases/:id/assign', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Assign (or unassign) and optionally move department', params: IdParam, body: CaseAssign, response: { 200: Case } },
  }, (request) => assignCase(db, requireActor(request), request.params.id, request.body));

  app.post('/service/cases/:id/resolve', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Resolve with root cause and action taken; asks the customer for satisfaction', params: IdParam, body: CaseResolve, response: { 200: Case } },
  }, (request) => resolveCase(db, requireActor(request), request.params.id, request.body));

  app.get('/service/cases/:id/events', {
    config: { permission: 'service:read' },
    schema: { tags, summary: 'The case history, oldest first', params: IdParam, querystring: CursorQuery, response: { 200: page(CaseEvent) } },
  }, (request) => listCaseEvents(db, requireActor(request), request.params.id, request.query));

  app.post('/service/cases/:id/notes', {
    config: { permission: 'service:work', idempotent: true },
    schema: { tags, summary: 'Internal note; @mentions are recorded for the people named', params: IdParam, body: CaseNoteCreate, response: { 201: CaseEvent } },
  }, async (request, reply) => reply.status(201).send(await addNote(db, requireActor(request), request.params.id, request.body)));

  app.post('/service/cases/:id/contacts', {
    config: { permission: 'service:work', idempotent: true },
    schema: { tags, summary: 'Log a phone call or meeting on the case', params: IdParam, body: ContactLogCreate, response: { 201: CaseEvent } },
  }, async (request, reply) => reply.status(201).send(await logCaseContact(db, requireActor(request), request.params.id, request.body)));

  app.post('/service/cases/:id/links', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Link two cases (related or duplicate)', params: IdParam, body: CaseLinkCreate, response: { 200: Case } },
  }, (request) => linkCases(db, requireActor(request), request.params.id, request.body.otherCaseId, request.body.kind));

  app.post('/service/cases/:id/merge', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Merge a duplicate into this case: its history and messages move here, it closes', params: IdParam, body: CaseMerge, response: { 200: Case } },
  }, (request) => mergeCases(db, requireActor(request), request.params.id, request.body.duplicateId));

  app.get('/service/cases/:id/suggestion', {
    config: { permission: 'service:read' },
    schema: { tags, summary: "The classifier's category and department guess, with confidence", params: IdParam, response: { 200: CaseSuggestion } },
  }, async (request) => {
    const actor = requireActor(request);
    const row = await findCaseRow(db, actor, request.params.id);
    const s = await suggestCategory(db, actor.workspaceId, row);
    return { caseId: row.id, category: s?.category ?? null, departmentId: s?.departmentId ?? null, confidence: s?.confidence ?? 0, ranking: s?.ranking ?? [], modelTrainedAt: s?.trainedAt.toISOString() ?? null };
  });

  app.get('/service/cases/:id/presence', {
    config: { permission: 'service:read' },
    schema: { tags, summary: 'Who else has this case open (poll every few seconds; marks you as viewing)', params: IdParam, querystring: CasePresenceQuery, response: { 200: CasePresence } },
  }, async (request) => {
    const actor = requireActor(request);
    await findCaseRow(db, actor, request.params.id);
    const me = actor.userId && actor.type === 'user' ? { id: actor.userId, name: actor.name } : null;
    return touchPresence(actor.workspaceId, request.params.id, me, request.query.editing === 'true');
  });

  app.put('/service/cases/:id/onboarding/:stepKey', {
    config: { permission: 'service:work' },
    schema: { tags, summary: 'Tick or untick an onboarding step', params: IdParam.extend({ stepKey: z.string().min(1).max(50) }), body: OnboardingStepUpdate, response: { 200: Case } },
  }, (request) => setOnboardingStep(db, requireActor(request), request.params.id, request.params.stepKey, request.body.done));

  app.post('/service/customers/:id/contacts', {
    config: { permission: 'service:work', idempotent: true },
    schema: { tags, summary: "Log a call or meeting on a customer's timeline without a case", params: IdParam, body: ContactLogCreate, response: { 201: TimelineEntry } },
  }, async (request, reply) => reply.status(201).send(await logCustomerContact(db, requireActor(request), request.params.id, request.body)));

  app.get('/service/mentions', {
    config: { permission: 'service:read' },
    schema: { tags, summary: 'Notes that @mention me, newest first', querystring: CursorQuery, response: { 200: page(CaseEvent) } },
  }, (request) => listMyMentions(db, requireActor(request), request.query));
};
