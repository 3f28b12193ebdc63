// The HTTP load every server benchmark drives: autocannon over loopback keep-alive connections.
// fetch() in a loop spent more CPU per request than the server did, on the same two cores.
import autocannon from 'autocannon';

export interface LoadResult { p50: number; p99: number; rps: number; errors: number }

/**
 * Closed loop: each connection sends its next request when the last one answered, walking
 * `paths` round-robin across all connections. With `rate`, the whole run is held to that many
 * requests per second instead (an open-loop target such as "at 300 requests/s").
 */
export async function load(base: string, cookie: string, paths: string[], seconds: number, connections: number, rate?: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    headers: { cookie },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] ?? '/' }) }],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.total / seconds),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
