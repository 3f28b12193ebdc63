import { defineConfig } from 'vitest/config';

// Three suites share this file; scripts/test.mjs picks one with VEFA_SUITE.
//   unit  — pure code, no database          (*.test.ts, not *.db.test.ts)
//   db    — through the real database       (*.db.test.ts), run on PGlite and PostgreSQL
//   e2e   — a real browser against a real server (e2e/**/*.e2e.test.ts)
const suite = process.env.VEFA_SUITE ?? 'unit';
const include = {
  unit: ['packages/*/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
  db: ['packages/*/src/**/*.db.test.ts'],
  e2e: ['e2e/**/*.e2e.test.ts'],
}[suite] ?? [];
const exclude = suite === 'unit' ? ['**/*.db.test.ts', '**/node_modules/**'] : ['**/node_modules/**'];

export default defineConfig({
  test: {
    include,
    exclude,
    testTimeout: suite === 'unit' ? 60_000 : 120_000,
    hookTimeout: 180_000,
    // Database suites share one server database; files run one at a time there.
    fileParallelism: suite === 'unit',
    pool: 'forks',
  },
});
