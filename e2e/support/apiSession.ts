import { expect } from 'vitest';

/** Signs in through the API as a demo person and returns a caller that sends the session cookie and CSRF token. */
export async function apiSession(baseUrl: string, email: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'vefa-demo' }),
  });
  expect(res.status).toBe(200);
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (method: string, path: string, body?: unknown) => fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}
