/**
 * Load generator for bench/web.bench.ts, run in its own process (`node --import tsx
 * bench/web-load.ts '<json>'`) so the clients' work does not share the server's event loop.
 *
 * Drives one GET URL with autocannon (`connections` concurrent keep-alive clients for `seconds`)
 * With `vary`, every request asks for a range nobody asked before (its `from` moved by one more
 * second each time), so none is answered from the server's cache;
 * and prints one JSON line: latency percentiles computed from every response time (autocannon's
 * own summary has no 95th percentile), requests/s, and everything that was not a 2xx answer.
 */
import autocannon from 'autocannon';

interface LoadInput {
  url: string;
  cookie: string;
  connections: number;
  seconds: number;
  /** Move the query's `from` by 1 s more on every request (never the same trend twice). */
  vary?: boolean;
}

/** Nearest-rank percentile of sorted values. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
const times: number[] = [];
const target = new URL(input.url);
const from0 = Date.parse(target.searchParams.get('from') ?? '');
let sent = 0;
/** The path of the next request: the same trend, its range starting one more second later. */
function nextPath(): string {
  const u = new URL(target);
  u.searchParams.set('from', new Date(from0 + ++sent * 1000).toISOString());
  return u.pathname + u.search;
}
const instance = autocannon(
  {
    url: input.url,
    connections: input.connections,
    duration: input.seconds,
    // A request waiting behind 49 others may take seconds; count it as slow, not as failed.
    timeout: 60,
    headers: { cookie: input.cookie },
    ...(input.vary && Number.isFinite(from0) ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: nextPath() }) }] } : {}),
  },
  (err, r) => {
    if (err) throw err;
    const s = [...times].sort((a, b) => a - b);
    process.stdout.write(
      JSON.stringify({
        ok: s.length,
        p50: s.length ? pct(s, 50) : null,
        p95: s.length ? pct(s, 95) : null,
        p99: s.length ? pct(s, 99) : null,
        max: s.length ? s[s.length - 1] : null,
        rps: s.length / r.duration,
        seconds: r.duration,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        bytesPerAnswer: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : null,
      }) + '\n',
    );
  },
);
instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
  if (status >= 200 && status < 300) times.push(ms);
});
