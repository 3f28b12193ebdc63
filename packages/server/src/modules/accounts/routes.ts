import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Account360, AccountContact, AccountListQuery, AccountReferral, AccountReferralCreate, Activity, ActivityCreate, ActivityListQuery, Board,
  Competitor, CompetitorCreate, CompetitorUpdate, Contract, ContractCreate, ContractUpdate, Deal, DealClose, DealCreate, DealListQuery, DealMove,
  DealUpdate, DealView, IdParam, KeyAccount, KeyAccountCreate, KeyAccountUpdate, MarketSegment, MarketSegmentCreate, MarketSegmentUpdate, MonthlyReport, Order,
  OrderCreate, OrderListQuery, OrderStatusChange, page, Pipeline, PipelineCreate, PriceList, PriceListCreate, PriceListUpdate, Product, ProductCreate, ProductUpdate,
  Quote, QuoteCreate, QuoteStatusChange, RelationshipSet, ReportQuery, ReportSchedule, ReportScheduleCreate, TargetSet, Uuid,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { createKeyAccount, deleteContact, listAccounts, removeRelationship, setRelationship, updateKeyAccount } from './accountService.ts';
import { getAccount360 } from './account360.ts';
import { createPipeline, listPipelines } from './pipelines.ts';
import { closeDeal, createDeal, dealBoard, dealView, listDeals, moveDeal, updateDeal } from './deals.ts';
import { completeActivity, createActivity, listActivities } from './activities.ts';
import { createPriceList, createProduct, listPriceLists, listProducts, updatePriceList, updateProduct } from './catalogue.ts';
import { createQuote, listQuotes, quotePdf, setQuoteStatus } from './quotes.ts';
import { attachDocument, createContract, getContract, listContracts, readDocument, updateContract } from './contracts.ts';
import { createOrder, listOrders, setOrderStatus } from './orders.ts';
import { createCompetitor, createReferral, createSegment, listCompetitors, listReferrals, listSegments, markRewardPaid, updateCompetitor, updateSegment } from './market.ts';
import { monthlyReport } from './report.ts';
import { reportPdf, reportXlsx } from './reportDocuments.ts';
import { createSchedule, deleteSchedule, listSchedules } from './reportSchedules.ts';
import { setTarget } from './targets.ts';
import { asLang } from './texts.ts';
import { wakeWorker } from '../../platform/jobs/wake.ts';
import './references.ts';

const tags = ['accounts'];
const read = { permission: 'accounts:read' } as const;
const write = { permission: 'accounts:write' } as const;
const manage = { permission: 'accounts:manage' } as const;
const items = <T extends z.ZodTypeAny>(schema: T) => z.object({ items: z.array(schema) });
const ContactParam = z.object({ id: Uuid, contactId: Uuid });

/** A body PostgreSQL already wrote as JSON text in the route's response shape: Fastify sends a string with a JSON type as it is. */
function sendJsonText(reply: FastifyReply, body: string) {
  return reply.type('application/json; charset=utf-8').send(body);
}

