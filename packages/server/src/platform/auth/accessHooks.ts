import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError, forbidden } from '../http/problem.ts';
import type { Actor } from './actor.ts';
import { actorFromApiKey, actorFromSession } from './credentials.ts';
import { sameSecret } from './secrets.ts';

export const SESSION_COOKIE = 'vefa_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in actor; routes behind the access hooks can rely on it. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new ProblemError(401, 'unauthenticated', 'Sign in or send an API key');
  return request.actor;
}

/**
 * Auth applied to the whole API in one place: find who is calling, check the
 * route's declared permission, and demand the CSRF token on cookie writes.
 * A route that declares neither a permission nor `public` fails at start-up.
 */
export function registerAccessHooks(app: FastifyInstance) {
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const config = route.config ?? {};
    if (!config.public && !config.permission) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no permission; add config.permission or config.public`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/v1') || (config.public && !request.headers.authorization && !request.cookies[SESSION_COOKIE])) return;
    const bearer = request.headers.authorization;
    if (bearer?.startsWith('Bearer ')) {
      request.actor = await actorFromApiKey(app.database, bearer.slice(7).trim());
      if (!request.actor && !config.public) throw new ProblemError(401, 'invalid_api_key', 'The API key is unknown or revoked');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) request.actor = await actorFromSession(app.database, cookie);
    }
    if (config.public) return;
    const actor = requireActor(request);
    if (config.permission && config.permission !== 'signed_in' && !actor.permissions.includes(config.permission)) {
      throw forbidden(config.permission);
    }
    if (actor.csrfToken && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, actor.csrfToken)) {
        throw new ProblemError(403, 'csrf_token_missing', 'Send the X-CSRF-Token header you received at sign-in');
      }
    }
  });
}
