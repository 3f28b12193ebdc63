import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../platform/config.ts';
import { buildApp } from '../../platform/http/app.ts';
import { createSharedTestDatabase } from '../../test/testDatabase.ts';
import { buildWorkspace, signIn } from '../../test/testApp.ts';
import { INGEST_CHUNK } from './purchases.ts';
import type { z } from 'zod';
import { LedgerCheck, LoyaltyMember, page, PurchaseBatchResult } from '@vefa/contract';

/**
 * A real `vefa serve` process is killed with SIGKILL in the middle of a batch ingest,
 * restarted, and every batch is posted again: every member's balance must be exactly
 * what one run of the batches earns, and the ledger check must pass.
 */
const BIN = path.resolve(import.meta.dirname, '../../../bin/vefa.mjs');
const MEMBERS = 150;
const BATCHES = 8;
const PER_BATCH = 1000;
const PORT = 43_000 + (process.pid % 1000);
let shared: Awaited<ReturnType<typeof createSharedTestDatabase>>;
let env: Record<string, string> = {};
let apiKey = '';
let memberIds: string[] = [];

const openShared = () => shared.open();

interface Line { id: string; sku: string; category: string; quantity: number; unitPriceMinor: number; discountMinor: number }
interface PurchaseBody { externalId: string; member: { memberId: string }; occurredAt: string; storeId: string; lines: Line[] }

/** Deterministic batches: every purchase has 3 lines; the rule gives 1 point per whole AZN of each line. */
function batches(): PurchaseBody[][] {
  const out: PurchaseBody[][] = [];
  let n = 0;
  for (let b = 0; b < BATCHES; b++) {
    const list: PurchaseBody[] = [];
    for (let i = 0; i < PER_BATCH; i++, n++) {
      list.push({
        externalId: `CRASH-${n}`, member: { memberId: memberIds[(n * 7) % MEMBERS] ?? '' }, occurredAt: new Date(Date.now() - 3600_000).toISOString(), storeId: `s${n % 5}`,
        lines: [0, 1, 2].map((j) => ({ id: `l${j}`, sku: `SKU${(n + j) % 50}`, category: 'grocery', quantity: 1 + ((n + j) % 3), unitPriceMinor: 95 + ((n * 31 + j * 17) % 900), discountMinor: (n + j) % 4 === 0 ? 15 : 0 })),
      });
    }
    out.push(list);
  }
  return out;
}

function expectedBalances(all: PurchaseBody[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of all.flat()) {
    let pts = 0;
    for (const l of p.lines) pts += Math.floor(Math.max(0, l.quantity * l.unitPriceMinor - l.discountMinor) / 100);
    m.set(p.member.memberId, (m.get(p.member.memberId) ?? 0) + pts);
  }
  return m;
}

beforeAll(async () => {
  shared = await createSharedTestDatabase('vefa_lcrash');
  env = shared.env;
  const database = await openShared();
  const app = await buildApp({ config: readConfig({}, { webDistDir: '/nonexistent' }), database, logger: false, rateLimitPerMinute: 100_000 });
  await app.ready();
  const ws = await buildWorkspace(database, 'crash', ['owner']);
  const owner = await signIn(app, ws.people.owner ?? '');
  const prog = await owner.request('POST', '/api/v1/loyalty/programmes', { name: 'Crash points' });
  expect(prog.statusCode, prog.body).toBe(201);
  const rule = await owner.request('POST', '/api/v1/loyalty/rules', { rule: { name: 'base', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } } });
  expect(rule.statusCode, rule.body).toBe(201);
  memberIds = [];
  for (let i = 0; i < MEMBERS; i++) {
    const c = await owner.request('POST', '/api/v1/customers', { firstName: `Crash${i}` });
    const m = await owner.request('POST', '/api/v1/loyalty/members', { customerId: c.json().id });
    expect(m.statusCode, m.body).toBe(201);
    memberIds.push(m.json().id);
  }
  const key = await owner.request('POST', '/api/v1/api-keys', { name: 'till', scopes: ['loyalty:transact', 'loyalty:read', 'loyalty:manage'] });
  apiKey = key.json().secret;
  await app.close();
  await database.close();
}, 240_000);

