import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildWorkspace, bearerClient, signIn, startTestApp, userIdOf, type Client, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../db/database.ts';
import { seedCaseMail } from '../../modules/service/mail/test/mailFixture.ts';

/**
 * Generic access tests over every /api/v1 route the app registers, so a new
 * route is covered the day it is added: no route answers without credentials,
 * a role without the permission gets 403 and changes nothing, and workspace A
 * never reads or changes workspace B's rows.
 */
let ctx: TestContext;
let ownerA: Client;
let ownerB: Client;
let viewerA: Client;
const b: Record<string, string> = {};

const TABLES = ['customers', 'consents', 'timeline_entries', 'custom_field_definitions', 'import_runs', 'import_files', 'memberships', 'departments', 'api_keys', 'audit_log', 'import_mappings',
  'transactions', 'transaction_files', 'transaction_imports', 'analytics_runs', 'customer_scores',
  'loyalty_programmes', 'loyalty_members', 'loyalty_member_balances', 'loyalty_purchases', 'loyalty_ledger_entries', 'loyalty_lots', 'loyalty_earning_rules',
  'key_accounts', 'key_account_shares', 'account_relationships', 'account_pipelines', 'account_deals', 'account_deal_stage_history', 'account_activities',
  'account_products', 'account_price_lists', 'account_quotes', 'account_contracts', 'account_contract_documents', 'account_orders', 'account_competitors',
  'account_segments', 'account_referrals', 'account_revenue_targets', 'account_report_schedules',
  'cases', 'case_events', 'case_links', 'case_mentions', 'case_number_counters', 'routing_rules', 'sla_policies', 'business_calendars', 'canned_replies',
  'onboarding_templates', 'csat_requests', 'agent_profiles', 'department_service_settings', 'service_settings',
  'mailboxes', 'mail_messages', 'mail_attachments', 'mail_settings',
  'campaign_segments', 'campaign_segment_members', 'campaigns', 'campaign_recipients', 'competitor_offers', 'campaign_settings',
  'surveys', 'survey_settings', 'survey_distributions', 'survey_invitations', 'survey_responses', 'survey_theme_names', 'survey_contact_windows'];

