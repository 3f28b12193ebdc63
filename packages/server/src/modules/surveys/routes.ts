import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Distribution, DistributionCreate, IdParam, page, PublicSurveyLinkQuery, PublicSurveyQuery, SurveyPublicLink, PublicSurveySubmit, PublicSurveyThanks, PublicSurveyView, ResponseListQuery,
  Survey, SurveyCreate, SurveyResponse, SurveyResults, SurveySettings, SurveySettingsUpdate, SurveyTheme, SurveyUpdate, ThemeRename, CursorQuery,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { wakeWorker } from '../../platform/jobs/wake.ts';
import { registerCustomerReference } from '../customers/merge.ts';
import { findCustomerRow } from '../customers/customerService.ts';
import { createSurvey, findSurveyRow, listSurveys, updateSurvey } from './surveyCommands.ts';
import { presentSurvey } from './presenter.ts';
import { createDistribution, listDistributions } from './distributions.ts';
import { listResponses, renameTheme, surveyResults, surveyThemes } from './results.ts';
import { exportResponsesCsv, exportResponsesXlsx } from './export.ts';
import { presentSettings, surveySettingsOf, updateSurveySettings } from './settings.ts';
import { publicSurveyLinkView, publicSurveyView, submitPublicAnswer, submitSurveyLinkAnswer, unsubscribeByToken } from './publicAnswers.ts';
import { surveyLinkUrl } from './links.ts';
import { listInvitations } from './invitations.ts';
import { queueReanalysis } from './analysis.ts';
import { SurveyInvitation } from '@vefa/contract';

registerCustomerReference('survey_invitations', 'customer_id');
registerCustomerReference('survey_responses', 'customer_id');

const tags = ['surveys'];
const Token = z.object({ token: z.string().min(60).max(200) });

