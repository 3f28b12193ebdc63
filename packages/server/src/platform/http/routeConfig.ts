import type { Permission } from '@vefa/domain';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { RouteSummary } from './app.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do. Every /api route declares it or `public`. */
    permission?: Permission | 'signed_in';
    public?: boolean;
    /** Honour Idempotency-Key: a repeat returns the first answer and changes nothing. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    database: Database;
    vefaConfig: Config;
    routeList: RouteSummary[];
  }
}

export {};
