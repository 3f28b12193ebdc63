import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One figure of a benchmark, with the reference it is compared with when one exists. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  reference?: { name: string; value: number };
  ratio?: number;
  target?: string;
}

export interface BenchContext {
  db: 'postgres' | 'pglite';
  databaseUrl: string;
  scale: number | null;
  report(metric: Metric): void;
  progress(message: string): void;
}

export interface Benchmark {
  id: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}

/** ratio > 1 always means "better than the reference", whichever direction is better. */
export function ratioOf(value: number, reference: number, better: 'higher' | 'lower') {
  if (value === 0 || reference === 0) return 0;
  return Number((better === 'higher' ? value / reference : reference / value).toFixed(3));
}

export function writeResults(id: string, metrics: Metric[], extra: Record<string, unknown> = {}) {
  const file = path.resolve(import.meta.dirname, '../results', `${id}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const result = {
    id, date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    ...extra, metrics,
  };
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function printTable(id: string, metrics: Metric[]) {
  const rows = metrics.map((m) => [m.name, `${m.value} ${m.unit}`, m.reference ? `${m.reference.name} = ${m.reference.value}` : '', m.ratio !== undefined ? `×${m.ratio}` : '', m.target ?? '']);
  const header = ['metric', 'value', 'reference', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`\n${id}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}
