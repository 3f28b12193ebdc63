import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AgentProfileUpdate, BusinessCalendar, BusinessCalendarUpdate, Case, CannedReply, CannedReplyCreate, CannedReplyRenderQuery, CannedReplyUpdate,
  ClassifierStatus, DepartmentServiceSettings, DepartmentServiceSettingsUpdate, IdParam, OnboardingStart, OnboardingTemplate,
  OnboardingTemplateCreate, RenderedReply, RoutingRule, RoutingRuleCreate, RoutingRuleUpdate, SlaPolicy, SlaPolicyCreate, SlaPolicyUpdate,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { wakeWorker } from '../../platform/jobs/wake.ts';
import { createRoutingRule, deleteRoutingRule, listRoutingRuleRows, presentRoutingRule, updateRoutingRule } from './routing/rules.ts';
import { listDepartmentSettings, setDepartmentStrategy, updateAgentProfile } from './routing/agents.ts';
import { CLASSIFIER_TRAIN_JOB, classifierStatus } from './routing/classifier.ts';
import { createSlaPolicy, deleteSlaPolicy, listSlaPolicyRows, presentSlaPolicy, updateSlaPolicy } from './sla/policies.ts';
import { getCalendar, updateCalendar } from './sla/calendar.ts';
import { createCannedReply, deleteCannedReply, listCannedReplies, renderReplyForCase, updateCannedReply } from './replies/cannedReplies.ts';
import { createOnboardingTemplate, deleteOnboardingTemplate, listOnboardingTemplates, startOnboarding } from './onboarding/templates.ts';

const tags = ['service settings'];
const items = <T extends z.ZodTypeAny>(t: T) => z.object({ items: z.array(t) });