afterAll(async () => {
  await shared.drop();
});

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(PORT), '--role', 'api', '--no-demo'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', VEFA_RATE_LIMIT_PER_MINUTE: '100000' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += String(d); });
  child.stderr?.on('data', (d: Buffer) => { output += String(d); });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output}`);
}

const MembersPage = page(LoyaltyMember);

/** Answers are read through the API contract's own schemas. */
async function json<T extends z.ZodTypeAny>(schema: T, response: Promise<Response>): Promise<z.infer<T>> {
  return schema.parse(await (await response).json());
}

function api(method: string, url: string, body?: unknown) {
  return fetch(`http://127.0.0.1:${PORT}/api/v1${url}`, {
    method, headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function stop(child: ChildProcess, signal: NodeJS.Signals) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

describe('a server killed with SIGKILL in the middle of a batch ingest', () => {
  it('leaves every balance exactly as if each batch ran once after a restart and a retry', async () => {
    const all = batches();
    let server = await startServer();
    // Post batches one after another; once they run warm, kill the process part-way into one.
    let createdBefore = 0;
    let warmMs = Infinity;
    let killedIn = -1;
    for (let b = 0; b < all.length && killedIn < 0; b++) {
      const started = performance.now();
      let finished = false;
      // Settles either way (the kill makes the fetch fail), so no rejection goes unhandled.
      const request = api('POST', '/loyalty/purchases/batch', { purchases: all[b] }).then(async (res) => {
        finished = true;
        return { status: res.status, created: PurchaseBatchResult.parse(await res.json()).created };
      }, (error: unknown) => ({ status: 0, created: 0, error }));
      if (b < 2 || !Number.isFinite(warmMs)) {
        const done = await request;
        expect(done.status).toBe(200);
        createdBefore += done.created;
        warmMs = Math.min(warmMs, performance.now() - started);
        continue;
      }
      await new Promise((r) => setTimeout(r, warmMs * 0.55));
      if (finished) {
        const done = await request;
        expect(done.status).toBe(200);
        createdBefore += done.created;
        warmMs *= 0.7;
        continue;
      }
      await stop(server, 'SIGKILL');
      expect((await request).status, 'the batch in flight must not have answered').toBe(0);
      killedIn = b;
    }
    expect(killedIn, 'the kill never landed inside a batch').toBeGreaterThan(0);

    server = await startServer();
    try {
      const check = await json(LedgerCheck, api('GET', '/loyalty/ledger/check'));
      expect(check.problems, 'right after the restart').toEqual([]);
      let created = 0;
      let duplicates = 0;
      for (const batch of all) {
        const res = api('POST', '/loyalty/purchases/batch', { purchases: batch });
        expect((await res).status).toBe(200);
        const body = await json(PurchaseBatchResult, res);
        expect(body.rejected).toBe(0);
        created += body.created;
        duplicates += body.duplicates;
      }
      expect(created + duplicates).toBe(BATCHES * PER_BATCH);
      // What of the batch in flight survived the kill is whole chunks (one transaction each).
      const survived = duplicates - createdBefore;
      expect(survived % INGEST_CHUNK).toBe(0);
      process.stdout.write(`killed in batch ${killedIn + 1}: ${survived} of its purchases had committed\n`);
      const expected = expectedBalances(all);
      const seen = new Map<string, number>();
      let cursor: string | null = null;
      do {
        const members: z.infer<typeof MembersPage> = await json(MembersPage, api('GET', `/loyalty/members?limit=200${cursor ? `&cursor=${cursor}` : ''}`));
        for (const m of members.items) seen.set(m.id, m.available);
        cursor = members.nextCursor;
      } while (cursor);
      expect(seen.size).toBe(MEMBERS);
      for (const [id, points] of expected) expect(seen.get(id), id).toBe(points);
      const final = await json(LedgerCheck, api('GET', '/loyalty/ledger/check'));
      expect(final.problems).toEqual([]);
      expect(final.ok).toBe(true);
      expect(final.sumOfMemberBalances).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    } finally {
      await stop(server, 'SIGTERM');
    }
  }, 300_000);
});
