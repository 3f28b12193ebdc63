import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { registerAccessHooks } from '../auth/accessHooks.ts';
import { registerErrorHandler, spaFallback } from './errorHandler.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerOperationalRoutes } from './operational.ts';
import { MODULE_ROUTES } from '../../modules/routes.ts';
import './routeConfig.ts';

export type App = FastifyInstance;

/** Every route as registered, for the generic access tests and the start-up check. */
export interface RouteSummary { method: string; url: string; config: { permission?: string; public?: boolean; idempotent?: boolean } }

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: boolean;
  /** Requests per minute per caller; tests raise it. */
  rateLimitPerMinute?: number;
}

/**
 * The HTTP application: the same short chain for every endpoint — rate
 * limit → authenticate → validate → handler (which owns its transaction) —
 * then each module's routes under /api/v1, and the built web app.
 */
export async function buildApp(options: BuildOptions) {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('database', database);
  app.decorate('vefaConfig', config);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(cookie);
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.headers.authorization?.slice(0, 60) ?? request.cookies?.vefa_session?.slice(0, 40) ?? request.ip,
    allowList: (request) => !request.url.startsWith('/api/'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vefa API', version: '1', description: 'Customer loyalty and relationship platform. Errors are RFC 9457 problem+json.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key: Authorization: Bearer vk_…' },
          session: { type: 'apiKey', in: 'cookie', name: 'vefa_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const routeList: RouteSummary[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeList.push({ method: String(method), url: route.url, config: route.config ?? {} });
  });
  // Clickjacking: nothing may be framed by another site except the survey
  // widget (/s/<token>?embed=1), which exists to be embedded anywhere.
  app.addHook('onSend', async (request, reply) => {
    if (reply.hasHeader('content-security-policy')) return;
    if (/^\/s\/[^/?]+\?(?:.*&)?embed=1(?:&|$)/.test(request.url)) reply.header('content-security-policy', 'frame-ancestors *');
    else reply.header('x-frame-options', 'SAMEORIGIN').header('content-security-policy', "frame-ancestors 'self'");
  });
  registerAccessHooks(app);
  registerIdempotency(app);
  registerOperationalRoutes(app);
  await app.register(async (api) => {
    for (const register of MODULE_ROUTES) await api.register(register);
  }, { prefix: '/api/v1' });

  serveWebApp(app, config.webDistDir);
  return app;
}

/**
 * The built single-page app, read from disk on each request (a rebuild needs
 * no restart). Unknown paths outside /api get index.html so deep links work;
 * a missing asset (hashed file name) stays a 404.
 */
function serveWebApp(app: FastifyInstance, distDir: string) {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) return;
  void app.register(fastifyStatic, { root: distDir, wildcard: true });
  spaFallback.enabled = true;
}
