import { expect } from 'vitest';
import { buildWorkspace, signIn, TEST_PASSWORD, type Client, type TestContext } from '../../test/testApp.ts';

/**
 * A desk for the tests: an owner, a coordinator, a viewer, two agents in
 * "Kart xidmətləri" and one in "Kreditlər", and a customer.
 */
export async function buildDesk(ctx: TestContext, slug: string) {
  const ws = await buildWorkspace(ctx.database, slug, ['owner', 'service_coordinator', 'viewer']);
  const owner = await signIn(ctx.app, ws.people.owner ?? '');
  const coordinator = await signIn(ctx.app, ws.people.service_coordinator ?? '');
  const viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  const dept = async (name: string) => {
    const res = await owner.request('POST', '/api/v1/departments', { name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const cards = await dept('Kart xidmətləri');
  const loans = await dept('Kreditlər');
  const agent = async (name: string, email: string, departmentId: string) => {
    const res = await owner.request('POST', '/api/v1/members', { email, name, password: TEST_PASSWORD, role: 'service_agent', departmentId });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().userId as string, client: await signIn(ctx.app, email) };
  };
  const aysel = await agent('Aysel Kərimova', `aysel@${slug}.test`, cards);
  const leyla = await agent('Leyla Məmmədova', `leyla@${slug}.test`, cards);
  const murad = await agent('Murad Əliyev', `murad@${slug}.test`, loans);
  const customer = await owner.request('POST', '/api/v1/customers', { firstName: 'Rəşad', lastName: 'Quliyev', email: `resad@${slug}.az` });
  expect(customer.statusCode, customer.body).toBe(201);
  return { ws, owner, coordinator, viewer, cards, loans, aysel, leyla, murad, customerId: customer.json().id as string };
}

export async function openCaseVia(client: Client, body: Record<string, unknown>) {
  const res = await client.request('POST', '/api/v1/service/cases', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
