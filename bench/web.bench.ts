/**
 * Benchmark: the workbench over HTTP and in the browser, on a trend of 30 M samples.
 *
 * Synthetic store in a temporary DuckDB file (one site, one dryer, one tag of 30 M 1-s samples,
 * 347 days, written in (tag, time) order as imports write them; the signal formula is the one of
 * bench/trend.bench.ts), then its trend levels (built by SQL-written samples' rebuild, as an
 * import would). Then, in order:
 *  (c) the library alone: trend(whole range, width 1600) called directly, median of 3 (M4 from
 *      the trend levels); the store is then closed and the real server started on it
 *      (`startServer`); the same request over HTTP from one client, median of 3 not in the
 *      server's result cache (widths 1601…1603), then median of 7 answered from the cache;
 *  (a) first paint in headless Chromium: page.goto of /trend?tags&from&to (already logged in by
 *      cookie) until the line's SVG path is drawn; a first page (cold), then median of 5, each in a
 *      new page; then first paint not answered from the server's cache: 5 pages whose range
 *      starts 1, 2, … s later (a link nobody has opened yet), median of 5;
 *  (b) 50 concurrent clients (autocannon in its own process, bench/web-load.ts) on
 *      GET /api/trend?…&width=1600 for 15 s (the link everyone opens: answered from the cache),
 *      then the same with every request for a new range (its `from` one more second on), so the
 *      server computes each one (M4 from the trend levels), against a baseline of GET /api/session (the same session lookup, a tiny answer) for 10 s:
 *      p50/p95/p99 latency and requests/s;
 *  (d) cold start of `node dist/cli/main.js serve` on the small demo network: spawn until the first
 *      answer of /api/health, then of POST /api/session (a login); median of 3 after a first run
 *      that also creates the administrator.
 * Needs `npm run build` (dist/cli and dist/web) and Chromium (test/support/browser.ts); says what
 * it skips otherwise.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/cli/serve.js';
import { trend } from '../src/context/trend.js';
import { createUser } from '../src/server/auth/users.js';
import { Store } from '../src/store/store.js';
import { rebuildTrendLevels } from '../src/store/trend-levels.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM } from '../test/support/browser.js';
import { smallDemoStore } from '../test/support/demo-store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
/** Samples of the tag; BENCH_WEB_SAMPLES overrides it for a quick check of the benchmark itself. */
const N = Number(process.env.BENCH_WEB_SAMPLES ?? 30_000_000);
const TAG = 'DRY1.product_temp';
const FROM = new Date('2024-01-01T00:00:00Z');
const TO = new Date(FROM.getTime() + N * 1000);
const PASSWORD = 'benchmark password 1';
/** Runs of the uncached measurements (each is a full M4 over 30 M samples). */
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const say = (s: string) => process.stdout.write(s + '\n');

async function build(store: Store): Promise<void> {
  await store.run(`INSERT INTO sites (site, name, timezone) VALUES ('LJU', 'Ljubljana', 'Europe/Ljubljana')`);
  await store.run(`INSERT INTO equipment (equipment, site, class, name) VALUES ('DRY1', 'LJU', 'dryer', 'Fluid-bed dryer 1')`);
  await store.run(`INSERT INTO tags (tag, equipment, unit) VALUES ($1, 'DRY1', 'degC')`, [TAG]);
  await store.run(
    `INSERT INTO samples (tag, time, value, quality)
     SELECT $1, $2::TIMESTAMPTZ + to_seconds(i), 50 + 20 * sin(i / 86400.0 + 1) + 5 * sin(i / 611.0) + (hash(i, 1) % 1000) / 250.0,
       CASE WHEN hash(i, 1, 3) % 1000 = 0 THEN 2 ELSE 0 END
     FROM range(${N}) r(i)`,
    [TAG, FROM.toISOString()],
  );
}

/** Logs in over HTTP and returns the session cookie. */
async function login(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(base + 'api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

/** Runs bench/web-load.ts in its own process; resolves with its stdout. */
function runLoad(input: { url: string; cookie: string; connections: number; seconds: number; vary?: boolean }): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'web-load.ts'), JSON.stringify(input)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.once('exit', (code) => (code === 0 ? resolve({ stdout }) : reject(new Error(`load generator failed (${code}): ${stderr}`))));
  });
}

interface Load { ok: number; p50: number; p95: number; p99: number; max: number; rps: number; seconds: number; non2xx: number; errors: number; timeouts: number; bytesPerAnswer: number }

