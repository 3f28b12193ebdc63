#!/usr/bin/env node
// `npm test`: every suite, on both databases, then one closing line
// "N passed, N failed[, N skipped]" that CI reads.
//   1. typecheck of every package (one test per package)
//   2. unit      — pure code (vitest)
//   3. db        — every route and service through HTTP on embedded PGlite
//   4. db        — the same on the PostgreSQL server (DATABASE_URL or 127.0.0.1:5432/test)
//   5. e2e       — Chromium driving the built web app against a real server
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

function step(name, fn) {
  if (only.length && !only.includes(name)) return;
  process.stdout.write(`\n=== ${name} ===\n`);
  fn();
}

function vitest(name, env) {
  const out = path.join(os.tmpdir(), `vefa-vitest-${name}-${process.pid}.json`);
  const result = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  if (!fs.existsSync(out)) {
    totals.failed++;
    failures.push(`${name}: vitest did not run (exit ${result.status})`);
    return;
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A file that fails to load, or whose setup fails (its tests then count as skipped), has no failed
  // test to count; count the file.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
  totals.failed += brokenFiles.length;
  if (report.numFailedTests || brokenFiles.length) failures.push(`${name}: ${report.numFailedTests} failed tests, ${brokenFiles.length} broken files`);
}

function ensureChromium() {
  const chromium = process.env.VEFA_CHROMIUM ?? '/usr/bin/chromium';
  if (fs.existsSync(chromium)) return true;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    process.stdout.write('Chromium is missing: installing Debian\'s chromium package…\n');
    run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
  }
  return fs.existsSync(chromium);
}

step('typecheck', () => {
  for (const project of ['packages/domain', 'packages/contract', 'packages/server', 'packages/web', 'bench', 'e2e']) {
    const result = run('npx', ['tsc', '-p', project, '--noEmit']);
    if (result.status === 0) totals.passed++;
    else { totals.failed++; failures.push(`typecheck ${project}`); }
  }
});
step('unit', () => vitest('unit', { VEFA_SUITE: 'unit' }));
step('pglite', () => vitest('pglite', { VEFA_SUITE: 'db', VEFA_TEST_DB: 'pglite' }));
step('postgres', () => vitest('postgres', { VEFA_SUITE: 'db', VEFA_TEST_DB: 'postgres', VEFA_TEST_PG_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' }));
step('e2e', () => {
  if (!ensureChromium()) {
    totals.failed++;
    failures.push('e2e: Chromium not found at /usr/bin/chromium (apt-get install -y chromium)');
    return;
  }
  const build = run('npm', ['run', 'build', '--silent']);
  if (build.status !== 0) { totals.failed++; failures.push('e2e: web build failed'); return; }
  vitest('e2e', { VEFA_SUITE: 'e2e' });
});

if (failures.length) process.stdout.write(`\nFailures:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
