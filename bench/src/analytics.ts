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
import {
  analyzeCustomers,
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
