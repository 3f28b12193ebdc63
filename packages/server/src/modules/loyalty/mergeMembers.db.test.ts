import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../test/testApp.ts';

let ctx: TestContext;
let owner: Client;

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'merge', ['owner']);
  owner = await signIn(ctx.app, ws.people.owner ?? '');
});
afterAll(() => ctx.close());

describe('merging customers who are both loyalty members', () => {
  it('refuses with a reason and changes nothing, instead of failing half-way', async () => {
    const programme = (await owner.request('POST', '/api/v1/loyalty/programmes', { name: 'Bonus' })).json();
    const a = (await owner.request('POST', '/api/v1/customers', { firstName: 'Nigar', email: 'nigar@mail.az' })).json();
    const b = (await owner.request('POST', '/api/v1/customers', { firstName: 'Nigar', email: 'nigar@mail.az' })).json();
    for (const c of [a, b]) {
      const enrolled = await owner.request('POST', '/api/v1/loyalty/members', { customerId: c.id, programmeId: programme.id });
      expect(enrolled.statusCode, enrolled.body).toBeLessThan(300);
    }
    const merged = await owner.request('POST', `/api/v1/customers/${a.id}/merge`, { duplicateId: b.id });
    expect(merged.statusCode).toBe(409);
    expect(merged.json().code).toBe('merge_conflict');
    const stillThere = await owner.request('GET', `/api/v1/customers/${b.id}`);
    expect(stillThere.statusCode).toBe(200);
    const list = (await owner.request('GET', '/api/v1/customers?q=nigar@mail.az')).json();
    expect(list.items).toHaveLength(2);
  });
});