/** What the coordinator sets up: routing, SLAs, calendar, assignment, canned replies, onboarding checklists, the classifier. */
export const serviceSettingsRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const noContent = { 204: z.null() };

  app.get('/service/routing-rules', { config: { permission: 'service:read' }, schema: { tags, summary: 'Routing rules in evaluation order', response: { 200: items(RoutingRule) } } },
    async (request) => ({ items: (await listRoutingRuleRows(db, requireActor(request).workspaceId)).map(presentRoutingRule) }));
  app.post('/service/routing-rules', { config: { permission: 'service:manage', idempotent: true }, schema: { tags, summary: 'Add a routing rule', body: RoutingRuleCreate, response: { 201: RoutingRule } } },
    async (request, reply) => reply.status(201).send(await createRoutingRule(db, requireActor(request), request.body)));
  app.patch('/service/routing-rules/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Change a routing rule', params: IdParam, body: RoutingRuleUpdate, response: { 200: RoutingRule } } },
    (request) => updateRoutingRule(db, requireActor(request), request.params.id, request.body));
  app.delete('/service/routing-rules/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Remove a routing rule', params: IdParam, response: noContent } },
    async (request, reply) => { await deleteRoutingRule(db, requireActor(request), request.params.id); return reply.status(204).send(null); });

  app.get('/service/sla-policies', { config: { permission: 'service:read' }, schema: { tags, summary: 'SLA policies; the first match wins', response: { 200: items(SlaPolicy) } } },
    async (request) => ({ items: (await listSlaPolicyRows(db, requireActor(request).workspaceId)).map(presentSlaPolicy) }));
  app.post('/service/sla-policies', { config: { permission: 'service:manage', idempotent: true }, schema: { tags, summary: 'Add an SLA policy', body: SlaPolicyCreate, response: { 201: SlaPolicy } } },
    async (request, reply) => reply.status(201).send(await createSlaPolicy(db, requireActor(request), request.body)));
  app.patch('/service/sla-policies/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Change an SLA policy (applies to cases as they next change)', params: IdParam, body: SlaPolicyUpdate, response: { 200: SlaPolicy } } },
    (request) => updateSlaPolicy(db, requireActor(request), request.params.id, request.body));
  app.delete('/service/sla-policies/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Remove an SLA policy', params: IdParam, response: noContent } },
    async (request, reply) => { await deleteSlaPolicy(db, requireActor(request), request.params.id); return reply.status(204).send(null); });

  app.get('/service/calendar', { config: { permission: 'service:read' }, schema: { tags, summary: 'Business hours, holidays and closures the SLA counts in', response: { 200: BusinessCalendar } } },
    (request) => getCalendar(db, requireActor(request).workspaceId));
  app.put('/service/calendar', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Set the business calendar', body: BusinessCalendarUpdate, response: { 200: BusinessCalendar } } },
    (request) => updateCalendar(db, requireActor(request), request.body));

  app.get('/service/departments', { config: { permission: 'service:read' }, schema: { tags, summary: 'Departments with their assignment strategy and agents', response: { 200: items(DepartmentServiceSettings) } } },
    async (request) => ({ items: await listDepartmentSettings(db, requireActor(request).workspaceId) }));
  app.put('/service/departments/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: "Set a department's assignment strategy", params: IdParam, body: DepartmentServiceSettingsUpdate, response: { 200: DepartmentServiceSettings } } },
    (request) => setDepartmentStrategy(db, requireActor(request), request.params.id, request.body.strategy));
  app.patch('/service/agents/:userId', { config: { permission: 'service:manage' }, schema: { tags, summary: "An agent's availability, skills, languages and cap", params: z.object({ userId: z.uuid() }), body: AgentProfileUpdate, response: noContent } },
    async (request, reply) => { await updateAgentProfile(db, requireActor(request), request.params.userId, request.body); return reply.status(204).send(null); });

  app.get('/service/canned-replies', { config: { permission: 'service:read' }, schema: { tags, summary: 'Canned replies', response: { 200: items(CannedReply) } } },
    async (request) => ({ items: await listCannedReplies(db, requireActor(request)) }));
  app.post('/service/canned-replies', { config: { permission: 'service:manage', idempotent: true }, schema: { tags, summary: 'Add a canned reply', body: CannedReplyCreate, response: { 201: CannedReply } } },
    async (request, reply) => reply.status(201).send(await createCannedReply(db, requireActor(request), request.body)));
  app.patch('/service/canned-replies/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Change a canned reply', params: IdParam, body: CannedReplyUpdate, response: { 200: CannedReply } } },
    (request) => updateCannedReply(db, requireActor(request), request.params.id, request.body));
  app.delete('/service/canned-replies/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Remove a canned reply', params: IdParam, response: noContent } },
    async (request, reply) => { await deleteCannedReply(db, requireActor(request), request.params.id); return reply.status(204).send(null); });
  app.get('/service/canned-replies/:id/render', { config: { permission: 'service:read' }, schema: { tags, summary: 'The reply filled in for a case', params: IdParam, querystring: CannedReplyRenderQuery, response: { 200: RenderedReply } } },
    (request) => renderReplyForCase(db, requireActor(request), request.params.id, request.query.caseId, request.query.language));

  app.get('/service/onboarding-templates', { config: { permission: 'service:read' }, schema: { tags, summary: 'Onboarding checklists', response: { 200: items(OnboardingTemplate) } } },
    async (request) => ({ items: await listOnboardingTemplates(db, requireActor(request).workspaceId) }));
  app.post('/service/onboarding-templates', { config: { permission: 'service:manage', idempotent: true }, schema: { tags, summary: 'Add an onboarding checklist', body: OnboardingTemplateCreate, response: { 201: OnboardingTemplate } } },
    async (request, reply) => reply.status(201).send(await createOnboardingTemplate(db, requireActor(request), request.body)));
  app.delete('/service/onboarding-templates/:id', { config: { permission: 'service:manage' }, schema: { tags, summary: 'Remove an onboarding checklist (cases keep their copy)', params: IdParam, response: noContent } },
    async (request, reply) => { await deleteOnboardingTemplate(db, requireActor(request), request.params.id); return reply.status(204).send(null); });
  app.post('/service/onboarding', { config: { permission: 'service:work', idempotent: true }, schema: { tags, summary: 'Start onboarding a customer: an onboarding case with the checklist', body: OnboardingStart, response: { 201: Case } } },
    async (request, reply) => reply.status(201).send(await startOnboarding(db, requireActor(request), request.body)));

  app.get('/service/classifier', { config: { permission: 'service:manage' }, schema: { tags, summary: "The case classifier's training state and held-out macro-F1", response: { 200: ClassifierStatus } } },
    (request) => classifierStatus(db, requireActor(request).workspaceId));
  app.post('/service/classifier/train', { config: { permission: 'service:manage' }, schema: { tags, summary: "Retrain on the workspace's resolved cases (background job)", response: { 202: ClassifierStatus } } },
    async (request, reply) => {
      const { workspaceId } = requireActor(request);
      await enqueueJob(db, workspaceId, CLASSIFIER_TRAIN_JOB, {});
      wakeWorker();
      return reply.status(202).send(await classifierStatus(db, workspaceId));
    });
};
