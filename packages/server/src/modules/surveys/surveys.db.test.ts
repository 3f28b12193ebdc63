import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { TEST_DB } from '../../test/testDatabase.ts';
import { startSmtpSink } from '../service/mail/test/smtpSink.ts';
import { smtpTransport, type MailTransport } from '../service/mail/transport.ts';
import { queueDueInvitations, sendDueInvitations } from './sending.ts';
import { reanalyseResponses } from './analysis.ts';
import { scanTriggers } from './triggers.ts';
import { claimContact } from './fatigue.ts';
import { surveyInvitations, surveys } from './schema.ts';
import { invitationToken } from './links.ts';
import { surveySettingsOf } from './settings.ts';
import { surveyJobs } from './jobDefinitions.ts';
import { REANALYSE_JOB } from './jobs.ts';
import { setConsent } from '../customers/customerService.ts';
import { systemActor } from '../../platform/auth/actor.ts';

let ctx: TestContext;
let owner: Client;
let specialist: Client;
let viewer: Client;
let agent: Client;
let wsId = '';
let departmentId = '';
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let transport: MailTransport;
const people: Record<string, string> = {};
const PUBLIC_URL = 'http://vefa.test';

const L = (az: string, tr: string, en: string) => ({ az, tr, en });
const NPS_QUESTION = L('Bizi dostlarınıza tövsiyə edərsinizmi?', 'Bizi arkadaşlarınıza tavsiye eder misiniz?', 'Would you recommend us to a friend?');