export const surveyRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.get('/surveys', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Surveys of this workspace', response: { 200: z.object({ items: z.array(Survey) }) } },
  }, async (request) => ({ items: await listSurveys(db, requireActor(request).workspaceId) }));

  app.post('/surveys', {
    config: { permission: 'surveys:manage', idempotent: true },
    schema: { tags, summary: 'Create an NPS, CSAT, CES or custom survey (draft)', body: SurveyCreate, response: { 201: Survey } },
  }, async (request, reply) => reply.status(201).send(await createSurvey(db, requireActor(request), request.body)));

  app.get('/surveys/settings', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Fatigue window and follow-up rules', response: { 200: SurveySettings } },
  }, async (request) => presentSettings(await surveySettingsOf(db, requireActor(request).workspaceId)));

  app.patch('/surveys/settings', {
    config: { permission: 'surveys:manage' },
    schema: { tags, summary: 'Change the fatigue window and follow-up rules', body: SurveySettingsUpdate, response: { 200: SurveySettings } },
  }, (request) => updateSurveySettings(db, requireActor(request), request.body));

  app.get('/surveys/responses', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Answers of one customer (for the customer 360)', querystring: CursorQuery.extend({ customerId: z.uuid() }), response: { 200: page(SurveyResponse) } },
  }, async (request) => {
    const { workspaceId } = requireActor(request);
    await findCustomerRow(db, workspaceId, request.query.customerId);
    return listResponses(db, workspaceId, { customerId: request.query.customerId, cursor: request.query.cursor, limit: request.query.limit });
  });

  app.put('/surveys/:id/themes/:key', {
    config: { permission: 'surveys:manage' },
    schema: { tags, summary: 'Rename a theme (the name applies in every survey of the workspace)', params: IdParam.extend({ key: z.string().min(1).max(100) }), body: ThemeRename, response: { 200: z.object({ key: z.string(), name: z.string() }) } },
  }, async (request) => {
    const actor = requireActor(request);
    await findSurveyRow(db, actor.workspaceId, request.params.id);
    return renameTheme(db, actor, request.params.key, request.body.name);
  });

  app.get('/surveys/:id', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'One survey', params: IdParam, response: { 200: Survey } },
  }, async (request) => presentSurvey(await findSurveyRow(db, requireActor(request).workspaceId, request.params.id)));

  app.patch('/surveys/:id', {
    config: { permission: 'surveys:manage' },
    schema: { tags, summary: 'Change, activate or close a survey', params: IdParam, body: SurveyUpdate, response: { 200: Survey } },
  }, async (request) => {
    const view = await updateSurvey(db, requireActor(request), request.params.id, request.body);
    wakeWorker();
    return view;
  });

  app.post('/surveys/:id/distributions', {
    config: { permission: 'surveys:manage', idempotent: true },
    schema: { tags, summary: 'Send the survey to customers by list, tag or segment', params: IdParam, body: DistributionCreate, response: { 201: Distribution } },
  }, async (request, reply) => {
    const view = await createDistribution(db, requireActor(request), request.params.id, request.body);
    wakeWorker();
    return reply.status(201).send(view);
  });

  app.post('/surveys/:id/reanalysis', {
    config: { permission: 'surveys:manage', idempotent: true },
    schema: { tags, summary: "Analyse the survey's text answers again (sentiment, keywords, themes) in the background", params: IdParam, response: { 202: z.object({ jobId: z.uuid() }) } },
  }, async (request, reply) => {
    const queued = await queueReanalysis(db, requireActor(request), request.params.id);
    wakeWorker();
    return reply.status(202).send(queued);
  });

  app.get('/surveys/:id/distributions', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Distributions of a survey with their counts', params: IdParam, response: { 200: z.object({ items: z.array(Distribution) }) } },
  }, async (request) => ({ items: await listDistributions(db, requireActor(request).workspaceId, request.params.id) }));

  app.get('/surveys/:id/invitations', {
    config: { permission: 'surveys:manage' },
    schema: { tags, summary: 'Recipients with their state (and links for the link channel)', params: IdParam, querystring: CursorQuery, response: { 200: page(SurveyInvitation) } },
  }, (request) => listInvitations(db, requireActor(request).workspaceId, request.params.id, request.query, app.vefaConfig.publicUrl));

  app.get('/surveys/:id/link', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: "The survey's own public link (answers tied to no customer) and an iframe snippet to embed it", params: IdParam, response: { 200: SurveyPublicLink } },
  }, async (request) => {
    const { workspaceId } = requireActor(request);
    const survey = await findSurveyRow(db, workspaceId, request.params.id);
    const { signingKey } = await surveySettingsOf(db, workspaceId);
    const url = surveyLinkUrl(app.vefaConfig.publicUrl, signingKey, workspaceId, survey.id);
    const embedUrl = surveyLinkUrl(app.vefaConfig.publicUrl, signingKey, workspaceId, survey.id, true);
    const title = survey.name.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    return { url, embedUrl, embedHtml: `<iframe src="${embedUrl}" title="${title}" width="100%" height="560" style="border:0;max-width:560px" loading="lazy"></iframe>` };
  });

  app.get('/surveys/:id/results', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'NPS with its 95% interval, CSAT, CES, trend, breakdowns, response rate', params: IdParam, response: { 200: SurveyResults } },
  }, (request) => surveyResults(db, requireActor(request).workspaceId, request.params.id));

  app.get('/surveys/:id/themes', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Themes of the text answers with example quotes', params: IdParam, response: { 200: z.object({ items: z.array(SurveyTheme) }) } },
  }, async (request) => ({ items: await surveyThemes(db, requireActor(request).workspaceId, request.params.id) }));

  app.get('/surveys/:id/responses', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Answers, newest first, with the follow-up case status', params: IdParam, querystring: ResponseListQuery, response: { 200: page(SurveyResponse) } },
  }, async (request) => {
    const { workspaceId } = requireActor(request);
    await findSurveyRow(db, workspaceId, request.params.id);
    return listResponses(db, workspaceId, { surveyId: request.params.id, ...request.query });
  });

  app.get('/surveys/:id/export', {
    config: { permission: 'surveys:read' },
    schema: { tags, summary: 'Answers as CSV or XLSX', params: IdParam, querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
  }, async (request, reply) => {
    const { workspaceId } = requireActor(request);
    await findSurveyRow(db, workspaceId, request.params.id);
    const stamp = new Date().toISOString().slice(0, 10);
    if (request.query.format === 'xlsx') {
      reply.header('content-disposition', `attachment; filename="survey-${stamp}.xlsx"`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(await exportResponsesXlsx(db, workspaceId, request.params.id));
    }
    reply.header('content-disposition', `attachment; filename="survey-${stamp}.csv"`).type('text/csv; charset=utf-8');
    return reply.send(exportResponsesCsv(db, workspaceId, request.params.id));
  });

  // The answer page: no sign-in, the signed single-use link is the credential.
  app.get('/public/surveys/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'What the answer page shows for a link (score preselected from the mail)', params: Token, querystring: PublicSurveyQuery, response: { 200: PublicSurveyView } },
  }, (request) => publicSurveyView(db, request.params.token, request.query.score));

  app.post('/public/surveys/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Answer once: the score and answers, then the comment once', params: Token, body: PublicSurveySubmit, response: { 200: PublicSurveyThanks } },
  }, (request) => submitPublicAnswer(db, request.params.token, request.body));

  // The survey's own public link and embedded widget: anyone may answer, so a
  // tight per-address limit stands in for the one-answer-per-recipient rule.
  app.get('/public/survey-links/:token', {
    config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: { tags: ['public'], summary: 'What the public link or widget shows, in the language asked for', params: Token, querystring: PublicSurveyLinkQuery, response: { 200: PublicSurveyView } },
  }, (request) => publicSurveyLinkView(db, request.params.token, request.query.lang, request.query.score));

  app.post('/public/survey-links/:token', {
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['public'], summary: 'Answer through the public link or widget (not tied to a customer; rate-limited per address)', params: Token, querystring: PublicSurveyLinkQuery.pick({ lang: true }), body: PublicSurveySubmit, response: { 200: PublicSurveyThanks } },
  }, (request) => submitSurveyLinkAnswer(db, request.params.token, request.query.lang, request.body));

  app.post('/public/surveys/:token/unsubscribe', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Stop survey e-mails (withdraws e-mail consent)', params: Token, response: { 200: z.object({ unsubscribed: z.boolean() }) } },
  }, (request) => unsubscribeByToken(db, request.params.token));
};
