import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { minimumDetectableEffect, sampleSizeForProportions } from '@vefa/domain/campaigns/index';
import {
  Campaign, CampaignBudget, CampaignCreate, CampaignListQuery, CampaignResults, CampaignTimeline, CampaignUpdate, CompetitorOffer, CompetitorOfferCreate,
  IdParam, IsoDate, page, Planning, PlanningQuery, Segment, SegmentCount, SegmentCountInput, SegmentCreate, SegmentFields, SegmentUpdate, UnsubscribeQuery,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { cancelCampaign, createCampaign, getCampaign, launchCampaign, listCampaigns, loadCampaign, updateCampaign } from './campaigns.ts';
import { countSegment, createSegment, exportSegmentCsv, listSegments, loadSegment, refreshSnapshot, segmentFields, updateSegment } from './segments.ts';
import { presentSegment } from './presenter.ts';
import { measureCampaign } from './results.ts';
import { campaignBudget, campaignTimeline, deleteCompetitorOffer, listCompetitorOffers, recordCompetitorOffer } from './competitors.ts';
import { exportAudienceCsv } from './audienceExport.ts';
import { unsubscribe } from './unsubscribe.ts';

// Recipients are not moved by a customer merge on purpose: a campaign's groups were randomised per
// record, and moving one into a campaign the survivor is also in would break the experiment's key.

const tags = ['campaigns'];
const read = { permission: 'campaigns:read' } as const;
const manage = { permission: 'campaigns:manage' } as const;
const items = <T extends z.ZodTypeAny>(schema: T) => z.object({ items: z.array(schema) });
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export const campaignRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  // Segments
  app.get('/campaigns/segment-fields', { config: read, schema: { tags, summary: 'Fields, operators and values a segment condition may use', response: { 200: SegmentFields } } },
    () => segmentFields());
  app.get('/campaigns/segments', { config: read, schema: { tags, summary: 'Saved segments', response: { 200: items(Segment) } } },
    async (request) => ({ items: await listSegments(db, requireActor(request).workspaceId) }));
  app.post('/campaigns/segments', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Save a segment (static: members frozen now)', body: SegmentCreate, response: { 201: Segment } } },
    async (request, reply) => reply.status(201).send(await createSegment(db, requireActor(request), request.body)));
  app.post('/campaigns/segments/count', { config: manage, schema: { tags, summary: 'Live count of a definition while editing (one SQL query)', body: SegmentCountInput, response: { 200: SegmentCount } } },
    (request) => countSegment(db, requireActor(request).workspaceId, request.body.definition));
  app.get('/campaigns/segments/:id', { config: read, schema: { tags, summary: 'One segment', params: IdParam, response: { 200: Segment } } },
    async (request) => presentSegment(await loadSegment(db, requireActor(request).workspaceId, request.params.id)));
  app.patch('/campaigns/segments/:id', { config: manage, schema: { tags, summary: 'Rename or redefine a segment', params: IdParam, body: SegmentUpdate, response: { 200: Segment } } },
    (request) => updateSegment(db, requireActor(request), request.params.id, request.body));
  app.post('/campaigns/segments/:id/snapshot', { config: manage, schema: { tags, summary: 'Freeze the current members of a static segment again', params: IdParam, response: { 200: Segment } } },
    (request) => refreshSnapshot(db, requireActor(request), request.params.id));
  app.get('/campaigns/segments/:id/count', { config: read, schema: { tags, summary: 'Members of a saved segment now', params: IdParam, response: { 200: SegmentCount } } },
    async (request) => {
      const ws = requireActor(request).workspaceId;
      const segment = await loadSegment(db, ws, request.params.id);
      return countSegment(db, ws, segment.definition);
    });
  app.get('/campaigns/segments/:id/export', { config: { permission: 'customers:export' }, schema: { tags, summary: 'Members as CSV', params: IdParam } },
    async (request, reply) => {
      const ws = requireActor(request).workspaceId;
      const segment = await loadSegment(db, ws, request.params.id);
      reply.header('content-disposition', `attachment; filename="segment-${segment.id.slice(0, 8)}.csv"`).type('text/csv; charset=utf-8');
      return reply.send(exportSegmentCsv(db, ws, segment));
    });

  // Planning, budget, competitors, timeline
  app.get('/campaigns/planning', { config: read, schema: { tags, summary: 'Sample size or minimum detectable uplift for a conversion test', querystring: PlanningQuery, response: { 200: Planning } } },
    (request) => {
      const q = request.query;
      const options = { alpha: q.alpha, power: q.power };
      const needed = q.effect !== undefined ? sampleSizeForProportions(q.baselineRate, q.effect, q.controlShare, options) : NaN;
      return {
        customersNeeded: Number.isFinite(needed) ? Math.ceil(needed) : null,
        minimumDetectableEffect: q.customers !== undefined ? minimumDetectableEffect(q.baselineRate, q.customers, q.controlShare, options) : null,
      };
    });
  app.get('/campaigns/budget', { config: read, schema: { tags, summary: 'Budgets, spend to date and forecast', response: { 200: CampaignBudget } } },
    (request) => campaignBudget(db, requireActor(request).workspaceId));
  app.get('/campaigns/timeline', { config: read, schema: { tags, summary: 'Own campaigns next to competitor offers', querystring: z.object({ from: IsoDate, to: IsoDate }), response: { 200: CampaignTimeline } } },
    (request) => campaignTimeline(db, requireActor(request).workspaceId, request.query.from, request.query.to));
  app.get('/campaigns/competitor-offers', { config: read, schema: { tags, summary: "Competitors' offers (what, where, from/to)", response: { 200: items(CompetitorOffer) } } },
    async (request) => ({ items: await listCompetitorOffers(db, requireActor(request).workspaceId) }));
  app.post('/campaigns/competitor-offers', { config: { ...manage, idempotent: true }, schema: { tags, summary: "Record a competitor's offer", body: CompetitorOfferCreate, response: { 201: CompetitorOffer } } },
    async (request, reply) => reply.status(201).send(await recordCompetitorOffer(db, requireActor(request), request.body)));
  app.delete('/campaigns/competitor-offers/:id', { config: manage, schema: { tags, summary: 'Remove a competitor offer', params: IdParam, response: { 200: CompetitorOffer } } },
    (request) => deleteCompetitorOffer(db, requireActor(request), request.params.id));

  // The unsubscribe link in every campaign e-mail: signed, so it needs no sign-in.
  app.get('/campaigns/unsubscribe', { config: { public: true }, schema: { tags, summary: 'Unsubscribe from campaign e-mail (signed link)', querystring: UnsubscribeQuery } },
    async (request, reply) => {
      const page = await unsubscribe(db, request.query.token);
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="${page.language}"><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
        + `<title>${escapeHtml(page.title)}</title><body style="font-family:sans-serif;max-width:36em;margin:4em auto"><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.body)}</p></body></html>`);
    });

  // Campaigns
  app.get('/campaigns', { config: read, schema: { tags, summary: 'Campaigns, newest first', querystring: CampaignListQuery, response: { 200: page(Campaign) } } },
    (request) => listCampaigns(db, requireActor(request).workspaceId, request.query));
  app.post('/campaigns', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Create a campaign (draft)', body: CampaignCreate, response: { 201: Campaign } } },
    async (request, reply) => reply.status(201).send(await createCampaign(db, requireActor(request), request.body)));
  app.get('/campaigns/:id', { config: read, schema: { tags, summary: 'One campaign with delivery counts', params: IdParam, response: { 200: Campaign } } },
    (request) => getCampaign(db, requireActor(request).workspaceId, request.params.id));
  app.patch('/campaigns/:id', { config: manage, schema: { tags, summary: 'Rename, change the message, end date or budget', params: IdParam, body: CampaignUpdate, response: { 200: Campaign } } },
    (request) => updateCampaign(db, requireActor(request), request.params.id, request.body));
  app.post('/campaigns/:id/launch', { config: manage, schema: { tags, summary: 'Launch: audience drawn, control held out, offers issued and mail sent by a background job', params: IdParam, response: { 200: Campaign } } },
    (request) => launchCampaign(db, requireActor(request), request.params.id));
  app.post('/campaigns/:id/cancel', { config: manage, schema: { tags, summary: 'Stop issuing (what was issued stays and is measured)', params: IdParam, response: { 200: Campaign } } },
    (request) => cancelCampaign(db, requireActor(request), request.params.id));
  app.get('/campaigns/:id/results', { config: read, schema: { tags, summary: 'Treated vs control: uplift with 95% CIs, p-values, incremental margin, cost, ROI, verdict', params: IdParam, response: { 200: CampaignResults } } },
    (request) => measureCampaign(db, requireActor(request).workspaceId, request.params.id));
  app.get('/campaigns/:id/audience', { config: { permission: 'customers:export' }, schema: { tags, summary: 'Treated audience as CSV for SMS or push (never the control group)', params: IdParam } },
    async (request, reply) => {
      const ws = requireActor(request).workspaceId;
      const campaign = await loadCampaign(db, ws, request.params.id);
      reply.header('content-disposition', `attachment; filename="campaign-${campaign.id.slice(0, 8)}-audience.csv"`).type('text/csv; charset=utf-8');
      return reply.send(exportAudienceCsv(db, ws, campaign.id));
    });
};