export const accountRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  // Accounts and their relationship map
  app.get('/accounts', { config: read, schema: { tags, summary: 'Key accounts you own or share (all with accounts:manage)', querystring: AccountListQuery, response: { 200: page(KeyAccount) } } },
    (request) => listAccounts(db, requireActor(request), request.query));
  app.post('/accounts', { config: { ...write, idempotent: true }, schema: { tags, summary: 'Flag a company as a key account', body: KeyAccountCreate, response: { 201: KeyAccount } } },
    async (request, reply) => reply.status(201).send(await createKeyAccount(db, requireActor(request), request.body)));
  app.get('/accounts/:id', { config: read, schema: { tags, summary: 'The account page: health, plan, relationship map, deals, contracts, orders', params: IdParam, response: { 200: Account360 } } },
    (request) => getAccount360(app.database, requireActor(request), request.params.id));
  app.patch('/accounts/:id', { config: write, schema: { tags, summary: 'Change owner, tier, plan, sharing', params: IdParam, body: KeyAccountUpdate, response: { 200: KeyAccount } } },
    (request) => updateKeyAccount(db, requireActor(request), request.params.id, request.body));
  app.put('/accounts/:id/contacts/:contactId', { config: write, schema: { tags, summary: 'Put a contact on the relationship map', params: ContactParam, body: RelationshipSet, response: { 200: items(AccountContact) } } },
    async (request) => ({ items: await setRelationship(db, requireActor(request), request.params.id, request.params.contactId, request.body) }));
  app.delete('/accounts/:id/contacts/:contactId', { config: write, schema: { tags, summary: 'Take a contact off the relationship map', params: ContactParam } },
    async (request, reply) => { await removeRelationship(db, requireActor(request), request.params.id, request.params.contactId); return reply.status(204).send(); });
  app.delete('/accounts/contacts/:id', { config: write, schema: { tags, summary: 'Delete a contact nobody worked with yet (refused with the reason when they have history)', params: IdParam } },
    async (request, reply) => { await deleteContact(db, requireActor(request), request.params.id); return reply.status(204).send(); });

  // Pipelines, deals and the board
  app.get('/accounts/pipelines', { config: read, schema: { tags, summary: 'Pipelines with their stages (the default follows the work cycle)', response: { 200: items(Pipeline) } } },
    async (request) => ({ items: await listPipelines(db, requireActor(request).workspaceId) }));
  app.post('/accounts/pipelines', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Add a pipeline', body: PipelineCreate, response: { 201: Pipeline } } },
    async (request, reply) => reply.status(201).send(await createPipeline(db, requireActor(request), request.body)));
  app.get('/accounts/board', { config: read, schema: { tags, summary: 'Kanban: stages with counts, totals and newest cards', querystring: z.object({ pipelineId: Uuid.optional(), perStage: z.coerce.number().int().min(1).max(200).default(20) }), response: { 200: Board } } },
    async (request, reply) => sendJsonText(reply, await dealBoard(app.database, requireActor(request), request.query.pipelineId, request.query.perStage)));
  app.get('/accounts/deals', { config: read, schema: { tags, summary: 'Deals (table view)', querystring: DealListQuery, response: { 200: page(Deal) } } },
    (request) => listDeals(db, requireActor(request), request.query));
  app.post('/accounts/deals', { config: { ...write, idempotent: true }, schema: { tags, summary: 'Open a deal', body: DealCreate, response: { 201: Deal } } },
    async (request, reply) => reply.status(201).send(await createDeal(db, requireActor(request), request.body)));
  app.get('/accounts/deals/:id', { config: read, schema: { tags, summary: 'A deal with its stage history and time in stage', params: IdParam, response: { 200: DealView } } },
    (request) => dealView(db, requireActor(request), request.params.id));
  app.patch('/accounts/deals/:id', { config: write, schema: { tags, summary: 'Change a deal (value, next step, products…)', params: IdParam, body: DealUpdate, response: { 200: Deal } } },
    (request) => updateDeal(db, requireActor(request), request.params.id, request.body));
  app.post('/accounts/deals/:id/move', { config: write, schema: { tags, summary: 'Move to another stage (drag and drop)', params: IdParam, body: DealMove, response: { 200: Deal } } },
    (request) => moveDeal(db, requireActor(request), request.params.id, request.body.stageId));
  app.post('/accounts/deals/:id/close', { config: write, schema: { tags, summary: 'Won, or lost with a reason and competitor', params: IdParam, body: DealClose, response: { 200: Deal } } },
    (request) => closeDeal(db, requireActor(request), request.params.id, request.body));

  // Activities, appointments, tasks
  app.get('/accounts/activities', { config: read, schema: { tags, summary: 'Activities of an account or deal, or your calendar (from/to)', querystring: ActivityListQuery, response: { 200: page(Activity) } } },
    (request) => listActivities(db, requireActor(request), request.query));
  app.post('/accounts/activities', { config: { ...write, idempotent: true }, schema: { tags, summary: 'Log a call, e-mail, fax, letter, chat; schedule a meeting (with an .ics invitation); set a task', body: ActivityCreate, response: { 201: Activity } } },
    async (request, reply) => { const activity = await createActivity(db, requireActor(request), request.body); wakeWorker(); return reply.status(201).send(activity); });
  app.post('/accounts/activities/:id/done', { config: write, schema: { tags, summary: 'Mark a task done or a meeting held', params: IdParam, response: { 200: Activity } } },
    (request) => completeActivity(db, requireActor(request), request.params.id));

  // Products and price lists
  app.get('/accounts/products', { config: read, schema: { tags, summary: 'Products with base prices', response: { 200: items(Product) } } },
    async (request) => ({ items: await listProducts(db, requireActor(request).workspaceId) }));
  app.post('/accounts/products', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Add a product', body: ProductCreate, response: { 201: Product } } },
    async (request, reply) => reply.status(201).send(await createProduct(db, requireActor(request), request.body)));
  app.patch('/accounts/products/:id', { config: manage, schema: { tags, summary: 'Change a product', params: IdParam, body: ProductUpdate, response: { 200: Product } } },
    (request) => updateProduct(db, requireActor(request), request.params.id, request.body));
  app.get('/accounts/price-lists', { config: read, schema: { tags, summary: 'Price lists (general, and one account’s)', querystring: z.object({ accountId: Uuid.optional() }), response: { 200: items(PriceList) } } },
    async (request) => ({ items: await listPriceLists(db, requireActor(request), request.query.accountId) }));
  app.post('/accounts/price-lists', { config: { ...write, idempotent: true }, schema: { tags, summary: 'A price list with volume breaks, discounts and bonus terms, valid from/to', body: PriceListCreate, response: { 201: PriceList } } },
    async (request, reply) => reply.status(201).send(await createPriceList(db, requireActor(request), request.body)));
  app.patch('/accounts/price-lists/:id', { config: write, schema: { tags, summary: 'Change a price list: name, currency, validity, prices and volume breaks (quotes already made keep their prices)', params: IdParam, body: PriceListUpdate, response: { 200: PriceList } } },
    (request) => updatePriceList(db, requireActor(request), request.params.id, request.body));

  // Quotes, contracts, orders
  app.get('/accounts/quotes', { config: read, schema: { tags, summary: 'Quotes of a deal or account', querystring: z.object({ dealId: Uuid.optional(), accountId: Uuid.optional() }), response: { 200: items(Quote) } } },
    async (request) => ({ items: await listQuotes(db, requireActor(request), request.query) }));
  app.post('/accounts/quotes', { config: { ...write, idempotent: true }, schema: { tags, summary: "A quote from a deal, priced with the account's lists", body: QuoteCreate, response: { 201: Quote } } },
    async (request, reply) => reply.status(201).send(await createQuote(db, requireActor(request), request.body)));
  app.post('/accounts/quotes/:id/status', { config: write, schema: { tags, summary: 'Sent, accepted or rejected', params: IdParam, body: QuoteStatusChange, response: { 200: Quote } } },
    (request) => setQuoteStatus(db, requireActor(request), request.params.id, request.body.status));
  app.get('/accounts/quotes/:id/pdf', { config: read, schema: { tags, summary: 'The quote as PDF', params: IdParam } }, async (request, reply) => {
    const pdf = await quotePdf(db, requireActor(request), request.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${pdf.fileName}"`).send(pdf.content);
  });
  app.get('/accounts/contracts', { config: read, schema: { tags, summary: 'Contracts', querystring: z.object({ accountId: Uuid.optional() }), response: { 200: items(Contract) } } },
    async (request) => ({ items: await listContracts(db, requireActor(request), request.query.accountId) }));
  app.post('/accounts/contracts', { config: { ...write, idempotent: true }, schema: { tags, summary: 'A contract, typed in or converted from a quote', body: ContractCreate, response: { 201: Contract } } },
    async (request, reply) => reply.status(201).send(await createContract(db, requireActor(request), request.body)));
  app.get('/accounts/contracts/:id', { config: read, schema: { tags, summary: 'A contract with its documents', params: IdParam, response: { 200: Contract } } },
    (request) => getContract(db, requireActor(request), request.params.id));
  app.patch('/accounts/contracts/:id', { config: write, schema: { tags, summary: 'Change terms, status, renewal', params: IdParam, body: ContractUpdate, response: { 200: Contract } } },
    (request) => updateContract(db, requireActor(request), request.params.id, request.body));
  app.get('/accounts/contracts/:id/documents/:documentId', { config: read, schema: { tags, summary: 'Download an attached document', params: z.object({ id: Uuid, documentId: Uuid }) } }, async (request, reply) => {
    const doc = await readDocument(db, requireActor(request), request.params.id, request.params.documentId);
    return reply.type(doc.contentType).header('content-disposition', `attachment; filename="${encodeURIComponent(doc.fileName)}"`).send(Buffer.from(doc.content));
  });
  await app.register(async (uploads) => {
    for (const type of ['application/pdf', 'application/octet-stream', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/msword']) {
      uploads.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    }
    uploads.withTypeProvider<ZodTypeProvider>().post('/accounts/contracts/:id/documents', {
      config: write, bodyLimit: 10 * 1024 * 1024,
      schema: { tags, summary: 'Attach a document (raw body, ?fileName=)', params: IdParam, querystring: z.object({ fileName: z.string().min(1).max(255) }), response: { 201: Contract } },
    }, async (request, reply) => {
      const bytes = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
      const type = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0] ?? 'application/octet-stream';
      return reply.status(201).send(await attachDocument(db, requireActor(request), request.params.id, request.query.fileName, type, bytes));
    });
  });
  app.get('/accounts/orders', { config: read, schema: { tags, summary: 'Orders, newest first; overdue=true for the late ones', querystring: OrderListQuery, response: { 200: page(Order) } } },
    (request) => listOrders(db, requireActor(request), request.query));
  app.post('/accounts/orders', { config: { ...write, idempotent: true }, schema: { tags, summary: 'An order against an active contract', body: OrderCreate, response: { 201: Order } } },
    async (request, reply) => reply.status(201).send(await createOrder(db, requireActor(request), request.body)));
  app.post('/accounts/orders/:id/status', { config: write, schema: { tags, summary: 'Fulfilment: confirmed, in fulfilment, shipped, delivered, invoiced (or cancelled)', params: IdParam, body: OrderStatusChange, response: { 200: Order } } },
    (request) => setOrderStatus(db, requireActor(request), request.params.id, request.body.status));

  // Market, competitors, referrals
  app.get('/accounts/competitors', { config: read, schema: { tags, summary: 'Competitors with SWOT and win rate against each', response: { 200: items(Competitor) } } },
    async (request) => ({ items: await listCompetitors(db, requireActor(request)) }));
  app.post('/accounts/competitors', { config: { ...write, idempotent: true }, schema: { tags, summary: 'Add a competitor', body: CompetitorCreate, response: { 201: Competitor } } },
    async (request, reply) => reply.status(201).send(await createCompetitor(db, requireActor(request), request.body)));
  app.patch('/accounts/competitors/:id', { config: write, schema: { tags, summary: 'Change a competitor', params: IdParam, body: CompetitorUpdate, response: { 200: Competitor } } },
    (request) => updateCompetitor(db, requireActor(request), request.params.id, request.body));
  app.get('/accounts/segments', { config: read, schema: { tags, summary: 'Market segments with size, potential and coverage', response: { 200: items(MarketSegment) } } },
    async (request) => ({ items: await listSegments(db, requireActor(request)) }));
  app.post('/accounts/segments', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Add a market segment', body: MarketSegmentCreate, response: { 201: MarketSegment } } },
    async (request, reply) => reply.status(201).send(await createSegment(db, requireActor(request), request.body)));
  app.patch('/accounts/segments/:id', { config: manage, schema: { tags, summary: 'Change a market segment (name, size, potential)', params: IdParam, body: MarketSegmentUpdate, response: { 200: MarketSegment } } },
    (request) => updateSegment(db, requireActor(request), request.params.id, request.body));
  app.get('/accounts/referrals', { config: read, schema: { tags, summary: 'Who referred whom, conversion and reward', response: { 200: items(AccountReferral) } } },
    async (request) => ({ items: await listReferrals(db, requireActor(request)) }));
  app.post('/accounts/referrals', { config: { ...write, idempotent: true }, schema: { tags, summary: 'Record a referral', body: AccountReferralCreate, response: { 201: AccountReferral } } },
    async (request, reply) => reply.status(201).send(await createReferral(db, requireActor(request), request.body)));
  app.post('/accounts/referrals/:id/reward-paid', { config: write, schema: { tags, summary: "The referrer's reward was paid", params: IdParam, response: { 200: AccountReferral } } },
    (request) => markRewardPaid(db, requireActor(request), request.params.id));

  // Monthly report, targets, schedules
  app.get('/accounts/reports/monthly', { config: read, schema: { tags, summary: 'Monthly report for a manager or the team', querystring: ReportQuery, response: { 200: MonthlyReport } } },
    (request) => monthlyReport(db, requireActor(request), request.query.month, request.query.ownerId));
  app.get('/accounts/reports/monthly/export', { config: read, schema: { tags, summary: 'The monthly report as PDF or XLSX', querystring: ReportQuery.extend({ format: z.enum(['pdf', 'xlsx']).default('pdf'), lang: z.enum(['az', 'tr', 'en']).default('az') }) } }, async (request, reply) => {
    const report = await monthlyReport(db, requireActor(request), request.query.month, request.query.ownerId);
    const lang = asLang(request.query.lang);
    if (request.query.format === 'xlsx') {
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="report-${report.month}.xlsx"`).send(await reportXlsx(report, lang));
    }
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="report-${report.month}.pdf"`).send(await reportPdf(report, lang));
  });
  app.put('/accounts/targets', { config: manage, schema: { tags, summary: "Set a manager's revenue target for a month", body: TargetSet, response: { 200: TargetSet } } },
    (request) => setTarget(db, requireActor(request), request.body));
  app.get('/accounts/report-schedules', { config: read, schema: { tags, summary: 'Who gets the monthly report by e-mail', response: { 200: items(ReportSchedule) } } },
    async (request) => ({ items: await listSchedules(db, requireActor(request).workspaceId) }));
  app.post('/accounts/report-schedules', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Send the monthly report to an address after each month', body: ReportScheduleCreate, response: { 201: ReportSchedule } } },
    async (request, reply) => reply.status(201).send(await createSchedule(db, requireActor(request), request.body)));
  app.delete('/accounts/report-schedules/:id', { config: manage, schema: { tags, summary: 'Stop a scheduled report', params: IdParam } },
    async (request, reply) => { await deleteSchedule(db, requireActor(request), request.params.id); return reply.status(204).send(); });

};
