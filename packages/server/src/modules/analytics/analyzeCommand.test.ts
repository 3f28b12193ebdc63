import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCustomers, daysFromCivil, parseCdnowMaster, summariseTransactions } from '@vefa/domain';

const BIN = path.resolve(import.meta.dirname, '../../../bin/vefa.mjs');
const MASTER = path.resolve(import.meta.dirname, '../../../../../../shared/data/cdnow/CDNOW_master.txt');

function vefa(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', VEFA_DATA_DIR: '/nonexistent/no-database-needed' } });
}

const sig4 = (actual: number, expected: number) => expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(5e-5);

describe('vefa analyze', () => {
  it('fits the CDNOW master file as it is, without a server, and prints the DESIGN.md JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vefa-analyze-'));
    const out = path.join(dir, 'scored.csv');
    const run = vefa('analyze', '--input', MASTER, '--until', '1997-09-30', '--json', '--output', out);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['customers', 'bgnbd', 'gammaGamma']);
    expect(Object.keys(json.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    expect(Object.keys(json.gammaGamma)).toEqual(['p', 'q', 'gamma']);
    const log = parseCdnowMaster(readFileSync(MASTER, 'utf8'));
    const summary = summariseTransactions(log, { until: daysFromCivil(1997, 9, 30), unit: 'week' });
    const expected = analyzeCustomers(summary);
    expect(json.customers).toBe(23_500);
    sig4(json.bgnbd.r, expected.bgnbd.params.r);
    sig4(json.bgnbd.alpha, expected.bgnbd.params.alpha);
    sig4(json.bgnbd.a, expected.bgnbd.params.a);
    sig4(json.bgnbd.b, expected.bgnbd.params.b);
    sig4(json.bgnbd.logLikelihood, expected.bgnbd.logLikelihood);
    sig4(json.gammaGamma.p, expected.gammaGamma.params.p);
    sig4(json.gammaGamma.q, expected.gammaGamma.params.q);
    // γ is printed in the file's money unit (dollars); the domain fits in cents.
    sig4(json.gammaGamma.gamma, expected.gammaGamma.params.gamma / 100);
    sig4(json.bgnbd.r, 0.2527368);
    expect(run.stderr).toContain('reading');
    const scored = readFileSync(out, 'utf8').trim().split('\n');
    expect(scored).toHaveLength(23_501);
    expect(scored[0]).toMatch(/^customer_id,frequency,recency,T,monetary_value,total_spend,first_purchase,last_purchase,p_alive,expected_purchases_52,/);
    expect(scored.join('\n')).not.toMatch(/NaN|Infinity/);
  });

  it('prints a table by default and explains bad lines on stderr', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vefa-analyze-'));
    const file = path.join(dir, 'sales.csv');
    const rows = ['client;day;total', 'A;2024-01-01;10,00', 'A;2024-02-01;12,00', 'B;2024-01-05;5', 'B;2024-03-09;8', 'C;2024-13-01;5', 'C;20240110;-2', 'D;2024-01-20;7'];
    for (let i = 0; i < 40; i++) rows.push(`E${i};2024-01-${String(1 + (i % 28)).padStart(2, '0')};${3 + (i % 5)}`, `E${i};2024-04-${String(1 + (i % 27)).padStart(2, '0')};${4 + (i % 3)}`);
    writeFileSync(file, rows.join('\n'));
    const run = vefa('analyze', '--input', file, '--customer-column', 'client', '--date-column', 'day', '--amount-column', 'total', '--unit', 'day', '--horizon', '90');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/BG\/NBD \(log-likelihood -?\d/);
    expect(run.stdout).toMatch(/\n {2}alpha +\d/);
    expect(run.stderr).toContain('line 6, day = "2024-13-01": expected a date');
    expect(run.stdout).not.toContain('NaN');
  });

  it('says what is wrong with an empty file or a missing column', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vefa-analyze-'));
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(vefa('analyze', '--input', empty).stderr).toContain('is empty');
    const wrong = path.join(dir, 'wrong.csv');
    writeFileSync(wrong, 'who,when,what\nA,2024-01-01,1\n');
    const run = vefa('analyze', '--input', wrong);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Name the customer column; the file has: who, when, what/);
  });
});
