import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '@vefa/domain';
import { readConfig } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { buildApp, type App } from '../platform/http/app.ts';
import { memberships, users, workspaces } from '../platform/db/schema.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { openTestDatabase } from './testDatabase.ts';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: string | null = null;

export interface TestWorkspace { id: string; slug: string }

/** Factories: a workspace with people in the given roles, all with TEST_PASSWORD. */
export async function buildWorkspace(database: Database, slug: string, roles: Role[] = ['owner']) {
  passwordHash ??= await hashPassword(TEST_PASSWORD);
  const id = crypto.randomUUID();
  await database.db.insert(workspaces).values({ id, name: `Workspace ${slug}`, slug });
  const people: Record<string, string> = {};
  for (const role of roles) {
    const email = `${role}@${slug}.test`;
    const userId = crypto.randomUUID();
    await database.db.insert(users).values({ id: userId, email, name: `${role} of ${slug}`, passwordHash });
    await database.db.insert(memberships).values({ workspaceId: id, userId, role });
    people[role] = email;
  }
  return { id, slug, people };
}

/** A signed-in client: cookie and CSRF token attached to every request it makes. */
export interface Client {
  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  csrf: string;
}

export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<Client> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'vefa_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf: string = response.json().csrfToken;
  return {
    csrf,
    request: (method, url, body, headers = {}) => app.inject({
      method, url, cookies: { vefa_session: cookie.value },
      headers: { 'x-csrf-token': csrf, ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    }),
  };
}

export function bearerClient(app: App, key: string): Client {
  return {
    csrf: '',
    request: (method, url, body, headers = {}) => app.inject({
      method, url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(body !== undefined ? { payload: body as object } : {}),
    }),
  };
}

export interface TestContext { app: App; database: Database; close(): Promise<void> }

export async function startTestApp(): Promise<TestContext> {
  const database = await openTestDatabase();
  const app = await buildApp({ config: readConfig({}, { webDistDir: '/nonexistent' }), database, logger: false, rateLimitPerMinute: 100_000 });
  await app.ready();
  return { app, database, close: async () => { await app.close(); await database.close(); } };
}

export async function userIdOf(database: Database, email: string) {
  const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return u.id;
}
