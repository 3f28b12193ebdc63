import { parseArgs } from 'node:util';
import { printTable, writeResults, type Benchmark, type Metric } from './report.ts';
import { customersBenchmark } from './customers.ts';
import { BENCHMARKS_EXTRA } from './registry.ts';

const BENCHMARKS: Benchmark[] = [customersBenchmark, ...BENCHMARKS_EXTRA];

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: {
    list: { type: 'boolean' }, db: { type: 'string', default: 'postgres' }, scale: { type: 'string' },
  } });
  if (values.list || positionals.length === 0) {
    for (const b of BENCHMARKS) process.stdout.write(`${b.id.padEnd(12)} ${b.description}\n`);
    return;
  }
  const ids = positionals[0] === 'all' ? BENCHMARKS.map((b) => b.id) : positionals;
  for (const id of ids) {
    const bench = BENCHMARKS.find((b) => b.id === id);
    if (!bench) throw new Error(`Unknown benchmark ${id}; see npm run bench -- --list`);
    const metrics: Metric[] = [];
    const db = values.db === 'pglite' ? 'pglite' : 'postgres';
    const started = Date.now();
    await bench.run({
      db,
      databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      scale: values.scale ? Number(values.scale) : null,
      report: (m) => { metrics.push(m); process.stderr.write(`  ${m.name} = ${m.value} ${m.unit}${m.ratio !== undefined ? ` (×${m.ratio} vs ${m.reference?.name})` : ''}\n`); },
      progress: (message) => process.stderr.write(`[${id} ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`),
    });
    const file = writeResults(db === 'pglite' ? `${id}.pglite` : id, metrics, { db });
    printTable(id, metrics);
    process.stdout.write(`written to ${file}\n`);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
