import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CsatPublicQuery, CsatPublicView, CsatSubmit, CsatThanks, PublicFormReceipt, PublicFormSubmit, PublicFormTicket } from '@vefa/contract';
import { csatPublicView, submitCsat } from './csat/csat.ts';
import { formTicket, submitWebForm } from './forms/webForm.ts';

const tags = ['public'];
const Token = z.object({ token: z.string().min(10).max(1000) });
const Slug = z.object({ workspaceSlug: z.string().min(1).max(100) });

/** Pages customers reach without signing in: the satisfaction link and the contact form. */
export const servicePublicRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.get('/public/csat/:token', {
    config: { public: true },
    schema: { tags, summary: 'What the satisfaction page shows for a link', params: Token, querystring: CsatPublicQuery, response: { 200: CsatPublicView } },
  }, (request) => csatPublicView(db, request.params.token, request.query.score));

  app.post('/public/csat/:token', {
    config: { public: true },
    schema: { tags, summary: 'Answer the satisfaction question (once per link)', params: Token, body: CsatSubmit, response: { 200: CsatThanks } },
  }, (request) => submitCsat(db, request.params.token, request.body.score, request.body.comment));

  app.get('/public/service/forms/:workspaceSlug', {
    config: { public: true },
    schema: { tags, summary: 'A signed ticket for the contact form (fetch when the form is shown)', params: Slug, response: { 200: PublicFormTicket } },
  }, (request) => formTicket(db, request.params.workspaceSlug));

  app.post('/public/service/forms/:workspaceSlug', {
    config: { public: true },
    schema: { tags, summary: 'Send the contact form: opens a web_form case', params: Slug, body: PublicFormSubmit, response: { 201: PublicFormReceipt } },
  }, async (request, reply) => reply.status(201).send(await submitWebForm(db, request.params.workspaceSlug, request.body, request.ip)));
};