async function snapshot(workspaceId: string) {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) {
    out[table] = await sqlRows(ctx.database.db, sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*)::int as n from ${sql.identifier(table)} t where workspace_id = ${workspaceId}`);
  }
  return out;
}

const BODIES: Record<string, unknown> = {
  'POST /api/v1/customers': { firstName: 'Intruder' },
  'PATCH /api/v1/customers/:id': { firstName: 'Changed' },
  'PUT /api/v1/customers/:id/consents/:channel': { granted: false, source: 'intruder' },
  'POST /api/v1/customers/:id/timeline': { kind: 'note', summary: 'intruder' },
  'POST /api/v1/customers/:id/merge': { duplicateId: '' },
  'POST /api/v1/custom-fields': { key: 'x', label: { az: 'x', tr: 'x', en: 'x' }, type: 'text' },
  'POST /api/v1/imports': { fileId: '', mapping: { a: 'external_id' } },
  'POST /api/v1/members': { email: 'x@y.z', name: 'x', password: 'long enough pw', role: 'viewer' },
  'PATCH /api/v1/members/:userId': { role: 'viewer' },
  'POST /api/v1/departments': { name: 'Intruders' },
  'POST /api/v1/api-keys': { name: 'intruder' },
  'POST /api/v1/auth/login': { email: 'nobody@x.y', password: 'x' },
  'POST /api/v1/loyalty/transfers': { fromMemberId: '', toMemberId: '', points: 1 },
  'POST /api/v1/service/mailboxes': { address: 'intruder@mail.test', name: 'Intruder' },
  'PATCH /api/v1/service/mailboxes/:id': { name: 'Changed' },
  'POST /api/v1/service/cases/:id/replies': { text: 'intruder' },
  'POST /api/v1/surveys': { name: 'Intruder', type: 'nps', question: { az: 'x', tr: 'x', en: 'x' } },
  'PATCH /api/v1/surveys/:id': { name: 'Changed' },
  'POST /api/v1/surveys/:id/distributions': { audience: { kind: 'tag', tag: 'x' } },
  'PATCH /api/v1/surveys/settings': { fatigueDays: 1 },
  'PUT /api/v1/surveys/:id/themes/:key': { name: 'Intruder' },
};

let wsA = '';
let wsB = '';
beforeAll(async () => {
  ctx = await startTestApp();
  const a = await buildWorkspace(ctx.database, 'alpha', ['owner', 'viewer']);
  const bw = await buildWorkspace(ctx.database, 'beta', ['owner', 'viewer']);
  wsA = a.id;
  wsB = bw.id;
  ownerA = await signIn(ctx.app, a.people.owner ?? '');
  viewerA = await signIn(ctx.app, a.people.viewer ?? '');
  ownerB = await signIn(ctx.app, bw.people.owner ?? '');
  const company = (await ownerB.request('POST', '/api/v1/customers', { kind: 'company', companyName: 'Beta MMC' })).json();
  const person = (await ownerB.request('POST', '/api/v1/customers', { firstName: 'Beta', email: 'beta@b.az', companyId: company.id, consents: [{ channel: 'email', granted: true, source: 't' }] })).json();
  await ownerB.request('POST', `/api/v1/customers/${person.id}/timeline`, { kind: 'note', summary: 'secret note of beta' });
  await ownerB.request('POST', '/api/v1/custom-fields', { key: 'beta_field', label: { az: 'b', tr: 'b', en: 'b' }, type: 'text' });
  const file = (await ownerB.request('POST', '/api/v1/imports/files?fileName=b.csv', 'external_id,first_name\nB1,Bee\n', { 'content-type': 'text/csv' })).json();
  const run = (await ownerB.request('POST', '/api/v1/imports', { fileId: file.id, mapping: { external_id: 'external_id', first_name: 'first_name' }, dryRun: true })).json();
  const key = (await ownerB.request('POST', '/api/v1/api-keys', { name: 'beta till' })).json();
  const sales = (await ownerB.request('POST', '/api/v1/analytics/transactions/files?fileName=s.csv', 'customer_id,date,amount\nB1,2024-01-01,5\n', { 'content-type': 'text/csv' })).json();
  const salesImport = (await ownerB.request('POST', '/api/v1/analytics/transaction-imports', { fileId: sales.id })).json();
  const analyticsRun = (await ownerB.request('POST', '/api/v1/analytics/runs', {})).json();
  Object.assign(b, { salesFileId: sales.id, salesImportId: salesImport.id, analyticsRunId: analyticsRun.id });
  const programme = (await ownerB.request('POST', '/api/v1/loyalty/programmes', { name: 'Beta points' })).json();
  await ownerB.request('POST', '/api/v1/loyalty/rules', { rule: { name: 'base', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } } });
  const member = (await ownerB.request('POST', '/api/v1/loyalty/members', { customerId: person.id })).json();
  await ownerB.request('POST', '/api/v1/loyalty/purchases', { externalId: 'B-1', member: { memberId: member.id }, occurredAt: new Date().toISOString(), lines: [{ id: '1', sku: 'S', quantity: 1, unitPriceMinor: 1000 }] });
  const bought = await ownerB.request('GET', `/api/v1/loyalty/members/${member.id}`);
  if (bought.json().balance?.available !== 10) throw new Error(`loyalty setup of workspace B failed: ${bought.body}`);
  const second = (await ownerB.request('POST', '/api/v1/customers', { firstName: 'Beta Two' })).json();
  const secondMember = (await ownerB.request('POST', '/api/v1/loyalty/members', { customerId: second.id })).json();
  Object.assign(b, { programmeId: programme.id, memberId: member.id, secondMemberId: secondMember.id });
  Object.assign(b, await seedKeyAccounts(ownerB, company.id, person.id));
  Object.assign(b, await seedServiceDesk(ownerB, person.id));
  Object.assign(b, await seedCaseMail(ctx.database, wsB, b.caseId ?? '', 'desk@beta.test'));
  Object.assign(b, await seedCampaigns(ownerB, programme.id));
  Object.assign(b, await seedSurveys(ownerB, person.id));
  Object.assign(b, { id: person.id, companyId: company.id, userId: await userIdOf(ctx.database, bw.people.viewer ?? ''), key: 'beta_field', fileId: file.id, runId: run.id, apiKeyId: key.id });
});
afterAll(() => ctx.close());

/** Workspace B's segment, campaign and competitor offer, for the route walker. */
async function seedCampaigns(client: Client, programmeId: string) {
  const post = async (url: string, body: unknown) => {
    const res = await client.request('POST', url, body);
    if (res.statusCode >= 300) throw new Error(`campaigns setup of workspace B failed at ${url}: ${res.body}`);
    return res.json();
  };
  const segment = await post('/api/v1/campaigns/segments', { name: 'Beta segment', kind: 'static', definition: { type: 'condition', field: 'loyalty.member', op: 'exists' } });
  const campaign = await post('/api/v1/campaigns', {
    name: 'Beta campaign', segmentId: segment.id, offer: { kind: 'points', programmeId, points: 5 }, controlShare: 0.2, channel: 'export',
    startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const offer = await post('/api/v1/campaigns/competitor-offers', { competitor: 'Beta rival', offer: 'secret', channel: 'web', startsOn: '2026-01-01', endsOn: null });
  return { campaignSegmentId: segment.id, campaignId: campaign.id, competitorOfferId: offer.id };
}

/** Workspace B's survey with a distribution and an answered invitation, for the route walker. */
async function seedSurveys(client: Client, customerId: string) {
  const survey = (await client.request('POST', '/api/v1/surveys', { name: 'Beta NPS', type: 'nps', question: { az: 'b', tr: 'b', en: 'b' } })).json();
  const sent = await client.request('POST', `/api/v1/surveys/${survey.id}/distributions`, { audience: { kind: 'customers', customerIds: [customerId] }, channel: 'link' });
  if (sent.statusCode >= 300) throw new Error(`surveys setup of workspace B failed: ${sent.body}`);
  const link: string = (await client.request('GET', `/api/v1/surveys/${survey.id}/invitations`)).json().items[0].url;
  const answered = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${link.split('/s/')[1]}`, payload: { score: 2, comment: 'secret note of beta' } });
  if (answered.statusCode !== 200) throw new Error(`surveys answer of workspace B failed: ${answered.body}`);
  await client.request('PUT', `/api/v1/surveys/${survey.id}/themes/kw:secret`, { name: 'Beta theme' });
  return { surveyId: survey.id };
}

