import type { BenchContext } from './report.ts';

/**
 * Runs one part of a benchmark on its own from the command line
 * (`npx tsx bench/src/<file>.ts [scale] [pglite]`), printing each figure as it comes.
 */
export function runStandalone(run: (ctx: BenchContext) => Promise<void>) {
  const started = Date.now();
  run({
    db: process.argv[3] === 'pglite' ? 'pglite' : 'postgres',
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    scale: process.argv[2] ? Number(process.argv[2]) : null,
    report: (m) => process.stdout.write(`${m.name} = ${m.value} ${m.unit}${m.target ? ` (target ${m.target})` : ''}\n`),
    progress: (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`),
  }).then(() => process.exit(0), (error: unknown) => { process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`); process.exit(1); });
}
