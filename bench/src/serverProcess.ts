// A real `vefa serve` in its own process for the HTTP benchmarks: the load generator then
// never shares the server's event loop, and what is measured is what a client over a socket sees.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export async function startServerProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const bin = path.resolve(import.meta.dirname, '../../packages/server/bin/vefa.mjs');
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--role', 'api', '--no-demo'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', VEFA_RATE_LIMIT_PER_MINUTE: '100000000' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

/** Stops the server; one still draining a queue of slow requests must not outlive the benchmark. */
export async function stopServerProcess(server: ChildProcess) {
  server.kill('SIGTERM');
  const killer = setTimeout(() => server.kill('SIGKILL'), 5000);
  if (server.exitCode === null && server.signalCode === null) await new Promise((resolve) => server.once('exit', resolve));
  clearTimeout(killer);
}

export function rssMibOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}
