// Customer-analytics benchmarks:
// - fit_score_1m_s: 1,000,000 simulated BG/NBD customers (continuous times,
//   r=0.25, α=4, a=0.8, b=2.5, T uniform on 20–78 weeks, Gamma-Gamma spends);
//   seconds from the summary arrays to fitted BG/NBD + Gamma-Gamma and every
//   customer's P(alive), expected purchases (52 weeks) and 12-month CLV.
//   Reference: lifetimes, 7.4 s fit + 0.3 s scoring.
// - peak_rss_mib: the process's peak resident memory after the runs.
// - cdnow_master_pipeline_ms: CDNOW_master.txt read, parsed, summarised
//   (calibration to 1997-09-30, weeks), fitted and scored. Reference: lifetimes ~500 ms.
// - rfm_1m_s: RFM scores, segments and grid for the same million customers.
// Timed figures are medians of several runs after a warm-up run.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPostgres, type Database } from '@vefa/server/platform/db/database';
import { buildWorkspace } from '@vefa/server/test/testApp';
import { systemActor } from '@vefa/server/platform/auth/actor';
import { performRefresh, startRefresh } from '@vefa/server/modules/analytics/refresh';
import type { Benchmark, BenchContext } from './report.ts';
import { freshPostgres } from './freshDatabase.ts';
import {
  analyzeCustomers,
  createRandom,
  dayLabel,
  daysFromCivil,
  parseCdnowMaster,
  rfmScores,
  simulateCustomers,
  summariseTransactions,
  type SimulatedCustomers,
} from '@vefa/domain/analytics/index';

export interface AnalyticsMetric {
  name: string;
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  reference?: { name: string; value: number };
  ratio?: number;
}

const CDNOW_MASTER = new URL('../../../shared/data/cdnow/CDNOW_master.txt', import.meta.url);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timed<T>(run: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

function simulateMillion(): SimulatedCustomers {
  return simulateCustomers({
    customers: 1_000_000,
    bgnbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 1500 },
    T: [20, 78],
    seed: 20260101,
  });
}

function cdnowPipeline(): number {
  const log = parseCdnowMaster(readFileSync(CDNOW_MASTER, 'utf8'));
  const summary = summariseTransactions(log, { until: daysFromCivil(1997, 9, 30), unit: 'week' });
  const analysis = analyzeCustomers(summary);
  return analysis.clv.length;
}

