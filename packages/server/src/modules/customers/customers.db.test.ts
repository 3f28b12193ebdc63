import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { customers, timelineEntries } from './schema.ts';
import { auditLog, idempotencyKeys } from '../../platform/db/schema.ts';

let ctx: TestContext;
let owner: Client;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'shop', ['owner']);
  owner = await signIn(ctx.app, ws.people.owner ?? '');
});
afterAll(() => ctx.close());

const countCustomers = async () => (await ctx.database.db.select({ n: count() }).from(customers))[0]?.n ?? 0;

describe('customers through HTTP', () => {
  let rashadId = '';

  it('creates a person with consent, audited and on the timeline', async () => {
    const res = await owner.request('POST', '/api/v1/customers', {
      firstName: 'Rəşad', lastName: 'Əliyev', email: 'Resad.Aliyev@Mail.az', phone: '050 555 12 34', language: 'az',
      tags: ['vip'], consents: [{ channel: 'email', granted: true, source: 'store signup' }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ displayName: 'Rəşad Əliyev', email: 'resad.aliyev@mail.az', phone: '+994505551234' });
    rashadId = body.id;
    const view = (await owner.request('GET', `/api/v1/customers/${rashadId}`)).json();
    expect(view.consents).toEqual([expect.objectContaining({ channel: 'email', granted: true, source: 'store signup' })]);
    const timeline = (await owner.request('GET', `/api/v1/customers/${rashadId}/timeline`)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toContain('customer_created');
    const audits = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, rashadId));
    expect(audits.map((a) => a.action)).toContain('customer.created');
  });

  it('finds a customer however the name is typed, and by e-mail, phone and tag', async () => {
    for (const q of ['Resad', 'reshad', 'Aliyev', 'Eliyev', 'Alyev', 'resad.aliyev@', '+994 50 555 12 34', 'vip']) {
      const res = await owner.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json().items.map((c: { id: string }) => c.id), q).toContain(rashadId);
    }
  });

  it('finds a name by any word, in any order, and follows a rename', async () => {
    const ids = async (q: string) => (await owner.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids('Əliyev Rəşad')).toContain(rashadId);
    expect(await ids('aliy res')).toContain(rashadId);
    const other = (await owner.request('POST', '/api/v1/customers', { firstName: 'Könül', lastName: 'Zeynalova' })).json();
    expect(await ids('zeynalova')).toContain(other.id);
    expect((await owner.request('PATCH', `/api/v1/customers/${other.id}`, { lastName: 'Qəhrəmanlı' })).statusCode).toBe(200);
    expect(await ids('zeynalova')).not.toContain(other.id);
    expect(await ids('qehreman')).toContain(other.id);
    expect(await ids('Qahramanli')).toContain(other.id);
  });

  it('searches within the list filters, and pages a search without repeats', async () => {
    const ids = async (query: string) => (await owner.request('GET', `/api/v1/customers?${query}`)).json().items.map((c: { id: string }) => c.id);
    const company = (await owner.request('POST', '/api/v1/customers', { kind: 'company', companyName: 'Rəşadlı MMC' })).json();
    const consenting = (await owner.request('POST', '/api/v1/customers', {
      firstName: 'Rəşad', lastName: 'Quliyev', language: 'tr', tags: ['gold'], consents: [{ channel: 'sms', granted: true, source: 'till' }],
    })).json();
    expect(await ids('q=resad')).toEqual(expect.arrayContaining([rashadId, company.id, consenting.id]));
    expect(await ids('q=resad&kind=company')).toEqual([company.id]);
    expect(await ids('q=resad&language=tr')).toEqual([consenting.id]);
    expect(await ids('q=resad&tag=gold')).toEqual([consenting.id]);
    expect(await ids('q=resad&consent=sms')).toEqual([consenting.id]);
    expect(await ids('q=gold&kind=person')).toEqual([consenting.id]);
    expect(await ids('q=gold&kind=company')).toEqual([]);
    // Page by page through every "Rəşad": the offset cursor neither repeats nor skips.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { items: { id: string }[]; nextCursor: string | null } = (await owner.request('GET', `/api/v1/customers?q=resad&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(await ids('q=resad')));
    expect(seen.length).toBe(new Set(seen).size);
  });

  it('pages with a cursor in a stable order', async () => {
    for (let i = 0; i < 7; i++) await owner.request('POST', '/api/v1/customers', { firstName: `Page${i}`, lastName: 'Test' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner.request('GET', `/api/v1/customers?limit=3&sort=name${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      seen.push(...body.items.map((c: { id: string }) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await countCustomers());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers a repeated Idempotency-Key with the first answer and creates nothing', async () => {
    const before = await countCustomers();
    const headers = { 'idempotency-key': 'a3b2c1d0-1111-2222-3333-444455556666' };
    const first = await owner.request('POST', '/api/v1/customers', { firstName: 'Once' }, headers);
    const second = await owner.request('POST', '/api/v1/customers', { firstName: 'Once' }, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await countCustomers()).toBe(before + 1);
    const reused = await owner.request('POST', '/api/v1/customers', { firstName: 'Other' }, headers);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
  });

  it('lets a retry take over a key whose first request died before answering', async () => {
    const key = 'dead-request-0000-0001';
    const first = await owner.request('POST', '/api/v1/customers', { firstName: 'Crashed' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    // Make the stored answer look like a claim left by a process killed mid-request three minutes ago.
    await ctx.database.db.update(idempotencyKeys).set({ statusCode: 0, createdAt: new Date(Date.now() - 180_000) }).where(eq(idempotencyKeys.key, key));
    const retry = await owner.request('POST', '/api/v1/customers', { firstName: 'Crashed' }, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(201);
    const replay = await owner.request('POST', '/api/v1/customers', { firstName: 'Crashed' }, { 'idempotency-key': key });
    expect(replay.json().id).toBe(retry.json().id);
  });

  it('refuses malformed, oversized and unknown-field bodies with problem+json and changes nothing', async () => {
    const before = await countCustomers();
    const malformed = await owner.request('POST', '/api/v1/customers', '{"firstName": ', { 'content-type': 'application/json' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(malformed.json().code).toBe('malformed_json');

    const unknown = await owner.request('POST', '/api/v1/customers', { firstName: 'X', shoeSize: 42 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'body.shoeSize', code: 'unknown_field' });

    const wrongType = await owner.request('POST', '/api/v1/customers', { firstName: 'X', email: 'not-an-email' });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().errors[0].field).toBe('body.email');

    const badPhone = await owner.request('POST', '/api/v1/customers', { firstName: 'X', phone: '12' });
    expect(badPhone.json().errors[0]).toMatchObject({ field: 'body.phone', code: 'invalid_phone' });

    const oversized = await owner.request('POST', '/api/v1/customers', { firstName: 'X', tags: ['a'], customFields: { big: 'x'.repeat(2 * 1024 * 1024) } });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json().code).toBe('body_too_large');
    expect(await countCustomers()).toBe(before);
  });

  it('logs a note, a call and a meeting on the timeline', async () => {
    for (const entry of [
      { kind: 'note', summary: 'Bonus balansı barədə soruşdu' },
      { kind: 'call', summary: 'Zəng', direction: 'inbound', durationMinutes: 4 },
      { kind: 'meeting', summary: 'Mağazada görüş', body: 'Yeni kart verildi' },
    ]) {
      expect((await owner.request('POST', `/api/v1/customers/${rashadId}/timeline`, entry)).statusCode).toBe(201);
    }
    const timeline = (await owner.request('GET', `/api/v1/customers/${rashadId}/timeline`)).json();
    expect(timeline.items.slice(0, 3).map((e: { kind: string }) => e.kind).sort()).toEqual(['call', 'meeting', 'note']);
  });

  it('links people to a company as its contacts', async () => {
    const company = (await owner.request('POST', '/api/v1/customers', { kind: 'company', companyName: 'Azər Tekstil MMC' })).json();
    const linked = await owner.request('PATCH', `/api/v1/customers/${rashadId}`, { companyId: company.id });
    expect(linked.statusCode).toBe(200);
    const view = (await owner.request('GET', `/api/v1/customers/${company.id}`)).json();
    expect(view.contacts.map((c: { id: string }) => c.id)).toEqual([rashadId]);
    // The person's 360 (one query) carries the company and presents the person exactly as the PATCH did.
    const person = (await owner.request('GET', `/api/v1/customers/${rashadId}`)).json();
    expect(person.company).toMatchObject({ id: company.id, kind: 'company', displayName: 'Azər Tekstil MMC' });
    expect(person.customer).toEqual(linked.json());
    const notCompany = await owner.request('PATCH', `/api/v1/customers/${company.id}`, { companyId: rashadId });
    expect(notCompany.statusCode).toBe(422);
  });

  it('suggests a duplicate and merges it, moving every related record', async () => {
    const dup = (await owner.request('POST', '/api/v1/customers', {
      firstName: 'Resad', lastName: 'Aliyev', email: 'resad.aliyev@mail.az', externalId: 'POS-77', tags: ['onlayn'],
      consents: [{ channel: 'sms', granted: true, source: 'web' }],
    })).json();
    await owner.request('POST', `/api/v1/customers/${dup.id}/timeline`, { kind: 'note', summary: 'on the duplicate' });
    const suggestions = (await owner.request('GET', '/api/v1/customers/duplicates')).json().items;
    const pair = suggestions.find((s: { duplicate: { id: string }; keep: { id: string } }) => [s.duplicate.id, s.keep.id].includes(dup.id));
    expect(pair.reasons).toContain('same_email');

    const merged = await owner.request('POST', `/api/v1/customers/${rashadId}/merge`, { duplicateId: dup.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ externalId: 'POS-77', tags: expect.arrayContaining(['vip', 'onlayn']) });
    const left = await ctx.database.db.select({ n: count() }).from(timelineEntries).where(eq(timelineEntries.customerId, dup.id));
    expect(left[0]?.n).toBe(0);
    const view = (await owner.request('GET', `/api/v1/customers/${rashadId}`)).json();
    expect(view.consents.map((c: { channel: string }) => c.channel).sort()).toEqual(['email', 'sms']);
    const list = (await owner.request('GET', '/api/v1/customers?q=POS-77')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([rashadId]);
  });

  it('exports the filtered list as CSV and XLSX', async () => {
    const csv = await owner.request('GET', '/api/v1/customers/export?format=csv&tag=vip');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toContain('display_name');
    expect(lines.length).toBe(2);
    const xlsx = await owner.request('GET', '/api/v1/customers/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
