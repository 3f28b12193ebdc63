import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LoginBody, Me } from '@vefa/contract';
import { closeSession } from '../../platform/auth/credentials.ts';
import { requireActor, SESSION_COOKIE } from '../../platform/auth/accessHooks.ts';
import { describeMe, signIn } from './login.ts';

export const authRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.post('/auth/login', {
    config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie', body: LoginBody, response: { 200: Me } },
  }, async (request, reply) => {
    const { session, userId, workspaceId } = await signIn(db, request.body);
    reply.setCookie(SESSION_COOKIE, session.cookie, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: app.vefaConfig.cookieSecure, expires: session.expiresAt,
    });
    return describeMe(db, userId, workspaceId, session.csrfToken);
  });

  app.post('/auth/logout', {
    config: { permission: 'signed_in' },
    schema: { tags: ['auth'], summary: 'Sign out' },
  }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await closeSession(db, cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', {
    config: { permission: 'signed_in' },
    schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me } },
  }, async (request) => {
    const actor = requireActor(request);
    if (actor.type !== 'user' || !actor.userId || !actor.csrfToken) {
      return { ...(await describeMe(db, actor.userId ?? '', actor.workspaceId, '')), permissions: [...actor.permissions] };
    }
    return describeMe(db, actor.userId, actor.workspaceId, actor.csrfToken);
  });
};