async function customer(client: Client, firstName: string, email: string | null, consent: boolean | null, language = 'az', tags: string[] = []) {
  const res = await client.request('POST', '/api/v1/customers', {
    firstName, ...(email ? { email } : {}), language, tags,
    ...(consent === null ? {} : { consents: [{ channel: 'email', granted: consent, source: 'test' }] }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const send = (now?: Date) => sendDueInvitations(ctx.database, wsId, { transport, publicUrl: PUBLIC_URL, messageIdDomain: 'vefa.test', ...(now ? { now } : {}) });
const tokenOf = (text: string) => /\/s\/([0-9a-z]+\.[\w-]+)/.exec(text)?.[1] ?? '';
const anon = (method: 'GET' | 'POST', url: string, payload?: object) => ctx.app.inject({ method, url, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  ctx = await startTestApp();
  sink = await startSmtpSink();
  transport = smtpTransport(sink.url);
  const ws = await buildWorkspace(ctx.database, 'surveys', ['owner', 'loyalty_specialist', 'viewer', 'service_agent']);
  wsId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  specialist = await signIn(ctx.app, ws.people.loyalty_specialist ?? '');
  viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  agent = await signIn(ctx.app, ws.people.service_agent ?? '');
  departmentId = (await owner.request('POST', '/api/v1/departments', { name: 'Müştəri təcrübəsi' })).json().id;
  people.aysel = await customer(owner, 'Aysel', 'aysel@mail.az', true, 'az', ['vip']);
  people.mehmet = await customer(owner, 'Mehmet', 'mehmet@mail.com.tr', true, 'tr', ['vip']);
  people.noConsent = await customer(owner, 'Rauf', 'rauf@mail.az', false, 'az', ['vip']);
  people.noEmail = await customer(owner, 'Leyla', null, null, 'az', ['vip']);
});
afterAll(async () => {
  transport.close();
  await sink.close();
  await ctx.close();
});

let npsId = '';
let firstToken = '';

describe('an NPS survey sent by e-mail and answered from the link', () => {
  it('creates a survey with texts in three languages; a viewer may read it but not create', async () => {
    const res = await specialist.request('POST', '/api/v1/surveys', {
      name: 'NPS 2026', type: 'nps', question: NPS_QUESTION, commentPrompt: L('Niyə?', 'Neden?', 'Why?'), followUpDepartmentId: departmentId,
    }, { 'idempotency-key': '00000000-0000-4000-8000-00000000a001' });
    expect(res.statusCode, res.body).toBe(201);
    npsId = res.json().id;
    expect(res.json().status).toBe('draft');
    expect((await viewer.request('GET', `/api/v1/surveys/${npsId}`)).statusCode).toBe(200);
    const refused = await viewer.request('POST', '/api/v1/surveys', { name: 'x', type: 'nps', question: NPS_QUESTION });
    expect(refused.statusCode).toBe(403);
    const bad = await specialist.request('POST', '/api/v1/surveys', { name: 'x', type: 'nps' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.question');
  });

  it('sends over real SMTP to those with consent and an address, in their language', async () => {
    const res = await specialist.request('POST', `/api/v1/surveys/${npsId}/distributions`, { audience: { kind: 'tag', tag: 'vip' }, reminderAfterDays: 3 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().counts.total).toBe(4);
    const run = await send();
    expect(run.outcomes).toMatchObject({ sent: 2, skipped_consent: 1, skipped_no_email: 1 });
    const mails = await sink.waitFor(2);
    const az = mails.find((m) => m.envelopeTo.includes('aysel@mail.az'));
    const tr = mails.find((m) => m.envelopeTo.includes('mehmet@mail.com.tr'));
    expect(az?.parsed.text).toContain(NPS_QUESTION.az);
    expect(tr?.parsed.text).toContain(NPS_QUESTION.tr);
    expect(az?.parsed.text).toContain('?score=10');
    expect(mails.some((m) => m.envelopeTo.includes('rauf@mail.az'))).toBe(false);
    firstToken = tokenOf(az?.parsed.text ?? '');
    expect(firstToken.length).toBeGreaterThan(60);
    const list = (await specialist.request('GET', `/api/v1/surveys/${npsId}/distributions`)).json();
    expect(list.items[0].counts).toMatchObject({ sent: 2, skippedConsent: 2 });
  });

  it('answers with one click, takes the comment on the next page, and only once', async () => {
    const view = await anon('GET', `/api/v1/public/surveys/${firstToken}?score=3`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ type: 'nps', language: 'az', state: 'open', question: NPS_QUESTION.az, score: 3, scale: { min: 0, max: 10 } });
    const scored = await anon('POST', `/api/v1/public/surveys/${firstToken}`, { score: 3 });
    expect(scored.statusCode, scored.body).toBe(200);
    expect(scored.json()).toEqual({ state: 'answered', commentOpen: true });
    const commented = await anon('POST', `/api/v1/public/surveys/${firstToken}`, { comment: 'Kassada növbə çox uzun idi, kassir də kobud idi' });
    expect(commented.statusCode, commented.body).toBe(200);
    const again = await anon('POST', `/api/v1/public/surveys/${firstToken}`, { score: 10 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('survey_already_answered');
    const secondComment = await anon('POST', `/api/v1/public/surveys/${firstToken}`, { comment: 'again' });
    expect(secondComment.statusCode).toBe(409);
    expect((await anon('GET', `/api/v1/public/surveys/${firstToken}`)).json()).toMatchObject({ state: 'answered', score: 3, commentOpen: false });
  });

  it('opens a follow-up case for the detractor in the survey department and shows its status next to the answer', async () => {
    const responses = (await viewer.request('GET', `/api/v1/surveys/${npsId}/responses`)).json();
    expect(responses.items).toHaveLength(1);
    const answer = responses.items[0];
    expect(answer).toMatchObject({ score: 3, sentiment: 'negative', customerId: people.aysel });
    expect(answer.themes).toEqual(expect.arrayContaining(['waiting', 'staff']));
    expect(answer.followUpCase?.status).toBeTruthy();
    const serviceCase = (await owner.request('GET', `/api/v1/service/cases/${answer.followUpCase.id}`)).json();
    expect(serviceCase.department.id).toBe(departmentId);
    expect(serviceCase.channel).toBe('survey');
    expect(JSON.stringify(serviceCase)).toContain('score: 3');
    const resolved = await owner.request('POST', `/api/v1/service/cases/${answer.followUpCase.id}/resolve`, { rootCause: 'queue', actionTaken: 'called the customer' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const after = (await viewer.request('GET', `/api/v1/surveys/${npsId}/responses`)).json();
    expect(after.items[0].followUpCase.status).toBe('resolved');
    const timeline = (await owner.request('GET', `/api/v1/customers/${people.aysel}/timeline`)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['survey_response', 'survey_comment']));
    const on360 = (await agent.request('GET', `/api/v1/surveys/responses?customerId=${people.aysel}`)).json();
    expect(on360.items[0].id).toBe(answer.id);
  });

  it('refuses a token for another invitation, a tampered one and an expired one', async () => {
    const [other] = await ctx.database.db.select().from(surveyInvitations).where(and(eq(surveyInvitations.workspaceId, wsId), eq(surveyInvitations.customerId, people.mehmet ?? '')));
    if (!other) throw new Error('no invitation for mehmet');
    const [payload, mac] = firstToken.split('.');
    const otherPayload = `${payload?.slice(0, 32)}${other.id.replaceAll('-', '')}${payload?.slice(64)}`;
    expect((await anon('GET', `/api/v1/public/surveys/${otherPayload}.${mac}`)).statusCode).toBe(404);
    expect((await anon('POST', `/api/v1/public/surveys/${otherPayload}.${mac}`, { score: 10 })).statusCode).toBe(404);
    const key = (await surveySettingsOf(ctx.database.db, wsId)).signingKey;
    // Signed for another survey (or customer): the MAC does not match the invitation's own.
    const wrongSurvey = invitationToken(key, { workspaceId: wsId, id: other.id, surveyId: crypto.randomUUID(), customerId: other.customerId, expiresAt: other.expiresAt });
    expect((await anon('GET', `/api/v1/public/surveys/${wrongSurvey}`)).statusCode).toBe(404);
    const wrongCustomer = invitationToken(key, { workspaceId: wsId, id: other.id, surveyId: other.surveyId, customerId: people.aysel ?? '', expiresAt: other.expiresAt });
    expect((await anon('GET', `/api/v1/public/surveys/${wrongCustomer}`)).statusCode).toBe(404);
    const expired = invitationToken(key, { workspaceId: wsId, id: other.id, surveyId: other.surveyId, customerId: other.customerId, expiresAt: new Date(Date.now() - 1000) });
    const res = await anon('POST', `/api/v1/public/surveys/${expired}`, { score: 9 });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('survey_link_expired');
    const ok = invitationToken(key, { workspaceId: wsId, id: other.id, surveyId: other.surveyId, customerId: other.customerId, expiresAt: other.expiresAt });
    expect((await anon('POST', `/api/v1/public/surveys/${ok}`, { score: 11 })).statusCode).toBe(422);
    expect((await anon('POST', `/api/v1/public/surveys/${ok}`, { score: 10, comment: 'Hər şey əla idi, təşəkkürlər' })).statusCode).toBe(200);
  });

  it('computes results with the interval, trend, response rate and exports', async () => {
    const r = (await viewer.request('GET', `/api/v1/surveys/${npsId}/results`)).json();
    expect(r).toMatchObject({ invited: 4, delivered: 2, responses: 2, responseRate: 100, followUps: { opened: 1, resolved: 1 } });
    // One promoter (10) and one detractor (3): NPS 0, Var = (0.5+0.5−0)/2 = 0.5, SE = 70.71.
    expect(r.nps).toMatchObject({ promoters: 1, detractors: 1, nps: 0 });
    expect(r.nps.standardError).toBeCloseTo(70.71, 1);
    expect(r.trend).toHaveLength(1);
    expect(r.sentiment).toEqual({ positive: 1, neutral: 0, negative: 1 });
    const csv = await viewer.request('GET', `/api/v1/surveys/${npsId}/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('kobud');
    const xlsx = await viewer.request('GET', `/api/v1/surveys/${npsId}/export?format=xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lists themes and lets a person rename one', async () => {
    const themes = (await viewer.request('GET', `/api/v1/surveys/${npsId}/themes`)).json().items;
    expect(themes.map((t: { key: string }) => t.key)).toContain('waiting');
    expect((await viewer.request('PUT', `/api/v1/surveys/${npsId}/themes/waiting`, { name: 'Növbələr' })).statusCode).toBe(403);
    expect((await specialist.request('PUT', `/api/v1/surveys/${npsId}/themes/waiting`, { name: 'Növbələr' })).statusCode).toBe(200);
    const renamed = (await viewer.request('GET', `/api/v1/surveys/${npsId}/themes`)).json().items;
    expect(renamed.find((t: { key: string }) => t.key === 'waiting').name).toBe('Növbələr');
  });

  it('takes one answer when the same link is submitted several times at once', async () => {
    const person = await customer(owner, 'Günay', 'gunay@mail.az', true);
    const csat = (await specialist.request('POST', '/api/v1/surveys', { name: 'Race', type: 'csat', question: L('Razısınızmı?', 'Memnun musunuz?', 'Are you satisfied?') })).json();
    expect((await specialist.request('POST', `/api/v1/surveys/${csat.id}/distributions`, { audience: { kind: 'customers', customerIds: [person] }, channel: 'link' })).statusCode).toBe(201);
    const url = (await specialist.request('GET', `/api/v1/surveys/${csat.id}/invitations`)).json().items[0].url as string;
    const token = url.split('/s/')[1] ?? '';
    // Happy answers (no case to open) take the one-statement path; the unique answer per invitation decides.
    const results = await Promise.all([5, 4, 5, 4, 5].map((score) => anon('POST', `/api/v1/public/surveys/${token}`, { score })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const stored = await sqlRows<{ n: number; answered: number; timeline: number }>(ctx.database.db, sql`
      select (select count(*)::int from survey_responses where workspace_id = ${wsId} and survey_id = ${csat.id}) as n,
             (select count(*)::int from survey_invitations where workspace_id = ${wsId} and survey_id = ${csat.id} and status = 'answered' and answered_at is not null) as answered,
             (select count(*)::int from timeline_entries where workspace_id = ${wsId} and customer_id = ${person} and kind = 'survey_response') as timeline`);
    expect(stored[0]).toEqual({ n: 1, answered: 1, timeline: 1 });
  });

  it('reads the stored text answers again in batches, set-based, to the same result as when they were answered', async () => {
    const before = await sqlRows<{ id: string; sentiment: string; sentiment_score: number; keywords: string[]; themes: string[]; language: string }>(ctx.database.db, sql`
      select id, sentiment, sentiment_score, keywords, themes, language from survey_responses where workspace_id = ${wsId} and survey_id = ${npsId} and comment is not null order by id`);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await ctx.database.db.execute(sql`update survey_responses set sentiment = null, sentiment_score = null, keywords = '{}', themes = '{}' where workspace_id = ${wsId} and survey_id = ${npsId}`);
    // A batch of one makes every answer its own batch: the keyset paging must not skip or repeat any.
    const { analysed } = await reanalyseResponses(ctx.database.db, wsId, { surveyId: npsId, batchSize: 1 });
    expect(analysed).toBe(before.length);
    const after = await sqlRows<typeof before[number]>(ctx.database.db, sql`
      select id, sentiment, sentiment_score, keywords, themes, language from survey_responses where workspace_id = ${wsId} and survey_id = ${npsId} and comment is not null order by id`);
    expect(after).toEqual(before);
    expect(after.map((r) => r.sentiment).sort()).toEqual(['negative', 'positive']);
  });

  it('analyses a survey again through a queued job that a manager asks for, and a viewer may not', async () => {
    await ctx.database.db.execute(sql`update survey_responses set sentiment = null, keywords = '{}' where workspace_id = ${wsId} and survey_id = ${npsId}`);
    expect((await viewer.request('POST', `/api/v1/surveys/${npsId}/reanalysis`)).statusCode).toBe(403);
    const res = await specialist.request('POST', `/api/v1/surveys/${npsId}/reanalysis`, undefined, { 'idempotency-key': '00000000-0000-4000-8000-00000000a0a1' });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json() as { jobId: string };
    const [job] = await sqlRows<{ kind: string; payload: Record<string, unknown>; status: string }>(ctx.database.db, sql`select kind, payload, status from jobs where workspace_id = ${wsId} and id = ${jobId}`);
    expect(job).toEqual({ kind: REANALYSE_JOB, payload: { surveyId: npsId }, status: 'queued' });
    await surveyJobs.find((d) => d.kind === REANALYSE_JOB)?.perform(ctx.database, { workspaceId: wsId, id: jobId, kind: REANALYSE_JOB, payload: job?.payload ?? {}, attempts: 1, maxAttempts: 5 });
    const left = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from survey_responses where workspace_id = ${wsId} and survey_id = ${npsId} and comment is not null and sentiment is null`);
    expect(left[0]?.n).toBe(0);
    expect((await specialist.request('POST', `/api/v1/surveys/${crypto.randomUUID()}/reanalysis`)).statusCode).toBe(404);
  });
});

describe('fatigue, consent and reminders', () => {
  it('never surveys a customer twice inside the window', async () => {
    const csat = (await specialist.request('POST', '/api/v1/surveys', { name: 'CSAT', type: 'csat', question: L('Razısınızmı?', 'Memnun musunuz?', 'Are you satisfied?') })).json();
    const res = await specialist.request('POST', `/api/v1/surveys/${csat.id}/distributions`, { audience: { kind: 'customers', customerIds: [people.aysel, people.mehmet] } });
    expect(res.statusCode, res.body).toBe(201);
    const before = sink.received.length;
    const run = await send();
    expect(run.outcomes).toEqual({ skipped_fatigue: 2 });
    expect(sink.received.length).toBe(before);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const id = await customer(owner, 'Concurrent', 'c@mail.az', true);
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 12 }, () => ctx.database.db.transaction((tx) => claimContact(tx, wsId, id, crypto.randomUUID(), now, 30))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('gives the fatigue window back when consent is withdrawn between queueing and delivery', async () => {
    const nigar = await customer(owner, 'Nigar', 'nigar@mail.az', true);
    expect((await specialist.request('POST', `/api/v1/surveys/${npsId}/distributions`, { audience: { kind: 'customers', customerIds: [nigar] } })).statusCode).toBe(201);
    await queueDueInvitations(ctx.database, wsId, new Date());
    const windowOf = () => sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from survey_contact_windows where workspace_id = ${wsId} and customer_id = ${nigar}`);
    expect((await windowOf())[0]?.n).toBe(1);
    await setConsent(ctx.database.db, systemActor(wsId), nigar, 'email', false, 'test');
    expect((await send()).outcomes).toEqual({ skipped_consent: 1 });
    expect((await windowOf())[0]?.n).toBe(0);
    // Asked again after agreeing again, she is not refused for a survey she never received.
    await setConsent(ctx.database.db, systemActor(wsId), nigar, 'email', true, 'test');
    expect((await specialist.request('POST', `/api/v1/surveys/${npsId}/distributions`, { audience: { kind: 'customers', customerIds: [nigar] } })).statusCode).toBe(201);
    expect((await send()).outcomes).toEqual({ sent: 1 });
  });

  it('sends one reminder to those who have not answered, and none after unsubscribing', async () => {
    const sevda = await customer(owner, 'Sevda', 'sevda@mail.com.tr', true, 'tr');
    expect((await specialist.request('POST', `/api/v1/surveys/${npsId}/distributions`, { audience: { kind: 'customers', customerIds: [sevda] }, reminderAfterDays: 3 })).statusCode).toBe(201);
    expect((await send()).outcomes).toEqual({ sent: 1 });
    const inAWeek = new Date(Date.now() + 7 * 86_400_000);
    const run = await send(inAWeek);
    expect(run.outcomes).toMatchObject({ reminder_sent: 1 });
    await sink.waitFor(sink.received.length);
    const reminder = sink.received.at(-1);
    expect(reminder?.envelopeTo).toEqual(['sevda@mail.com.tr']);
    expect(reminder?.parsed.subject).toContain('Hatırlatma');
    expect((await send(new Date(Date.now() + 8 * 86_400_000))).outcomes).toEqual({});
    const token = tokenOf(reminder?.parsed.text ?? '');
    expect((await anon('POST', `/api/v1/public/surveys/${token}/unsubscribe`)).statusCode).toBe(200);
    const consent = await sqlRows<{ granted: boolean }>(ctx.database.db, sql`select granted from consents where workspace_id = ${wsId} and customer_id = ${sevda} and channel = 'email'`);
    expect(consent[0]?.granted).toBe(false);
  });
});

describe('event triggers', () => {
  it('surveys a customer after a case is resolved, once, even when several cases resolve at the same time', async () => {
    const ces = (await specialist.request('POST', '/api/v1/surveys', {
      name: 'CES after a case', type: 'ces', question: L('Asan idimi?', 'Kolay mıydı?', 'Was it easy?'), trigger: { event: 'case_resolved', delayDays: 0 },
    })).json();
    await new Promise((r) => setTimeout(r, 5));
    expect((await specialist.request('PATCH', `/api/v1/surveys/${ces.id}`, { status: 'active' })).statusCode).toBe(200);
    const person = await customer(owner, 'Tural', 'tural@mail.az', true);
    const caseIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await owner.request('POST', '/api/v1/service/cases', { customerId: person, subject: `Case ${i}`, departmentId });
      expect(c.statusCode, c.body).toBe(201);
      caseIds.push(c.json().id);
    }
    await Promise.all(caseIds.map((id) => owner.request('POST', `/api/v1/service/cases/${id}/resolve`, { rootCause: 'x', actionTaken: 'y' })));
    const scan = await scanTriggers(ctx.database.db, wsId, new Date(Date.now() + 1000));
    expect(scan.queued).toBeGreaterThanOrEqual(4);
    expect((await scanTriggers(ctx.database.db, wsId, new Date(Date.now() + 2000))).queued).toBe(0);
    const before = sink.received.filter((m) => m.envelopeTo.includes('tural@mail.az')).length;
    // Two senders racing over the same queue (two workers): the contact window admits one mail.
    const runs = await Promise.all([send(), send(), send()]);
    const sent = runs.reduce((s, r) => s + (r.outcomes.sent ?? 0), 0);
    expect(sent).toBe(1);
    await sink.waitFor(sink.received.length);
    const mails = sink.received.filter((m) => m.envelopeTo.includes('tural@mail.az'));
    expect(mails.length - before).toBe(1);
    expect(mails.at(-1)?.parsed.text).toContain('Asan idimi?');
    const statuses = await ctx.database.db.select({ status: surveyInvitations.status }).from(surveyInvitations)
      .where(and(eq(surveyInvitations.workspaceId, wsId), eq(surveyInvitations.surveyId, ces.id)));
    expect(statuses.filter((s) => s.status === 'sent')).toHaveLength(1);
    expect(statuses.filter((s) => s.status === 'skipped_fatigue').length).toBe(statuses.length - 1);
    const [row] = await ctx.database.db.select().from(surveys).where(and(eq(surveys.workspaceId, wsId), eq(surveys.id, ces.id)));
    expect(row?.trigger?.event).toBe('case_resolved');
    expect(TEST_DB).toMatch(/pglite|postgres/);
  });
});

describe('custom questions, checked answers, and the public link', () => {
  const QUESTIONS = [
    { id: 'branch', kind: 'single', required: true, text: L('Hansı filial?', 'Hangi şube?', 'Which branch?'), options: [
      { id: 'nizami', text: L('Nizami', 'Nizami', 'Nizami') }, { id: 'genclik', text: L('Gənclik', 'Gençlik', 'Ganjlik') }] },
    { id: 'extras', kind: 'multiple', text: L('Nələri bəyəndiniz?', 'Neleri beğendiniz?', 'What did you like?'), options: [
      { id: 'coffee', text: L('Qəhvə', 'Kahve', 'Coffee') }, { id: 'staff', text: L('İşçilər', 'Çalışanlar', 'Staff') }] },
    { id: 'stars', kind: 'rating', scaleMax: 4, required: true, text: L('Qiymət verin', 'Puan verin', 'Rate us') },
    { id: 'note', kind: 'text', text: L('Qeyd', 'Not', 'Note') },
  ];
  let customId = '';

  it('stores the questions and returns them as given; a repeated question id names its field', async () => {
    const res = await specialist.request('POST', '/api/v1/surveys', { name: 'Filial sorğusu', type: 'custom', questions: QUESTIONS });
    expect(res.statusCode, res.body).toBe(201);
    customId = res.json().id;
    const read = (await viewer.request('GET', `/api/v1/surveys/${customId}`)).json();
    expect(read.questions.map((q: { id: string; kind: string; required: boolean; scaleMax: number }) => [q.id, q.kind, q.required, q.scaleMax]))
      .toEqual([['branch', 'single', true, 5], ['extras', 'multiple', false, 5], ['stars', 'rating', true, 4], ['note', 'text', false, 5]]);
    expect(read.questions[0].options[1].text.tr).toBe('Gençlik');
    const twice = await specialist.request('POST', '/api/v1/surveys', { name: 'x', type: 'custom', questions: [QUESTIONS[3], QUESTIONS[3]] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0].field).toBe('body.questions.1.id');
  });

  it('refuses an answer that does not fit its question, naming answers.<questionId>, and stores nothing', async () => {
    const person = await customer(owner, 'Nərgiz', 'nergiz@mail.az', true);
    expect((await specialist.request('POST', `/api/v1/surveys/${customId}/distributions`, { audience: { kind: 'customers', customerIds: [person] }, channel: 'link' })).statusCode).toBe(201);
    const token = ((await specialist.request('GET', `/api/v1/surveys/${customId}/invitations`)).json().items[0].url as string).split('/s/')[1] ?? '';
    const fieldOf = async (answers: object) => {
      const res = await anon('POST', `/api/v1/public/surveys/${token}`, { answers });
      expect(res.statusCode, res.body).toBe(422);
      return res.json().errors[0].field as string;
    };
    expect(await fieldOf({ stars: 3 })).toBe('body.answers.branch');
    expect(await fieldOf({ branch: 'nizami' })).toBe('body.answers.stars');
    expect(await fieldOf({ branch: 'elsewhere', stars: 3 })).toBe('body.answers.branch');
    expect(await fieldOf({ branch: 'nizami', stars: 5 })).toBe('body.answers.stars');
    expect(await fieldOf({ branch: 'nizami', stars: 0 })).toBe('body.answers.stars');
    expect(await fieldOf({ branch: 'nizami', stars: 3, extras: ['coffee', 'cake'] })).toBe('body.answers.extras');
    expect(await fieldOf({ branch: ['nizami'], stars: 3 })).toBe('body.answers.branch');
    expect(await fieldOf({ branch: 'nizami', stars: 3, mystery: 'x' })).toBe('body.answers.mystery');
    const none = await sqlRows<{ n: number }>(ctx.database.db, sql`select count(*)::int as n from survey_responses where workspace_id = ${wsId} and survey_id = ${customId}`);
    expect(none[0]?.n).toBe(0);
    const ok = await anon('POST', `/api/v1/public/surveys/${token}`, { answers: { branch: 'genclik', stars: 4, extras: ['coffee', 'staff'], note: 'Qəhvə çox dadlı idi' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('answers through the survey-wide public link in the language asked for, tied to no customer, and counts it in results', async () => {
    const link = (await viewer.request('GET', `/api/v1/surveys/${customId}/link`)).json();
    expect(link.url).toMatch(/^https?:\/\/[^/]+\/s\/p[0-9a-f]{64}\.[\w-]+$/);
    expect(link.embedHtml).toContain(`src="${link.url}?embed=1"`);
    const token = link.url.split('/s/')[1] as string;
    // A draft is not open to the public yet (sending had activated this one).
    expect((await specialist.request('PATCH', `/api/v1/surveys/${customId}`, { status: 'draft' })).statusCode).toBe(200);
    expect((await anon('GET', `/api/v1/public/survey-links/${token}`)).json().code).toBe('survey_not_open');
    expect((await specialist.request('PATCH', `/api/v1/surveys/${customId}`, { status: 'active' })).statusCode).toBe(200);
    const view = await anon('GET', `/api/v1/public/survey-links/${token}?lang=tr`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().questions[0]).toMatchObject({ text: 'Hangi şube?', options: [{ id: 'nizami', text: 'Nizami' }, { id: 'genclik', text: 'Gençlik' }] });
    // A link re-pointed at another survey, or an invitation token, does not open it.
    const forged = `p${wsId.replaceAll('-', '')}${npsId.replaceAll('-', '')}.${token.split('.')[1]}`;
    expect((await anon('GET', `/api/v1/public/survey-links/${forged}`)).statusCode).toBe(404);
    const bad = await anon('POST', `/api/v1/public/survey-links/${token}?lang=tr`, { answers: { branch: 'nizami', stars: 9 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('body.answers.stars');
    for (const answers of [{ branch: 'nizami', stars: 2 }, { branch: 'genclik', stars: 3, extras: ['staff'] }]) {
      expect((await anon('POST', `/api/v1/public/survey-links/${token}?lang=tr`, { answers })).statusCode).toBe(200);
    }
    const rows = await sqlRows<{ customer_id: string | null; invitation_id: string | null; language: string }>(ctx.database.db, sql`
      select customer_id, invitation_id, language from survey_responses where workspace_id = ${wsId} and survey_id = ${customId} and invitation_id is null`);
    expect(rows).toEqual([{ customer_id: null, invitation_id: null, language: 'tr' }, { customer_id: null, invitation_id: null, language: 'tr' }]);
    const r = (await viewer.request('GET', `/api/v1/surveys/${customId}/results`)).json();
    // Three answers (one invited, two public); the rate counts only the invited one against its one delivered link.
    expect(r).toMatchObject({ responses: 3, invited: 1, responseRate: 100 });
    expect(r.questions).toEqual([
      { id: 'branch', kind: 'single', answered: 3, average: null, options: [{ id: 'nizami', count: 1 }, { id: 'genclik', count: 2 }] },
      { id: 'extras', kind: 'multiple', answered: 2, average: null, options: [{ id: 'coffee', count: 1 }, { id: 'staff', count: 2 }] },
      { id: 'stars', kind: 'rating', answered: 3, average: 3, options: [] },
      { id: 'note', kind: 'text', answered: 1, average: null, options: [] },
    ]);
    const listed = (await viewer.request('GET', `/api/v1/surveys/${customId}/responses`)).json().items;
    expect(listed.filter((x: { customerId: string | null }) => x.customerId === null)).toHaveLength(2);
    expect((await viewer.request('GET', `/api/v1/surveys/${customId}/export?format=csv`)).statusCode).toBe(200);
    expect((await specialist.request('PATCH', `/api/v1/surveys/${customId}`, { status: 'closed' })).statusCode).toBe(200);
    const closed = await anon('POST', `/api/v1/public/survey-links/${token}`, { answers: { branch: 'nizami', stars: 2 } });
    expect(closed.json().code).toBe('survey_closed');
  });

  it('lets other sites frame only the embedded answer page', async () => {
    const embedded = await anon('GET', '/s/ptoken?embed=1');
    expect(embedded.headers['content-security-policy']).toBe('frame-ancestors *');
    expect(embedded.headers['x-frame-options']).toBeUndefined();
    for (const url of ['/s/ptoken', '/s/ptoken?embedded=1', '/api/v1/surveys', '/customers']) {
      const res = await anon('GET', url);
      expect(res.headers['content-security-policy'], url).toBe("frame-ancestors 'self'");
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
  });
});
