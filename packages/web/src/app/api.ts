// The one HTTP client of the web app: JSON in and out, problem+json errors,
// the session's CSRF token on every state-changing request.
import type { Problem } from './types';

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();
/** Called when any request (other than the session probe) answers 401. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  /** Field errors keyed by field path (e.g. "email", "addresses.0.city"). */
  fieldErrors(): Record<string, { code: string; message: string }> {
    const out: Record<string, { code: string; message: string }> = {};
    for (const e of this.problem.errors ?? []) {
      // The server names the part of the request too ("body.email", "query.q"); the forms want "email".
      const field = e.field.replace(/^(body|query|params)\.?/, '');
      if (!(field in out)) out[field] = { code: e.code, message: e.message };
    }
    return out;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function qs(query: Query | undefined): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Raw body (file upload); sent as is with the given content type. */
  raw?: { data: Blob | ArrayBuffer; contentType: string };
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (used by the session probe). */
  quiet401?: boolean;
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

async function toProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? res.statusText,
        status: body.status ?? res.status,
        code: body.code ?? `http_${res.status}`,
        ...(body.detail !== undefined ? { detail: body.detail } : {}),
        ...(body.errors !== undefined ? { errors: body.errors } : {}),
      };
    } catch {
      /* fall through */
    }
  }
  return { type: 'about:blank', title: res.statusText || 'Error', status: res.status, code: `http_${res.status}` };
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.idempotent) headers['Idempotency-Key'] = newIdempotencyKey();

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${qs(opts.query)}`, {
      method, headers, body, credentials: 'same-origin', ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network_error' });
  }
  if (!res.ok) {
    const problem = await toProblem(res);
    if (res.status === 401 && !opts.quiet401) for (const l of unauthorizedListeners) l();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body }),
  /** A creating POST: carries a fresh Idempotency-Key. */
  create: <T>(path: string, body: unknown) => request<T>('POST', path, { body, idempotent: true }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};