function loadResult(stdout: string): Load {
  const l = JSON.parse(stdout.trim().split('\n').pop()!) as Load;
  if (l.ok === 0) throw new Error(`no answer under load: ${stdout}`);
  return l;
}

const freePort = () => 21_000 + Math.floor(Math.random() * 4000);

export default async function run(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist', 'web', 'index.html')) || !existsSync(CLI)) {
    say('dist/cli or dist/web missing: run npm run build first; skipping the workbench benchmark');
    return;
  }
  say(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-web-'));
  const db = path.join(dir, 'web.duckdb');
  const query = `tags=${encodeURIComponent(TAG)}&from=${FROM.toISOString()}&to=${TO.toISOString()}`;
  try {
    // ---- build, and (c) the library call alone
    const store = await Store.open(db);
    let t = performance.now();
    await build(store);
    say(`built ${Number(await store.value('SELECT count(*) FROM samples')) / 1e6} M samples of ${TAG} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await rebuildTrendLevels(store);
    say(`trend levels built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await createUser(store, { user: 'bench', reason: 'benchmark fixture' }, { username: 'bench', role: 'viewer', password: PASSWORD });
    const opts = { tags: [TAG], from: FROM, to: TO, width: 1600 };
    const lib: number[] = [];
    let points = 0;
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      points = (await trend(store, opts)).series[0]!.time.length;
      lib.push(performance.now() - t);
    }
    say(`(c) library trend(), ${N / 1e6} M samples → ${points} points: median ${median(lib).toFixed(0)} ms (runs ${ms(lib)})`);
    store.close();

    process.env.CAUSEWAY_ADMIN_PASSWORD ??= PASSWORD;
    const server = await startServer({ db, port: freePort(), host: '127.0.0.1', quiet: true });
    try {
      const cookie = await login(server.url, 'bench', PASSWORD);
      const api = `${server.url}api/trend?${query}&width=1600`;
      const get = async (url: string) => {
        const r = await fetch(url, { headers: { cookie } });
        if (r.status !== 200) throw new Error(`GET /api/trend: ${r.status} ${await r.text()}`);
        return r.text();
      };
      // Not in the cache: a width no request has used yet (1601, 1602, …) makes each one compute.
      const miss: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        t = performance.now();
        await get(`${server.url}api/trend?${query}&width=${1601 + i}`);
        miss.push(performance.now() - t);
      }
      say(`(c) GET /api/trend, one client, not cached: median ${median(miss).toFixed(0)} ms (runs ${ms(miss)}); ratio API / library ${(median(miss) / median(lib)).toFixed(2)}`);
      t = performance.now();
      const bytes = (await get(api)).length;
      const first = performance.now() - t;
      const hit: number[] = [];
      for (let i = 0; i < 7; i++) {
        t = performance.now();
        await get(api);
        hit.push(performance.now() - t);
      }
      say(`(c) GET /api/trend, one client, answered from the cache: median ${median(hit).toFixed(1)} ms (runs ${hit.map((x) => x.toFixed(1)).join(', ')}; ` +
        `the first request, which computed it: ${first.toFixed(0)} ms), ${(bytes / 1024).toFixed(0)} KB of JSON; ratio cached API / library ${(median(hit) / median(lib)).toFixed(4)}`);

      // ---- (a) first paint in headless Chromium
      if (!HAS_CHROMIUM) say(`(a) ${NO_CHROMIUM}`);
      else {
        const browser = await launch();
        try {
          const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
          await context.addCookies([{ name: cookie.split('=')[0]!, value: cookie.slice(cookie.indexOf('=') + 1), url: server.url }]);
          const paint: number[] = [];
          for (let i = 0; i < 6; i++) {
            const page = await context.newPage();
            t = performance.now();
            await page.goto(`${server.url}trend?${query}`);
            await page.waitForFunction((label) => (document.querySelector(`svg[aria-label="${label}"] path[fill="none"]`)?.getAttribute('d')?.length ?? 0) > 1000, `trend of ${TAG}`, { timeout: 600_000 });
            paint.push(performance.now() - t);
            await page.close();
          }
          // The first page loads the scripts cold and its trend (width 1200) is computed; the 5 after
          // it are what everyone opening the same link gets: the answer from the server's cache.
          say(`(a) first paint of the trend in Chromium: median ${median(paint.slice(1)).toFixed(0)} ms (runs ${ms(paint.slice(1))}; ` +
            `first page, scripts not in the browser cache and the trend computed: ${paint[0]!.toFixed(0)} ms); goal ≤ 1000 ms`);
          // A range nobody has asked for: the server computes each of these trends.
          const cold: number[] = [];
          for (let i = 1; i <= 5; i++) {
            const page = await context.newPage();
            const shifted = `tags=${encodeURIComponent(TAG)}&from=${new Date(FROM.getTime() + i * 1000).toISOString()}&to=${TO.toISOString()}`;
            t = performance.now();
            await page.goto(`${server.url}trend?${shifted}`);
            await page.waitForFunction((label) => (document.querySelector(`svg[aria-label="${label}"] path[fill="none"]`)?.getAttribute('d')?.length ?? 0) > 1000, `trend of ${TAG}`, { timeout: 600_000 });
            cold.push(performance.now() - t);
            await page.close();
          }
          say(`(a) first paint of a trend not in the server's cache (range shifted by 1…5 s): median ${median(cold).toFixed(0)} ms (runs ${ms(cold)}); goal ≤ 1000 ms`);
        } finally {
          await browser.close();
        }
      }

      // ---- (b) 50 concurrent clients; asynchronous: the server runs in this process and must keep answering
      const l = loadResult((await runLoad({ url: api, cookie, connections: 50, seconds: 15 })).stdout);
      say(`(b) 50 clients × ${l.seconds} s on GET /api/trend (${(l.bytesPerAnswer / 1024).toFixed(0)} KB per answer): ${l.ok} answers, ` +
        `${l.rps.toFixed(1)} requests/s; latency p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms, max ${l.max.toFixed(0)} ms; ` +
        `non-2xx ${l.non2xx}, errors ${l.errors}, timeouts ${l.timeouts}; goal p95 ≤ 300 ms`);
      // Every request a trend nobody asked for: 50 people each zooming somewhere new.
      const v = loadResult((await runLoad({ url: api, cookie, connections: 50, seconds: 15, vary: true })).stdout);
      say(`(b) 50 clients × ${v.seconds} s on GET /api/trend, every request a new range (none cached): ${v.ok} answers, ` +
        `${v.rps.toFixed(1)} requests/s; latency p50 ${v.p50.toFixed(0)} ms, p95 ${v.p95.toFixed(0)} ms, p99 ${v.p99.toFixed(0)} ms, max ${v.max.toFixed(0)} ms; ` +
        `non-2xx ${v.non2xx}, errors ${v.errors}, timeouts ${v.timeouts}`);
      // Baseline under the same load: the smallest logged-in route (the same session lookup, a tiny body).
      const b = loadResult((await runLoad({ url: `${server.url}api/session`, cookie, connections: 50, seconds: 10 })).stdout);
      say(`(b) baseline, 50 clients × ${b.seconds} s on GET /api/session: ${b.rps.toFixed(1)} requests/s; latency p50 ${b.p50.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms, p99 ${b.p99.toFixed(0)} ms; ` +
        `ratio of p95 trend / baseline ${(l.p95 / b.p95).toFixed(2)}`);
      // Requests the clients gave up on at the end may still be running; let them finish before the store closes.
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      await server.close();
    }

    // ---- (d) cold start of `causeway serve` on the small demo network
    const demo = await smallDemoStore(5);
    const health: number[] = [];
    const session: number[] = [];
    for (let i = 0; i < 4; i++) {
      const port = freePort();
      const base = `http://127.0.0.1:${port}/`;
      t = performance.now();
      const child = spawn(process.execPath, [CLI, 'serve', '--db', demo, '--port', String(port)], { cwd: dir, env: { ...process.env, CAUSEWAY_ADMIN_PASSWORD: PASSWORD }, stdio: 'ignore' });
      try {
        for (;;) {
          const ok = await fetch(base + 'api/health').then((r) => r.status === 200, () => false);
          if (ok) break;
          if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
          await new Promise((r) => setTimeout(r, 5));
        }
        health.push(performance.now() - t);
        await login(base, 'admin', PASSWORD);
        session.push(performance.now() - t);
      } finally {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    }
    say(`(d) cold start of causeway serve (small demo network): first /api/health answer median ${median(health.slice(1)).toFixed(0)} ms (runs ${ms(health.slice(1))}), ` +
      `first login (POST /api/session) median ${median(session.slice(1)).toFixed(0)} ms (runs ${ms(session.slice(1))}); first run, creating the administrator: ${health[0]!.toFixed(0)} / ${session[0]!.toFixed(0)} ms`);
    rmSync(path.dirname(demo), { recursive: true, force: true });
    say(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