const campaignsIdFor = (url: string, ids: Record<string, string>) => (url.startsWith('/api/v1/campaigns/segments/') ? ids.campaignSegmentId
  : url.startsWith('/api/v1/campaigns/competitor-offers/') ? ids.competitorOfferId : ids.campaignId) ?? '';

/** Workspace B's key-account records, one of each kind, for the route walker. */
async function seedKeyAccounts(client: Client, companyId: string, personId: string) {
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await client.request('POST', url, body, headers);
    if (res.statusCode >= 300) throw new Error(`accounts setup of workspace B failed at ${url}: ${res.body}`);
    return res.json();
  };
  await post('/api/v1/accounts', { companyId });
  const product = await post('/api/v1/accounts/products', { sku: 'B-1', name: 'Beta product', basePrice: { amountMinor: 100, currency: 'AZN' } });
  const competitor = await post('/api/v1/accounts/competitors', { name: 'Beta rival' });
  const deal = await post('/api/v1/accounts/deals', { title: 'Beta deal', accountId: companyId, contactId: personId, value: { amountMinor: 100, currency: 'AZN' }, products: [{ productId: product.id, quantity: 1 }] });
  const activity = await post('/api/v1/accounts/activities', { kind: 'task', accountId: companyId, subject: 'Beta task', dueAt: new Date().toISOString() });
  const quote = await post('/api/v1/accounts/quotes', { dealId: deal.id });
  const contract = await post('/api/v1/accounts/contracts', { quoteId: quote.id, title: 'Beta contract', startsOn: '2026-01-01' });
  const doc = await post(`/api/v1/accounts/contracts/${contract.id}/documents?fileName=b.pdf`, Buffer.from('%PDF-1.4'), { 'content-type': 'application/pdf' });
  const order = await post('/api/v1/accounts/orders', { contractId: contract.id });
  const referral = await post('/api/v1/accounts/referrals', { referrerId: companyId, prospectId: personId });
  const schedule = await post('/api/v1/accounts/report-schedules', { email: 'beta@b.az' });
  const segment = await post('/api/v1/accounts/segments', { name: 'Beta segment', potential: { amountMinor: 1, currency: 'AZN' } });
  return {
    accountId: companyId, contactId: personId, dealId: deal.id, activityId: activity.id, productId: product.id, quoteId: quote.id, contractId: contract.id,
    documentId: doc.documents[0].id, orderId: order.id, competitorId: competitor.id, referralId: referral.id, scheduleId: schedule.id, segmentId: segment.id,
  };
}

const ACCOUNT_CHILDREN: [string, string][] = [['deals', 'dealId'], ['activities', 'activityId'], ['products', 'productId'], ['quotes', 'quoteId'],
  ['contracts', 'contractId'], ['orders', 'orderId'], ['competitors', 'competitorId'], ['referrals', 'referralId'], ['report-schedules', 'scheduleId'], ['contacts', 'contactId']];
function accountsIdFor(url: string, ids: Record<string, string>) {
  const child = ACCOUNT_CHILDREN.find(([segment]) => url.startsWith(`/api/v1/accounts/${segment}/`));
  return (child ? ids[child[1]] : ids.accountId) ?? '';
}

