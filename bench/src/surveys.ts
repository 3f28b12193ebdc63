// Surveys benchmark (issue 8). send_100k_s: queue a survey by e-mail to N customers — the
// invitations (one INSERT … SELECT) and the sender's set-based queue step (consent, address and
// the fatigue window claimed per batch of 5,000; links' expiry fixed) until every invitation is
// ready for the throttled delivery; SMTP delivery itself is throttled by design and not timed.
// answer_p99_ms: the public answer endpoint driven open loop at a fixed 200 requests/s (each
// request starts at its scheduled time whatever the others do; latency counts from that time,
// so queueing shows), over HTTP to a `vefa serve` process (PGlite: in process, through inject). analyze_100k_s:
// sentiment and topics over N stored text answers, read in batches, analysed in memory and
// written back set-based. Figures below 100,000 are extrapolated linearly; `--scale 0.05` = 5,000.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ROLE_PERMISSIONS } from '@vefa/domain';
import { parseLabelledAnswers } from '@vefa/domain/surveys/index';
import { openPglite, sqlRows } from '@vefa/server/platform/db/database';
import type { Actor } from '@vefa/server/platform/auth/actor';
import { buildWorkspace, userIdOf } from '@vefa/server/test/testApp';
import { buildApp } from '@vefa/server/platform/http/app';
import { readConfig } from '@vefa/server/platform/config';
import { createSurvey } from '@vefa/server/modules/surveys/surveyCommands';
import { createDistribution } from '@vefa/server/modules/surveys/distributions';
import { surveySettingsOf } from '@vefa/server/modules/surveys/settings';
import { invitationToken } from '@vefa/server/modules/surveys/links';
import { queueDueInvitations } from '@vefa/server/modules/surveys/sending';
import { reanalyseResponses } from '@vefa/server/modules/surveys/analysis';
import type { Benchmark, BenchContext } from './report.ts';
import { freshPostgres } from './freshDatabase.ts';
import { startServerProcess, stopServerProcess } from './serverProcess.ts';

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runSurveysBench(ctx: BenchContext) {
  const n = Math.max(1000, Math.round(100_000 * (ctx.scale ?? 1)));
  const database = ctx.db === 'postgres' ? await freshPostgres(ctx.databaseUrl, 'vefa_bench_surveys') : await openPglite('memory');
  const app = await buildApp({ config: readConfig({}, { webDistDir: '/nonexistent' }), database, logger: false, rateLimitPerMinute: 10_000_000 });
  await app.ready();
  try {
    const ws = await buildWorkspace(database, `bench-surveys-${Date.now()}`, ['owner']);
    const actor: Actor = { type: 'user', workspaceId: ws.id, userId: await userIdOf(database, ws.people.owner ?? ''), apiKeyId: null, name: 'bench', role: 'owner', permissions: [...ROLE_PERMISSIONS.owner], departmentId: null, csrfToken: null };
    ctx.progress(`making ${n} customers`);
    for (let done = 0; done < n; done += 10_000) {
      const size = Math.min(10_000, n - done);
      await database.db.execute(sql`
        insert into customers (workspace_id, id, kind, display_name, first_name, name_key, email, language, tags)
        select ${ws.id}::uuid, gen_random_uuid(), 'person', 'Bench ' || g, 'Bench', 'bench ' || g, 'bench' || g || '@mail.test',
               (array['az','tr','en'])[1 + g % 3], array['bench']
        from generate_series(${done + 1}::int, ${done + size}::int) g`);
    }
    // Nine in ten agreed to e-mail; the rest must be skipped, not mailed.
    await database.db.execute(sql`
      insert into consents (workspace_id, customer_id, channel, granted, source)
      select workspace_id, id, 'email', (row_number() over (order by id)) % 10 <> 0, 'bench' from customers where workspace_id = ${ws.id}`);
    const survey = await createSurvey(database.db, actor, { name: 'Bench NPS', type: 'nps', question: { az: 'Tövsiyə edərsinizmi?', tr: 'Tavsiye eder misiniz?', en: 'Would you recommend us?' }, questions: [], trigger: null, followUpDepartmentId: null, validDays: 14 });

    ctx.progress(`queueing the survey to ${n} customers by e-mail`);
    const t0 = performance.now();
    const dist = await createDistribution(database.db, actor, survey.id, { audience: { kind: 'tag', tag: 'bench' }, channel: 'email', reminderAfterDays: null, perMinute: 600 });
    const outcomes: Record<string, number> = {};
    for (;;) {
      const run = await queueDueInvitations(database, ws.id, new Date());
      for (const [k, v] of Object.entries(run)) outcomes[k] = (outcomes[k] ?? 0) + v;
      const [left] = await sqlRows<{ n: number }>(database.db, sql`select count(*)::int as n from survey_invitations where workspace_id = ${ws.id} and status = 'queued'`);
      if (!left?.n) break;
    }
    const queueSeconds = (performance.now() - t0) / 1000;
    const [ready] = await sqlRows<{ n: number }>(database.db, sql`select count(*)::int as n from survey_invitations where workspace_id = ${ws.id} and status = 'ready'`);
    ctx.report({ name: 'send_100k_s', value: Number((queueSeconds * (100_000 / n)).toFixed(2)), unit: 's', better: 'lower', target: '≤ 60' });
    ctx.report({ name: 'queued_invitations', value: dist.counts.total, unit: 'invitations', better: 'higher' });
    ctx.report({ name: 'ready_to_mail', value: ready?.n ?? 0, unit: 'invitations', better: 'higher' });
    ctx.report({ name: 'skipped_consent', value: outcomes.skipped_consent ?? 0, unit: 'invitations', better: 'lower' });
    if ((ready?.n ?? 0) + (outcomes.skipped_consent ?? 0) !== n) throw new Error(`queued ${ready?.n} + skipped ${outcomes.skipped_consent} ≠ ${n} customers`);

    // Public answers at 200 requests/s, open loop; detractor scores (≤ 6) would open cases, so scores 7–10.
    const settings = await surveySettingsOf(database.db, ws.id);
    const seconds = Math.min(20, Math.max(5, Math.round(n / 1000)));
    const warmUpSeconds = 5;
    const total = 200 * (seconds + warmUpSeconds);
    const invitations = await sqlRows<{ id: string; customer_id: string; expires_at: string }>(database.db, sql`
      select id, customer_id, expires_at::text from survey_invitations where workspace_id = ${ws.id} and status = 'ready' limit ${total}`);
    const tokens = invitations.map((i) => invitationToken(settings.signingKey, { workspaceId: ws.id, id: i.id, surveyId: survey.id, customerId: i.customer_id, expiresAt: new Date(i.expires_at) }));
    // On PostgreSQL the answers go over HTTP to a real `vefa serve` in its own process, so the load
    // never shares the server's event loop; PGlite lives in this process, so there they go through inject.
    const port = 3920;
    const server = database.kind === 'postgres'
      ? await startServerProcess({ DATABASE_URL: new URL('/vefa_bench_surveys', ctx.databaseUrl).toString() }, port) : null;
    // node:http over keep-alive sockets, not fetch(): at 200/s fetch took 25–55 % of a core and this
    // 10–16 %, on the two cores the server and PostgreSQL share (httpLoad.ts found the same).
    const agent = new http.Agent({ keepAlive: true });
    const post = (token: string, body: string) => new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: `/api/v1/public/surveys/${token}`, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    const answer = async (token: string, payload: object) => {
      if (!server) return (await app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload })).statusCode;
      return post(token, JSON.stringify(payload));
    };
    // The first seconds warm up and are not counted, as the other HTTP benchmarks do: a server just
    // started spends about five seconds at full CPU compiling (tsx, JIT), opening its pool's
    // connections and planning, measured with per-second diagnostics; p99 is about the steady state.
    const warmUp = 200 * warmUpSeconds;
    ctx.progress(`answering ${tokens.length} links at 200/s (the first ${warmUp} warm up)`);
    const latencies: number[] = [];
    let failures = 0;
    try {
      const start = performance.now();
      await Promise.all(tokens.map(async (token, i) => {
        const due = start + (i * 1000) / 200;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        // A refused or dropped connection is a failed answer, not the end of the run.
        const status = await answer(token, { score: 7 + (i % 4), ...(i % 5 === 0 ? { comment: 'Kassir çox nəzakətli idi, təşəkkürlər' } : {}) }).catch(() => 0);
        if (status !== 200) failures++;
        if (i >= warmUp) latencies.push(performance.now() - due);
      }));
    } finally {
      agent.destroy();
      if (server) await stopServerProcess(server);
    }
    ctx.report({ name: 'answer_p99_ms', value: percentile(latencies, 0.99), unit: 'ms', better: 'lower', target: '≤ 30' });
    ctx.report({ name: 'answer_p50_ms', value: percentile(latencies, 0.5), unit: 'ms', better: 'lower' });
    ctx.report({ name: 'answer_failures', value: failures, unit: 'requests', better: 'lower' });

    // Text answers to analyse: a link survey to the same customers, one stored comment each.
    const fixtures = (['az', 'tr', 'en'] as const).flatMap((l) => parseLabelledAnswers(fs.readFileSync(path.resolve(import.meta.dirname, `../../packages/domain/src/surveys/fixtures/feedback.${l}.txt`), 'utf8'), l));
    const texts = Array.from({ length: n }, (_, i) => `${fixtures[i % fixtures.length]?.text ?? ''}${i % 7 === 0 ? ` #${i}` : ''}`);
    const feedback = await createSurvey(database.db, actor, { name: 'Bench feedback', type: 'csat', question: { az: 'Razısınızmı?', tr: 'Memnun musunuz?', en: 'Are you satisfied?' }, questions: [], trigger: null, followUpDepartmentId: null, validDays: 14 });
    await createDistribution(database.db, actor, feedback.id, { audience: { kind: 'tag', tag: 'bench' }, channel: 'link', reminderAfterDays: null, perMinute: 600 });
    ctx.progress(`storing ${n} text answers`);
    for (let done = 0; done < n; done += 10_000) {
      const slice = texts.slice(done, done + 10_000);
      await database.db.execute(sql`
        insert into survey_responses (workspace_id, id, invitation_id, survey_id, customer_id, score, comment, language)
        select i.workspace_id, gen_random_uuid(), i.id, i.survey_id, i.customer_id, 3, t.comment, i.language
        from (select id, workspace_id, survey_id, customer_id, language, row_number() over (order by id) as k from survey_invitations
              where workspace_id = ${ws.id} and survey_id = ${feedback.id} order by id offset ${done} limit ${slice.length}) i
        join jsonb_array_elements_text(${JSON.stringify(slice)}::jsonb) with ordinality as t(comment, k) on t.k + ${done} = i.k`);
    }
    ctx.progress(`analysing ${n} text answers`);
    const a0 = performance.now();
    const { analysed } = await reanalyseResponses(database.db, ws.id, { surveyId: feedback.id });
    const analyseSeconds = (performance.now() - a0) / 1000;
    ctx.report({ name: 'analyze_100k_s', value: Number((analyseSeconds * (100_000 / n)).toFixed(2)), unit: 's', better: 'lower', target: '≤ 30' });
    ctx.report({ name: 'analyzed_texts', value: analysed, unit: 'texts', better: 'higher' });
    const [negative] = await sqlRows<{ n: number }>(database.db, sql`select count(*)::int as n from survey_responses where workspace_id = ${ws.id} and survey_id = ${feedback.id} and sentiment = 'negative'`);
    if (analysed !== n || !negative?.n) throw new Error(`analysed ${analysed} of ${n} answers, ${negative?.n ?? 0} negative: the fixtures did not load`);
  } finally {
    await app.close();
    await database.close();
  }
}

export const surveysBenchmark: Benchmark = {
  id: 'surveys',
  description: 'Queue a survey to 100k customers, answer the public endpoint at 200 req/s, sentiment + topics over 100k answers',
  run: runSurveysBench,
};
