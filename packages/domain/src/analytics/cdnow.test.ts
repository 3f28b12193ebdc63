// Checks against the CDNOW benchmark data (Fader & Hardie; files copied from lifetimes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCustomers } from './analyze.ts';
import { fitBgNbd } from './bgnbdFit.ts';
import { daysFromCivil } from './calendar.ts';
import { parseCdnowMaster } from './cdnowMaster.ts';
import { fitGammaGamma } from './gammaGammaFit.ts';
import { groupTriples } from './groupTriples.ts';
import { summariseTransactions } from './summary.ts';

// The repository's clone sits beside shared/.
const dataFile = (name: string) => new URL(`../../../../../shared/data/cdnow/${name}`, import.meta.url);

function readSummary() {
  const lines = readFileSync(dataFile('cdnow_customers_summary_with_transactions.csv'), 'utf8').trim().split('\n').slice(1);
  const n = lines.length;
  const rows = { id: new Float64Array(n), x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), meanSpend: new Float64Array(n) };
  lines.forEach((line, i) => {
    const [id, x, tx, T, zbar] = line.split(',').map(Number);
    rows.id[i] = id ?? 0;
    rows.x[i] = x ?? 0;
    rows.tx[i] = tx ?? 0;
    rows.T[i] = T ?? 0;
    rows.meanSpend[i] = zbar ?? 0;
  });
  return rows;
}

describe('CDNOW', () => {
  it('BG/NBD reproduces the published estimates (lifetimes: r=0.2426, α=4.4136, a=0.7929, b=2.4259)', () => {
    const fit = fitBgNbd(groupTriples(readSummary()));
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.2426, 4);
    expect(fit.params.alpha).toBeCloseTo(4.4136, 3);
    expect(fit.params.a).toBeCloseTo(0.7929, 4);
    expect(fit.params.b).toBeCloseTo(2.4259, 3);
    // Fader, Hardie & Lee (2005) report LL = −9582.4.
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.customers).toBe(2357);
    for (const se of Object.values(fit.standardErrors)) expect(se > 0 && Number.isFinite(se)).toBe(true);
  });

  it('Gamma-Gamma reproduces the published estimates (lifetimes: p=6.2488, q=3.7447, v=15.4471)', () => {
    const fit = fitGammaGamma(readSummary());
    expect(fit.converged).toBe(true);
    expect(fit.params.p).toBeCloseTo(6.2488, 3);
    expect(fit.params.q).toBeCloseTo(3.7447, 3);
    expect(fit.params.gamma).toBeCloseTo(15.4471, 2);
    expect(fit.customers).toBe(946);
    expect(fit.excluded).toBe(2357 - 946);
  });

  it('the summary rules rebuild the published summary from CDNOW_sample.txt', () => {
    const lines = readFileSync(dataFile('CDNOW_sample.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const customers: number[] = [];
    const days: number[] = [];
    const amounts: number[] = [];
    for (const line of lines) {
      const [, sampleId, date, , dollars] = line.trim().split(/ +/);
      const ymd = Number(date);
      customers.push(Number(sampleId));
      days.push(daysFromCivil(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100, ymd % 100));
      amounts.push(Math.round(Number(dollars) * 100));
    }
    const summary = summariseTransactions({ customers, days, amounts }, { until: daysFromCivil(1997, 9, 30), unit: 'week' });
    const published = readSummary();
    // lifetimes counts $0.00 days as purchases; Vefa's rule does not. The sample's
    // eight $0.00 rows are each a customer's only transaction, so exactly those
    // customers are excluded and every other row must match.
    expect(summary.ids.length).toBe(2357 - 8);
    expect(summary.excluded).toBe(8);
    const row = new Map(summary.ids.map((id, k) => [id, k]));
    for (let i = 0; i < published.id.length; i++) {
      const k = row.get(published.id[i] ?? 0);
      if (k === undefined) {
        expect(published.x[i]).toBe(0);
        continue;
      }
      expect(summary.x[k]).toBe(published.x[i]);
      expect(Math.abs((summary.tx[k] ?? 0) - (published.tx[i] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((summary.T[k] ?? 0) - (published.T[i] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9);
      // zbar is dollars rounded to cents; ours is in cents.
      expect(Math.abs((summary.meanSpend[k] ?? 0) / 100 - (published.meanSpend[i] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('parses CDNOW_master.txt: 23,570 customers and $2,500,315.63', () => {
    const log = parseCdnowMaster(readFileSync(dataFile('CDNOW_master.txt'), 'utf8'));
    expect(log.customers.length).toBe(69_659);
    expect(new Set(log.customers).size).toBe(23_570);
    expect(log.amounts.reduce((s, a) => s + a, 0)).toBe(250_031_563);
    expect(log.cds.reduce((s, c) => s + c, 0)).toBe(167_881);
    expect(log.days[0]).toBe(daysFromCivil(1997, 1, 1));
  });

  it('runs the whole pipeline on the master log without NaN', () => {
    const log = parseCdnowMaster(readFileSync(dataFile('CDNOW_master.txt'), 'utf8'));
    const summary = summariseTransactions(log, { until: daysFromCivil(1997, 9, 30), unit: 'week' });
    const analysis = analyzeCustomers(summary);
    expect(summary.x.length + summary.excluded).toBe(23_570);
    expect(analysis.bgnbd.converged && analysis.gammaGamma.converged).toBe(true);
    for (const values of [analysis.pAlive, analysis.expectedPurchases, analysis.clv, analysis.expectedSpend]) {
      expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    }
  });
});