/** Workspace B's service desk: a department, a case with a note, and one of each setting. */
async function seedServiceDesk(client: Client, customerId: string) {
  const post = async (url: string, body: unknown) => {
    const res = await client.request('POST', url, body);
    if (res.statusCode >= 300) throw new Error(`service setup of workspace B failed at ${url}: ${res.body}`);
    return res.json();
  };
  const department = await post('/api/v1/departments', { name: 'Beta desk' });
  const serviceCase = await post('/api/v1/service/cases', { customerId, subject: 'Beta case', departmentId: department.id });
  await post(`/api/v1/service/cases/${serviceCase.id}/notes`, { body: 'secret note of beta' });
  const routingRule = await post('/api/v1/service/routing-rules', { name: 'beta rule', conditions: { anyWords: ['beta'] }, actions: { departmentId: department.id } });
  const slaPolicy = await post('/api/v1/service/sla-policies', { name: 'beta sla', conditions: {}, firstResponseMinutes: 60 });
  const cannedReply = await post('/api/v1/service/canned-replies', { name: 'beta reply', body: { az: 'a', tr: 't', en: 'e' } });
  const template = await post('/api/v1/service/onboarding-templates', { name: 'beta onboarding', steps: [{ key: 'welcome', title: 'Welcome' }] });
  return { caseId: serviceCase.id, departmentId: department.id, routingRuleId: routingRule.id, slaPolicyId: slaPolicy.id, cannedReplyId: cannedReply.id, onboardingTemplateId: template.id };
}

const SERVICE_CHILDREN: [string, string][] = [['cases', 'caseId'], ['routing-rules', 'routingRuleId'], ['sla-policies', 'slaPolicyId'],
  ['canned-replies', 'cannedReplyId'], ['onboarding-templates', 'onboardingTemplateId'], ['departments', 'departmentId'], ['mailboxes', 'mailboxId']];
function serviceIdFor(url: string, ids: Record<string, string>) {
  const child = SERVICE_CHILDREN.find(([segment]) => url.startsWith(`/api/v1/service/${segment}/`));
  return (child ? ids[child[1]] : ids.id) ?? '';
}

function concreteUrl(url: string, ids: Record<string, string>) {
  return url
    .replace(':programmeId', ids.programmeId ?? '')
    .replace(':id', url.startsWith('/api/v1/imports') ? ids.runId ?? '' : url.startsWith('/api/v1/loyalty/members') ? ids.memberId ?? ''
      : url.startsWith('/api/v1/loyalty/programmes') ? ids.programmeId ?? '' : url.startsWith('/api/v1/analytics/transaction-imports') ? ids.salesImportId ?? ''
      : url.startsWith('/api/v1/analytics/runs') ? ids.analyticsRunId ?? '' : url.startsWith('/api/v1/api-keys') ? ids.apiKeyId ?? ''
      : url.startsWith('/api/v1/accounts/') ? accountsIdFor(url, ids) : url.startsWith('/api/v1/service/') ? serviceIdFor(url, ids)
      : url.startsWith('/api/v1/campaigns/') ? campaignsIdFor(url, ids) : url.startsWith('/api/v1/surveys/') ? ids.surveyId ?? '' : ids.id ?? '')
    .replace(':stepKey', 'welcome').replace(':attachmentId', ids.attachmentId ?? '')
    .replace(':contactId', ids.contactId ?? '').replace(':documentId', ids.documentId ?? '')
    .replace(':userId', ids.userId ?? '').replace(':key', ids.key ?? '').replace(':channel', 'email');
}

function bodyFor(method: string, url: string, ids: Record<string, string>) {
  const body = BODIES[`${method} ${url}`];
  if (!body) return method === 'GET' || method === 'DELETE' ? undefined : {};
  return JSON.parse(JSON.stringify(body).replaceAll('"duplicateId":""', `"duplicateId":"${ids.companyId}"`).replaceAll('"fileId":""', `"fileId":"${ids.fileId}"`)
    .replaceAll('"fromMemberId":""', `"fromMemberId":"${ids.memberId}"`).replaceAll('"toMemberId":""', `"toMemberId":"${ids.secondMemberId}"`));
}

const apiRoutes = () => ctx.app.routeList.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD');

