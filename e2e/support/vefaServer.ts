import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '@vefa/server/test/freePort';

const BIN = path.resolve(import.meta.dirname, '../../packages/server/bin/vefa.mjs');

/** A real `vefa serve` on a free port with its own PGlite folder, as a newcomer would start it. */
export async function startVefa(extraEnv: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vefa-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    env: { ...process.env, VEFA_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', VEFA_PUBLIC_URL: url, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => { output += String(d); });
  child.stderr?.on('data', (d) => { output += String(d); });
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`vefa serve exited: ${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok && output.includes('Vefa is running')) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
