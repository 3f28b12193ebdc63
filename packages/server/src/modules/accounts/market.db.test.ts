import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../../platform/db/database.ts';

let ctx: TestContext;
let owner: Client;
let kam: Client;
let wsId = '';

const ok = async (res: Promise<{ statusCode: number; body: string; json(): any }>) => {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${r.statusCode}: ${r.body}`);
  return r.json();
};
const segments = async () => (await ok(owner.request('GET', '/api/v1/accounts/segments'))).items as { id: string; name: string; sizeCompanies: number | null; potential: { amountMinor: number; currency: string }; description: string }[];

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'market', ['owner', 'account_manager']);
  wsId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  kam = await signIn(ctx.app, ws.people.account_manager ?? '');
});
afterAll(async () => {
  await ctx.close();
});

describe('market segments', () => {
  it('are edited by accounts:manage: size, potential and name change, the change is audited', async () => {
    const retail = await ok(owner.request('POST', '/api/v1/accounts/segments', { name: 'Retail', sizeCompanies: 120, potential: { amountMinor: 5_000_000, currency: 'AZN' } }));
    const changed = await ok(owner.request('PATCH', `/api/v1/accounts/segments/${retail.id}`, { name: 'Retail chains', sizeCompanies: 140, potential: { amountMinor: 7_500_000, currency: 'USD' } }));
    expect(changed).toMatchObject({ id: retail.id, name: 'Retail chains', sizeCompanies: 140, potential: { amountMinor: 7_500_000, currency: 'USD' }, accounts: 0, pipelineMinor: 0 });
    expect((await segments()).find((s) => s.id === retail.id)).toMatchObject({ name: 'Retail chains', sizeCompanies: 140, description: '' });
    // A field left out stays as it was.
    await ok(owner.request('PATCH', `/api/v1/accounts/segments/${retail.id}`, { description: 'Supermarkets with 5+ stores' }));
    expect((await segments()).find((s) => s.id === retail.id)).toMatchObject({ name: 'Retail chains', sizeCompanies: 140, description: 'Supermarkets with 5+ stores', potential: { amountMinor: 7_500_000, currency: 'USD' } });
    const audit = await sqlRows<{ action: string; before: { size_companies?: number; sizeCompanies?: number } }>(ctx.database.db,
      sql`select action, before from audit_log where workspace_id = ${wsId} and entity_id = ${retail.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['segment.created', 'segment.updated', 'segment.updated']);
  });

  it('refuses bad input, a taken name, an account manager and an unknown id, changing nothing', async () => {
    const banks = await ok(owner.request('POST', '/api/v1/accounts/segments', { name: 'Banks', sizeCompanies: 25, potential: { amountMinor: 9_000_000, currency: 'AZN' } }));
    await ok(owner.request('POST', '/api/v1/accounts/segments', { name: 'Telecom', potential: { amountMinor: 1_000, currency: 'AZN' } }));
    const negative = await owner.request('PATCH', `/api/v1/accounts/segments/${banks.id}`, { sizeCompanies: -1 });
    expect(negative.statusCode).toBe(422);
    expect(negative.json().errors[0].field).toBe('body.sizeCompanies');
    const badCurrency = await owner.request('PATCH', `/api/v1/accounts/segments/${banks.id}`, { potential: { amountMinor: 10, currency: 'manat' } });
    expect(badCurrency.statusCode).toBe(422);
    expect(badCurrency.json().errors[0].field).toBe('body.potential.currency');
    const unknownField = await owner.request('PATCH', `/api/v1/accounts/segments/${banks.id}`, { colour: 'red' });
    expect(unknownField.statusCode).toBe(422);
    const taken = await owner.request('PATCH', `/api/v1/accounts/segments/${banks.id}`, { name: 'Telecom', sizeCompanies: 1 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].field).toBe('body.name');
    expect((await kam.request('PATCH', `/api/v1/accounts/segments/${banks.id}`, { sizeCompanies: 1 })).statusCode).toBe(403);
    expect((await owner.request('PATCH', `/api/v1/accounts/segments/${crypto.randomUUID()}`, { sizeCompanies: 1 })).statusCode).toBe(404);
    expect((await segments()).find((s) => s.id === banks.id)).toMatchObject({ name: 'Banks', sizeCompanies: 25, potential: { amountMinor: 9_000_000, currency: 'AZN' } });
  });
});

describe('competitors', () => {
  it('are created and edited by an account manager; a rename onto another name is refused on the field', async () => {
    const rival = await ok(kam.request('POST', '/api/v1/accounts/competitors', { name: 'Rival LLC', pricePosition: 'lower', strengths: ['Cheap'] }));
    await ok(kam.request('POST', '/api/v1/accounts/competitors', { name: 'Other Co' }));
    const edited = await ok(kam.request('PATCH', `/api/v1/accounts/competitors/${rival.id}`, { pricePosition: 'higher', weaknesses: ['Slow delivery'], threats: ['New warehouse in Sumqayıt'] }));
    expect(edited).toMatchObject({ name: 'Rival LLC', pricePosition: 'higher', strengths: ['Cheap'], weaknesses: ['Slow delivery'], threats: ['New warehouse in Sumqayıt'] });
    const taken = await kam.request('PATCH', `/api/v1/accounts/competitors/${rival.id}`, { name: 'Other Co', notes: 'x' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].field).toBe('body.name');
    const blank = await kam.request('PATCH', `/api/v1/accounts/competitors/${rival.id}`, { strengths: [''] });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().errors[0].field).toBe('body.strengths.0');
    const list = (await ok(kam.request('GET', '/api/v1/accounts/competitors'))).items;
    expect(list.find((c: { id: string }) => c.id === rival.id)).toMatchObject({ name: 'Rival LLC', notes: '', strengths: ['Cheap'] });
  });
});

describe('the account plan', () => {
  it('is changed by a PATCH that leaves tier and the rest of the account as they were', async () => {
    const company = await ok(kam.request('POST', '/api/v1/customers', { kind: 'company', companyName: 'Plan Test MMC' }));
    await ok(kam.request('POST', '/api/v1/accounts', { companyId: company.id, tier: 'strategic', industry: 'Retail' }));
    const plan = { goals: ['Reach 20% share'], challenges: ['Rival prices'], strategy: 'Service first' };
    const changed = await ok(kam.request('PATCH', `/api/v1/accounts/${company.id}`, { plan }));
    expect(changed).toMatchObject({ tier: 'strategic', industry: 'Retail' });
    expect((await ok(kam.request('GET', `/api/v1/accounts/${company.id}`))).plan).toEqual(plan);
    const blankGoal = await kam.request('PATCH', `/api/v1/accounts/${company.id}`, { plan: { goals: ['  '] } });
    expect(blankGoal.statusCode).toBe(422);
    expect(blankGoal.json().errors[0].field).toBe('body.plan.goals.0');
    expect((await ok(kam.request('GET', `/api/v1/accounts/${company.id}`))).plan).toEqual(plan);
  });
});
