// The HTTP load every server benchmark drives: fetch over keep-alive from this process.

/** Closed loop: each client sends its next request when the last one answered; p99 over all of them. */
export async function load(base: string, cookie: string, paths: string[], seconds: number, connections: number) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const p = paths[next++ % paths.length] ?? '/';
      const started = performance.now();
      try {
        const response = await fetch(base + p, { headers: { cookie } });
        await response.arrayBuffer();
        if (!response.ok) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0).toFixed(1));
  return { p50: at(0.5), p99: at(0.99), rps: Math.round(latencies.length / seconds), errors };
}
