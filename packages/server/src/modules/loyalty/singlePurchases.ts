import type { z } from 'zod';
import type { PurchaseInput } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { invalid, ProblemError } from '../../platform/http/problem.ts';
import { ingestPurchases, type IngestOutcome } from './purchases.ts';

type PurchaseIn = z.infer<typeof PurchaseInput>;

/**
 * Transactions of single purchases one caller may have in flight; more arrivals wait and go
 * together. Two, so one group can be computed while the other waits for its commit to reach
 * the disk; more would split a burst into small groups, and round trips are what a busy
 * server runs out of.
 */
export const SINGLE_IN_FLIGHT = 2;
/** Most single purchases posted by one transaction. */
export const SINGLE_GROUP_MAX = 200;

interface Waiting { input: PurchaseIn; resolve: (o: IngestOutcome) => void; reject: (e: unknown) => void }
interface Lane { inFlight: number; waiting: Waiting[] }

// Per caller (workspace and key or user): the timeline names who posted, so one group has one actor.
const lanes = new Map<string, Lane>();

function laneKey(actor: Actor): string {
  return `${actor.workspaceId}|${actor.type}|${actor.apiKeyId ?? actor.userId ?? ''}|${actor.name}`;
}

/**
 * Group commit for single purchases: a purchase that finds fewer than SINGLE_IN_FLIGHT
 * transactions running goes at once; otherwise it waits and is posted together with every
 * other one that arrived meanwhile, in one transaction (one locking read, one write, one
 * commit). Under load a till's purchase then costs a share of a transaction instead of a
 * whole one, so the server keeps up instead of queueing; when idle nothing waits.
 * Each purchase still gets its own outcome, and a group that fails as a whole (a
 * concurrent post of the same external id, a lost connection) is rolled back and posted
 * again one purchase per transaction, so one purchase's failure is only its own.
 */
export function postSinglePurchase(db: Db, actor: Actor, input: PurchaseIn): Promise<IngestOutcome> {
  const key = laneKey(actor);
  let lane = lanes.get(key);
  if (!lane) {
    lane = { inFlight: 0, waiting: [] };
    lanes.set(key, lane);
  }
  const outcome = new Promise<IngestOutcome>((resolve, reject) => lane.waiting.push({ input, resolve, reject }));
  if (lane.inFlight < SINGLE_IN_FLIGHT) void drain(db, actor, key, lane);
  return outcome;
}

async function drain(db: Db, actor: Actor, key: string, lane: Lane): Promise<void> {
  lane.inFlight++;
  try {
    while (lane.waiting.length > 0) {
      // A retry of a purchase already waiting goes in a later group, where it is a duplicate.
      const group: Waiting[] = [];
      const later: Waiting[] = [];
      const ids = new Set<string>();
      for (const w of lane.waiting) {
        if (group.length < SINGLE_GROUP_MAX && !ids.has(w.input.externalId)) {
          ids.add(w.input.externalId);
          group.push(w);
        } else later.push(w);
      }
      lane.waiting = later;
      await postGroup(db, actor, group);
    }
  } finally {
    lane.inFlight--;
    if (lane.inFlight === 0 && lane.waiting.length === 0) lanes.delete(key);
  }
}

async function postGroup(db: Db, actor: Actor, group: readonly Waiting[]): Promise<void> {
  if (group.length > 1) {
    let outcomes: IngestOutcome[] | null = null;
    try {
      outcomes = await ingestPurchases(db, actor, group.map((w) => w.input));
    } catch {
      outcomes = null;
    }
    if (outcomes) {
      group.forEach((w, i) => {
        const o = outcomes[i];
        if (o) w.resolve({ ...o, index: 0 });
        else w.reject(new Error('ingest returned no outcome'));
      });
      return;
    }
  }
  for (const w of group) {
    try {
      const [o] = await ingestPurchases(db, actor, [w.input]);
      if (o) w.resolve(o);
      else w.reject(new Error('ingest returned nothing'));
    } catch (error) {
      w.reject(error);
    }
  }
}

/** One purchase through the same path as a batch; a rejection becomes problem+json naming the field. */
export async function recordPurchase(db: Db, actor: Actor, input: PurchaseIn) {
  const result = await postSinglePurchase(db, actor, input);
  if (result.status === 'rejected' || !result.purchaseId || !result.memberId) {
    const e = result.error ?? { field: '', code: 'rejected', message: 'rejected' };
    if (e.code === 'member_not_found') throw new ProblemError(422, 'member_not_found', e.message, [{ ...e, field: `body.${e.field}` }]);
    throw invalid(`body.${e.field}`, e.code, e.message);
  }
  return {
    purchaseId: result.purchaseId, externalId: result.externalId, memberId: result.memberId, status: result.status === 'duplicate' ? 'duplicate' as const : 'created' as const,
    points: result.points, pending: result.pending, byLine: result.byLine, tier: result.tier,
  };
}
