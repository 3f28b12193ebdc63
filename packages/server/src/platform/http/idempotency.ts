import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { actorId } from '../auth/actor.ts';
import { sha256 } from '../auth/secrets.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { ProblemError } from './problem.ts';

const IN_PROGRESS = 0;
/** A claim this old belongs to a request whose process died; no request runs this long. */
const STALE_CLAIM_MS = 120_000;
const KEY_PATTERN = /^[\w\-:.]{8,200}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { workspaceId: string; actorId: string; key: string } | null;
  }
}

/**
 * Idempotency-Key on creating POSTs. The key is claimed with an insert on its
 * primary key before the handler runs, so two concurrent retries can't both
 * create; the first answer is stored and replayed to every later retry.
 */
export function registerIdempotency(app: FastifyInstance) {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    const raw = request.headers['idempotency-key'];
    if (!request.routeOptions.config.idempotent || typeof raw !== 'string' || !request.actor) return;
    if (!KEY_PATTERN.test(raw)) {
      throw new ProblemError(422, 'validation_failed', 'Idempotency-Key must be 8–200 letters, digits, - _ : .', [
        { field: 'header.Idempotency-Key', code: 'invalid_format', message: 'use a UUID' },
      ]);
    }
    const owner = { workspaceId: request.actor.workspaceId, actorId: actorId(request.actor), key: raw };
    const route = `${request.method} ${request.routeOptions.url}`;
    const requestHash = sha256(`${route}\n${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const db = app.database.db;
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ ...owner, route, requestHash, statusCode: IN_PROGRESS, response: {} })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) {
      request.idempotency = owner;
      return;
    }
    const [first] = await db.select().from(idempotencyKeys).where(and(
      eq(idempotencyKeys.workspaceId, owner.workspaceId), eq(idempotencyKeys.actorId, owner.actorId), eq(idempotencyKeys.key, raw),
    ));
    if (!first) throw new ProblemError(409, 'idempotency_key_in_use', 'Retry in a moment');
    if (first.requestHash !== requestHash) {
      throw new ProblemError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    }
    if (first.statusCode === IN_PROGRESS && Date.now() - first.createdAt.getTime() > STALE_CLAIM_MS) {
      // The first request's process died (its transaction rolled back); the retry takes the key over.
      const reclaimed = await db.update(idempotencyKeys).set({ createdAt: new Date(), requestHash })
        .where(and(
          eq(idempotencyKeys.workspaceId, owner.workspaceId), eq(idempotencyKeys.actorId, owner.actorId), eq(idempotencyKeys.key, raw),
          eq(idempotencyKeys.statusCode, IN_PROGRESS), eq(idempotencyKeys.createdAt, first.createdAt),
        )).returning({ key: idempotencyKeys.key });
      if (reclaimed.length > 0) {
        request.idempotency = owner;
        return;
      }
    }
    if (first.statusCode === IN_PROGRESS) {
      throw new ProblemError(409, 'idempotency_key_in_use', 'The first request with this Idempotency-Key is still running', undefined, { 'retry-after': '1' });
    }
    reply.header('idempotent-replayed', 'true');
    return reply.status(first.statusCode).send(first.response);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const owner = request.idempotency;
    if (!owner) return payload;
    request.idempotency = null;
    const where = and(
      eq(idempotencyKeys.workspaceId, owner.workspaceId), eq(idempotencyKeys.actorId, owner.actorId), eq(idempotencyKeys.key, owner.key),
    );
    const db = app.database.db;
    if (reply.statusCode >= 500) {
      // Nothing was committed; free the key so the retry can run.
      await db.delete(idempotencyKeys).where(where);
      return payload;
    }
    const body = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : null;
    await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, response: sql`${JSON.stringify(body)}::jsonb` }).where(where);
    return payload;
  });
}
