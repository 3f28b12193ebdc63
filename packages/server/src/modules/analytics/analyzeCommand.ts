// `vefa analyze`: the analytics models on a transaction file, without a server
// or database. Prints the fitted parameters (a table, or the DESIGN.md JSON
// with --json) and writes the scored customers as CSV (--output).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import {
  analysisJson, analyzeCustomers, CHURN_RISK_BANDS, dayLabel, RFM_SEGMENTS, rfmScores, summariseTransactions, type TransactionColumns as DomainColumns,
} from '@vefa/domain';
import type { TransactionColumns } from '@vefa/contract';
import type { CliCommand } from '../../cli/commands.ts';
import { progressBar } from '../../cli/progressBar.ts';
import { detectFormat, fileText, parseTransactionDate, readTransactionRow, readTransactionRows, resolveColumns, type LineError } from './transactionFile.ts';

const USAGE = 'analyze --input <file.csv> [--until YYYY-MM-DD] [--unit day|week] [--horizon N] [--json] [--output scored.csv]\n'
  + '         [--customer-column c --date-column d --amount-column a]   fit BG/NBD, Gamma-Gamma, CLV and RFM on a file, no server needed';

/** Amounts are read in the file's major units and fitted in minor units; money in the output is back in major units. */
const MINOR = 100;

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({ args, options: {
      input: { type: 'string' }, until: { type: 'string' }, unit: { type: 'string', default: 'week' }, horizon: { type: 'string' },
      json: { type: 'boolean', default: false }, output: { type: 'string' }, 'customer-column': { type: 'string' },
      'date-column': { type: 'string' }, 'amount-column': { type: 'string' }, 'clv-months': { type: 'string', default: '12' },
      'discount-rate': { type: 'string', default: '0.01' },
    } });
    if (!values.input) throw new Error(`Give the transaction file: vefa ${USAGE.split('\n')[0]}`);
    const unit = values.unit === 'day' ? 'day' : values.unit === 'week' ? 'week' : null;
    if (!unit) throw new Error(`--unit must be day or week, not ${values.unit}`);
    const horizon = values.horizon === undefined ? (unit === 'week' ? 52 : 365) : Number(values.horizon);
    if (!(Number.isFinite(horizon) && horizon > 0)) throw new Error(`--horizon must be a positive number of ${unit}s, not ${values.horizon}`);
    const clvMonths = Number(values['clv-months']);
    const discount = Number(values['discount-rate']);
    if (!(Number.isInteger(clvMonths) && clvMonths > 0)) throw new Error('--clv-months must be a positive whole number');
    if (!(Number.isFinite(discount) && discount >= 0)) throw new Error('--discount-rate must be a non-negative number, e.g. 0.01 a month');
    let until: number | undefined;
    if (values.until !== undefined) {
      const parsed = parseTransactionDate(values.until);
      if (!parsed || parsed.instant) throw new Error(`--until must be a date YYYY-MM-DD, not ${values.until}`);
      until = parsed.day;
    }

    const bytes = new Uint8Array(fs.readFileSync(values.input));
    if (bytes.byteLength === 0) throw new Error(`${values.input} is empty: no transactions to analyse`);
    const format = detectFormat(fileText(bytes.subarray(0, 64 * 1024)));
    const lines = countLines(bytes);
    const bar = progressBar('reading');
    const log = await readLog(bytes, format, {
      ...(values['customer-column'] ? { customer: values['customer-column'] } : {}),
      ...(values['date-column'] ? { date: values['date-column'] } : {}),
      ...(values['amount-column'] ? { amount: values['amount-column'] } : {}),
    }, (done) => bar.update(done, lines));
    bar.update(lines, lines);
    bar.stop();
    for (const e of log.errors.slice(0, 20)) process.stderr.write(`line ${e.line}, ${e.column} = "${e.value}": expected ${e.expected}\n`);
    if (log.failed > 20) process.stderr.write(`… ${log.failed - 20} more lines with errors\n`);
    if (log.failed > 0) process.stderr.write(`${log.failed} of ${log.failed + log.customers.length} rows skipped\n`);
    if (log.customers.length === 0) throw new Error('No valid transactions in the file');

    process.stderr.write('fitting BG/NBD and Gamma-Gamma…\n');
    const summary = summariseTransactions(log, { ...(until !== undefined ? { until } : {}), unit });
    if (summary.x.length === 0) throw new Error(`No customer has a purchase on or before ${dayLabel(summary.until)}`);
    if (!summary.x.some((x) => x > 0)) throw new Error('No customer has bought twice: the models need repeat purchases');
    const analysis = analyzeCustomers(summary, { unit, horizon, clvMonths, monthlyDiscountRate: discount });
    const json = analysisJson(analysis, summary.x.length);
    // Money parameters in the file's own units (γ scales with money; p and q do not).
    const output = { ...json, gammaGamma: { ...json.gammaGamma, gamma: json.gammaGamma.gamma / MINOR } };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(output)}\n`);
    } else {
      const se = analysis.bgnbd.standardErrors;
      const gse = analysis.gammaGamma.standardErrors;
      const row = (name: string, value: number, error: number) => `  ${name.padEnd(8)} ${fmt(value).padStart(14)}   ± ${fmt(error)}\n`;
      process.stdout.write(`${summary.x.length} customers (${summary.excluded} without a purchase by ${dayLabel(summary.until)}), time in ${unit}s, calibration end ${dayLabel(summary.until)}\n`);
      process.stdout.write(`BG/NBD (log-likelihood ${analysis.bgnbd.logLikelihood.toFixed(4)}${analysis.bgnbd.converged ? '' : ', NOT converged'})\n`);
      process.stdout.write(row('r', output.bgnbd.r, se.r) + row('alpha', output.bgnbd.alpha, se.alpha) + row('a', output.bgnbd.a, se.a) + row('b', output.bgnbd.b, se.b));
      process.stdout.write(`Gamma-Gamma (${analysis.gammaGamma.customers} customers with repeat purchases)\n`);
      process.stdout.write(row('p', output.gammaGamma.p, gse.p) + row('q', output.gammaGamma.q, gse.q) + row('gamma', output.gammaGamma.gamma, gse.gamma / MINOR));
      process.stdout.write(`Churn risk: ${analysis.churnCounts.low} low, ${analysis.churnCounts.medium} medium, ${analysis.churnCounts.high} high\n`);
    }
    if (values.output) {
      writeScored(values.output, log.ids, summary, analysis, horizon);
      process.stderr.write(`scored customers written to ${values.output}\n`);
    }
    return 0;
  },
};

function fmt(v: number) {
  return Number.isFinite(v) ? v.toPrecision(6) : 'n/a';
}

function countLines(bytes: Uint8Array) {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) n++;
  return Math.max(1, n);
}

interface Log extends DomainColumns { customers: Int32Array; days: Float64Array; amounts: Float64Array; ids: string[]; errors: LineError[]; failed: number }

async function readLog(bytes: Uint8Array, format: 'csv' | 'spaces', requested: TransactionColumns, onProgress: (line: number) => void): Promise<Log> {
  let columns: TransactionColumns | null = null;
  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  const customers: number[] = [];
  const days: number[] = [];
  const amounts: number[] = [];
  const errors: LineError[] = [];
  let failed = 0;
  let count = 0;
  for await (const raw of readTransactionRows(bytes, format)) {
    if (!columns) {
      const resolved = resolveColumns(requested, Object.keys(raw.values));
      const problem = resolved.problems[0];
      if (problem) throw new Error(`${problem.message} (use --${problem.field}-column)`);
      columns = { customer: resolved.columns.customer, date: resolved.columns.date, amount: resolved.columns.amount };
    }
    // Currencies are not mixed in a file given to the CLI: the currency column, if any, is not read.
    const { row, errors: rowErrors } = readTransactionRow(raw, columns, 'ANY');
    if (!row) {
      failed++;
      for (const e of rowErrors) if (errors.length < 1000) errors.push(e);
    } else {
      let k = indexOf.get(row.customer);
      if (k === undefined) { k = ids.length; indexOf.set(row.customer, k); ids.push(row.customer); }
      customers.push(k);
      days.push(row.date.day);
      amounts.push(row.amountMinor);
    }
    if (++count % 10_000 === 0) onProgress(raw.line);
  }
  if (!columns) throw new Error('The file has a header but no transactions');
  return { customers: Int32Array.from(customers), days: Float64Array.from(days), amounts: Float64Array.from(amounts), ids, errors, failed };
}

function writeScored(file: string, ids: string[], summary: ReturnType<typeof summariseTransactions>, analysis: ReturnType<typeof analyzeCustomers>, horizon: number) {
  const n = summary.x.length;
  const recencyDays = new Float64Array(n);
  const frequency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recencyDays[i] = summary.until - (summary.lastDay[i] ?? summary.until);
    frequency[i] = (summary.x[i] ?? 0) + 1;
  }
  const rfm = rfmScores({ recencyDays, frequency, monetary: summary.totalSpend });
  const money = (v: number) => (Number.isFinite(v) ? (v / MINOR).toFixed(2) : '0.00');
  const num = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(8)) : 0);
  const records: (string | number)[][] = [[
    'customer_id', 'frequency', 'recency', 'T', 'monetary_value', 'total_spend', 'first_purchase', 'last_purchase', 'p_alive',
    `expected_purchases_${horizon}`, 'expected_average_spend', 'clv', 'churn_risk', 'rfm_r', 'rfm_f', 'rfm_m', 'rfm_segment',
  ]];
  for (let i = 0; i < n; i++) {
    records.push([
      ids[Number(summary.ids[i])] ?? '', summary.x[i] ?? 0, num(summary.tx[i] ?? 0), num(summary.T[i] ?? 0), money(summary.meanSpend[i] ?? 0),
      money(summary.totalSpend[i] ?? 0), dayLabel(summary.firstDay[i] ?? 0), dayLabel(summary.lastDay[i] ?? 0), num(analysis.pAlive[i] ?? 0),
      num(analysis.expectedPurchases[i] ?? 0), money(analysis.expectedSpend[i] ?? 0), money(analysis.clv[i] ?? 0),
      CHURN_RISK_BANDS[analysis.churnBand[i] ?? 2] ?? 'high', rfm.r[i] ?? 1, rfm.f[i] ?? 1, rfm.m[i] ?? 1, RFM_SEGMENTS[rfm.segment[i] ?? 0] ?? 'lost',
    ]);
  }
  fs.writeFileSync(file, stringify(records));
}