export async function runAnalyticsBench(report: (m: AnalyticsMetric) => void, progress: (msg: string) => void): Promise<void> {
  progress('simulating 1,000,000 customers');
  const customers = simulateMillion();
  progress('warming up on 100,000 customers');
  analyzeCustomers(simulateCustomers({ customers: 100_000, bgnbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, spend: { p: 6, q: 4, gamma: 1500 }, T: [20, 78], seed: 1 }));

  const fitRuns: number[] = [];
  for (let run = 1; run <= 3; run++) {
    const { ms, result } = timed(() => analyzeCustomers(customers));
    fitRuns.push(ms / 1000);
    const { r, alpha, a, b } = result.bgnbd.params;
    progress(`fit+score run ${run}: ${(ms / 1000).toFixed(2)} s (r=${r.toFixed(4)} α=${alpha.toFixed(3)} a=${a.toFixed(3)} b=${b.toFixed(3)})`);
  }
  const fitSeconds = median(fitRuns);
  report({
    name: 'fit_score_1m_s',
    value: fitSeconds,
    unit: 's',
    better: 'lower',
    reference: { name: 'lifetimes (7.4 s fit + 0.3 s score)', value: 7.7 },
    ratio: 7.7 / fitSeconds,
  });

  const rfmInput = {
    recencyDays: customers.T.map((T, i) => (T - (customers.tx[i] ?? 0)) * 7),
    frequency: customers.x.map((x) => x + 1),
    monetary: customers.meanSpend.map((m, i) => m * (customers.x[i] ?? 0)),
  };
  rfmScores(rfmInput);
  const rfmRuns: number[] = [];
  for (let run = 1; run <= 3; run++) rfmRuns.push(timed(() => rfmScores(rfmInput)).ms / 1000);
  const rfmSeconds = median(rfmRuns);
  progress(`rfm: ${rfmRuns.map((s) => s.toFixed(3)).join(', ')} s`);
  report({ name: 'rfm_1m_s', value: rfmSeconds, unit: 's', better: 'lower' });

  progress('CDNOW master pipeline');
  cdnowPipeline();
  const cdnowRuns: number[] = [];
  for (let run = 1; run <= 5; run++) cdnowRuns.push(timed(cdnowPipeline).ms);
  const cdnowMs = median(cdnowRuns);
  progress(`cdnow: ${cdnowRuns.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  report({
    name: 'cdnow_master_pipeline_ms',
    value: cdnowMs,
    unit: 'ms',
    better: 'lower',
    reference: { name: 'lifetimes', value: 500 },
    ratio: 500 / cdnowMs,
  });

  report({ name: 'peak_rss_mib', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', better: 'lower' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAnalyticsBench(
    (m) => console.log(`${m.name}: ${m.value.toFixed(3)} ${m.unit}${m.ratio ? ` (×${m.ratio.toFixed(1)} vs ${m.reference?.name})` : ''}`),
    (msg) => console.error(`… ${msg}`),
  );
}

// ---------------------------------------------------------------------------
// pipeline_1m_s: 10,000,000 raw transactions of 1,000,000 customers stored in
// PostgreSQL (loaded with COPY, not timed) → a refresh run (set-based read,
// summary, both fits, scores, RFM, cohorts, trends, diagnostics) → stored
// scores. `--scale N` sets the number of customers (10 transactions each).
// Purchases follow BG/NBD (r=1.2, α=4, a=0.8, b=8 per week, T uniform in
// 20–78 weeks, about 9 purchase days per customer); repeat times are uniform
// order statistics before the last purchase (the Poisson process given its
// count), and about one purchase in ten has a second line item the same day,
// so there are about ten rows per customer. Spends follow Gamma-Gamma.

async function copyRows(database: Database, statement: string, chunks: () => Generator<string>) {
  const client = await database.pool?.connect();
  if (!client) throw new Error('COPY needs PostgreSQL');
  try {
    await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)));
  } finally {
    client.release();
  }
}

const uuidOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export async function runPipelineBench(ctx: BenchContext): Promise<void> {
  if (ctx.db !== 'postgres') {
    ctx.progress('pipeline_1m_s runs on PostgreSQL only (COPY); skipped with --db pglite');
    return;
  }
  const customers = ctx.scale ?? 1_000_000;
  const database = await freshPostgres(ctx.databaseUrl, 'vefa_bench_analytics', 4);
  try {
    const ws = await buildWorkspace(database, 'bench-analytics', ['owner']);
    ctx.progress(`simulating ${customers.toLocaleString()} customers`);
    const sim = simulateCustomers({ customers, bgnbd: { r: 1.2, alpha: 4, a: 0.8, b: 8 }, spend: { p: 6, q: 4, gamma: 1500 }, T: [20, 78], seed: 20260102 });
    const endDay = daysFromCivil(2025, 12, 31);
    ctx.progress('COPY customers');
    await copyRows(database, 'copy customers (workspace_id, id, kind, display_name, name_key, external_id) from stdin', function* () {
      let lines: string[] = [];
      for (let i = 0; i < customers; i++) {
        lines.push(`${ws.id}\t${uuidOf(i)}\tperson\tK-${i}\tk-${i}\tK-${i}`);
        if (lines.length === 20_000) { yield `${lines.join('\n')}\n`; lines = []; }
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
    });
    ctx.progress('COPY transactions');
    let rows = 0;
    const random = createRandom(99);
    await copyRows(database, 'copy transactions (workspace_id, customer_id, occurred_at, amount_minor, currency, source, external_ref) from stdin', function* () {
      let lines: string[] = [];
      const times: number[] = [];
      for (let i = 0; i < customers; i++) {
        const T = sim.T[i] ?? 0;
        const x = sim.x[i] ?? 0;
        const tx = sim.tx[i] ?? 0;
        const firstDay = endDay - Math.floor(T * 7);
        times.length = 0;
        times.push(0);
        for (let k = 1; k < x; k++) times.push(random.uniform() * tx);
        if (x > 0) times.push(tx);
        const spend = (sim.meanSpend[i] ?? 0) > 0 ? sim.meanSpend[i] ?? 0 : 1500;
        const id = uuidOf(i);
        for (let k = 0; k < times.length; k++) {
          const day = firstDay + Math.floor((times[k] ?? 0) * 7);
          const date = dayLabel(Math.min(day, endDay));
          const items = random.uniform() < 0.1 ? 2 : 1;
          for (let item = 0; item < items; item++) {
            const amount = Math.max(1, Math.round(spend * (0.5 + random.uniform()) / items));
            lines.push(`${ws.id}\t${id}\t${date} 12:00:00+04\t${amount}\tAZN\timport\tb${rows}`);
            rows++;
          }
        }
        if (lines.length >= 50_000) {
          yield `${lines.join('\n')}\n`;
          lines = [];
          if (i % 100_000 < 6000) ctx.progress(`  ${rows.toLocaleString()} transactions`);
        }
      }
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
    });
    ctx.progress(`${rows.toLocaleString()} transactions stored; analyze`);
    await database.pool?.query('analyze transactions');
    await database.pool?.query('analyze customers');
    const actor = { ...systemActor(ws.id), name: 'bench' };
    const { run } = await startRefresh(database.db, actor, { unit: 'week', horizon: 52, clvMonths: 12, monthlyDiscountRate: 0.01, rfmBins: 5 });
    ctx.progress('refresh');
    const stages: string[] = [];
    const started = performance.now();
    let stageStart = started;
    let lastStage = '';
    const done = await performRefresh(database, ws.id, run.id, (p) => {
      if (p.stage !== lastStage) {
        const now = performance.now();
        if (lastStage) stages.push(`${lastStage} ${((now - stageStart) / 1000).toFixed(1)} s`);
        ctx.progress(`  ${p.stage}`);
        lastStage = p.stage;
        stageStart = now;
      }
    });
    const seconds = (performance.now() - started) / 1000;
    if (done.status !== 'done') throw new Error(`refresh ended ${done.status}: ${done.error}`);
    const [stored] = (await database.pool?.query<{ n: number }>('select count(*)::int as n from customer_scores where run_id = $1', [run.id]))?.rows ?? [];
    ctx.progress(`refresh: ${seconds.toFixed(1)} s (${stages.join(', ')}); ${stored?.n.toLocaleString()} scores stored; r=${done.params?.bgnbd.r.value.toFixed(4)} α=${done.params?.bgnbd.alpha.value.toFixed(3)} a=${done.params?.bgnbd.a.value.toFixed(3)} b=${done.params?.bgnbd.b.value.toFixed(3)}`);
    ctx.report({ name: 'pipeline_1m_s', value: Number(seconds.toFixed(2)), unit: 's', better: 'lower', target: '<= 60' });
    ctx.report({ name: 'pipeline_transactions', value: rows, unit: 'rows', better: 'higher' });
    ctx.report({ name: 'pipeline_customers_scored', value: stored?.n ?? 0, unit: 'customers', better: 'higher' });
  } finally {
    await database.close();
  }
}

export const analyticsBenchmark: Benchmark = {
  id: 'analytics',
  description: 'BG/NBD + Gamma-Gamma fit and scores on 1M customers, CDNOW pipeline, RFM, 10M transactions in PostgreSQL → stored scores',
  async run(ctx) {
    await runAnalyticsBench((m) => ctx.report(m), ctx.progress);
    await runPipelineBench(ctx);
  },
};