describe('every API route', () => {
  it('declares a permission or is explicitly public', () => {
    expect(apiRoutes().length).toBeGreaterThan(20);
    for (const route of apiRoutes()) expect(route.config.permission ?? route.config.public, `${route.method} ${route.url}`).toBeTruthy();
  });

  it('answers 401 without credentials', async () => {
    for (const route of apiRoutes().filter((r) => !r.config.public)) {
      const res = await ctx.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url, b), ...(bodyFor(route.method, route.url, b) ? { payload: bodyFor(route.method, route.url, b) as object } : {}) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('never lets workspace A read or change workspace B', async () => {
    const before = await snapshot(wsB);
    const secrets = Object.values(b).filter((v) => v.length === 36);
    for (const route of apiRoutes().filter((r) => !r.config.public && r.url !== '/api/v1/auth/logout')) {
      const res = await ownerA.request(route.method as 'GET', concreteUrl(route.url, b), bodyFor(route.method, route.url, b),
        route.url === '/api/v1/imports/files' ? { 'content-type': 'text/csv' } : {});
      const where = `${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (route.url.includes(':')) expect([404, 422], where).toContain(res.statusCode);
      for (const secret of secrets) expect(res.body.includes(secret), where).toBe(false);
      expect(res.body.includes('secret note of beta'), where).toBe(false);
    }
    expect(await snapshot(wsB)).toEqual(before);
  });

  it('refuses every write a viewer may not make with 403 and changes nothing', async () => {
    const own: Record<string, string> = { ...b };
    own.id = (await ownerA.request('POST', '/api/v1/customers', { firstName: 'Alpha' })).json().id;
    own.companyId = (await ownerA.request('POST', '/api/v1/customers', { kind: 'company', companyName: 'Alpha MMC' })).json().id;
    const before = await snapshot(wsA);
    let refused = 0;
    for (const route of apiRoutes().filter((r) => r.method !== 'GET' && !r.config.public && r.config.permission !== 'signed_in')) {
      const res = await viewerA.request(route.method as 'POST', concreteUrl(route.url, own), bodyFor(route.method, route.url, own));
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json().code).toBe('forbidden');
      refused++;
    }
    expect(refused).toBeGreaterThan(10);
    expect(await snapshot(wsA)).toEqual(before);
  });
});

describe('sign-in, sessions and API keys', () => {
  it('demands the CSRF token on cookie writes', async () => {
    const res = await ownerA.request('POST', '/api/v1/customers', { firstName: 'NoCsrf' }, { 'x-csrf-token': 'wrong' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_token_missing');
  });

  it('sets an httpOnly SameSite session cookie', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'owner@alpha.test', password: 'correct horse battery' } });
    const cookie = res.cookies.find((c) => c.name === 'vefa_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('throttles repeated wrong passwords for one e-mail', async () => {
    const attempt = (password: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'viewer@beta.test', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const locked = await attempt('correct horse battery');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('login_throttled');
  });

  it('shows a key once, lets a till use it within its scope, and stops it when revoked', async () => {
    const created = await ownerA.request('POST', '/api/v1/api-keys', { name: 'till 1', scopes: ['customers:read', 'customers:write'] });
    expect(created.statusCode).toBe(201);
    const { secret, id } = created.json();
    expect(secret).toMatch(/^vk_/);
    const listed = (await ownerA.request('GET', '/api/v1/api-keys')).json().items;
    expect(JSON.stringify(listed)).not.toContain(secret);
    const till = bearerClient(ctx.app, secret);
    const made = await till.request('POST', '/api/v1/customers', { firstName: 'From till' }, { 'idempotency-key': 'till-0001-0001' });
    expect(made.statusCode).toBe(201);
    expect((await till.request('GET', '/api/v1/audit')).statusCode).toBe(403);
    expect((await ownerA.request('DELETE', `/api/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await till.request('GET', '/api/v1/customers')).statusCode).toBe(401);
  });

  it('keeps an audit trail of changes with before and after', async () => {
    const c = (await ownerA.request('POST', '/api/v1/customers', { firstName: 'Audited' })).json();
    await ownerA.request('PATCH', `/api/v1/customers/${c.id}`, { lastName: 'Person' });
    const audit = (await ownerA.request('GET', `/api/v1/audit?entityType=customer&entityId=${c.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['customer.updated', 'customer.created']);
    expect(audit[0].before.lastName).toBeNull();
    expect(audit[0].after.lastName).toBe('Person');
    expect(audit[0].actor.type).toBe('user');
    expect((await viewerA.request('GET', '/api/v1/audit')).statusCode).toBe(403);
  });
});

describe('operational endpoints', () => {
  it('serves health, readiness, metrics and the OpenAPI 3.1 document', async () => {
    expect((await ctx.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/ready' })).json().status).toBe('ready');
    expect((await ctx.app.inject({ url: '/metrics' })).body).toContain('vefa_http_request_duration_seconds');
    const doc = (await ctx.app.inject({ url: '/api/docs/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/customers/{id}');
    void wsA;
  });
});
