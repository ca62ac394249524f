/**
 * Benchmark: a Sparkplug B edge node publishing 50 000 metrics a second (10 devices × 500 Double
 * metrics, each device's DDATA every 100 ms, time-stamped at publishing) through the Mosquitto
 * broker on this machine, for `CAUSEWAY_BENCH_SPARKPLUG_SECONDS` (default 20) seconds:
 *
 * - ours: the `sparkplug` source (births, aliases, sequence checks, 1-s batches through
 *   ingestBatch with every check, provenance and trend levels);
 * - baseline, in the same process and run: a plain loop that decodes the same messages and
 *   writes their samples through DuckDB's appender into a bare table, flushing every message.
 *
 * Reported: metrics received and stored per second, and the lag from each sample's source time
 * to the moment it was queryable (its batch committed), as median, 95th percentile and maximum.
 * The edge node runs in the same process (2 cores: broker, edge, host and DuckDB share them).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import mqtt, { type MqttClient } from 'mqtt';
import { SourceRunner } from '../src/connectors/runner.js';
import { addSource } from '../src/connectors/sources.js';
import { DataType, decodePayload, encodePayload, type MetricInput } from '../src/connectors/sparkplug/payload.js';
import { ingestBatch } from '../src/ingest/batch/ingest-batch.js';
import { Store } from '../src/store/store.js';

const SECONDS = Number(process.env.CAUSEWAY_BENCH_SPARKPLUG_SECONDS ?? 20);
const DEVICES = 10;
const METRICS = 500;
const PERIOD_MS = 100;
const URL = 'mqtt://127.0.0.1:1883';

/** The edge node: births, then DDATA of every device every PERIOD_MS for SECONDS; returns metrics sent. */
async function edge(group: string, client: MqttClient): Promise<number> {
  let seq = 0;
  const send = (type: string, device: string | undefined, metrics: MetricInput[]) => {
    const s = type === 'NBIRTH' ? 0 : seq;
    seq = (s + 1) % 256;
    return client.publishAsync(`spBv1.0/${group}/${type}/E1${device ? `/${device}` : ''}`, Buffer.from(encodePayload({ timestamp: Date.now(), seq: s, metrics })), { qos: 0 });
  };
  await send('NBIRTH', undefined, [{ name: 'bdSeq', datatype: DataType.Int64, value: 0 }, { name: 'Node Control/Rebirth', datatype: DataType.Boolean, value: false }]);
  for (let d = 0; d < DEVICES; d++) {
    await send('DBIRTH', `D${d}`, Array.from({ length: METRICS }, (_, m) => ({ name: `m${m}`, alias: d * METRICS + m, datatype: DataType.Double, value: 0, timestamp: Date.now() })));
  }
  let sent = 0;
  const end = Date.now() + SECONDS * 1000;
  let next = Date.now();
  while (Date.now() < end) {
    for (let d = 0; d < DEVICES; d++) {
      const now = Date.now();
      await send('DDATA', `D${d}`, Array.from({ length: METRICS }, (_, m) => ({ alias: d * METRICS + m, datatype: DataType.Double, value: Math.sin(now / 1000 + m), timestamp: now })));
      sent += METRICS;
    }
    next += PERIOD_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  return sent;
}

const pct = (xs: Float64Array, p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** Lag figures (ms) from a column of lags. */
function lagText(lags: Float64Array): string {
  lags.sort();
  return `lag source time → queryable: median ${pct(lags, 0.5).toFixed(0)} ms, p95 ${pct(lags, 0.95).toFixed(0)} ms, max ${lags[lags.length - 1]!.toFixed(0)} ms (n = ${lags.length.toLocaleString('en')})`;
}

async function ours(dir: string): Promise<void> {
  const store = await Store.open(path.join(dir, 'ours.duckdb'));
  const group = `bench-${randomBytes(3).toString('hex')}`;
  await ingestBatch(store, { source: 'setup', sites: [{ site: 'S', timezone: 'UTC' }], equipment: [{ equipment: 'E', site: 'S' }] }, { actor: { user: 'bench' } });
  await addSource(store, { name: 'edge', kind: 'sparkplug', config: { broker: { url: URL }, hostId: `bench-${group}`, groups: [group], equipment: 'E' } }, { user: 'bench' });
  const runner = new SourceRunner(store);
  await runner.start();
  await new Promise((r) => setTimeout(r, 500));
  const client = await mqtt.connectAsync(URL, { clientId: `bench-edge-${group}` });
  const t0 = performance.now();
  const sent = await edge(group, client);
  const sending = (performance.now() - t0) / 1000;
  // Wait until every sample is stored (or 60 s).
  for (let i = 0; i < 600 && Number(await store.value('SELECT count(*) FROM samples')) < sent; i++) await new Promise((r) => setTimeout(r, 100));
  const stored = Number(await store.value('SELECT count(*) FROM samples'));
  const wall = (performance.now() - t0) / 1000;
  await runner.stop();
  await client.endAsync();
  const lags = (await store.columns(`SELECT epoch_ms(b.applied_at) - epoch_ms(s.time) AS lag FROM samples s JOIN batches b ON b.import_id = s.import_id WHERE b.source = 'edge'`)).lag as Float64Array;
  const batches = await store.one<{ n: bigint; rows: number }>("SELECT count(*) AS n, avg(rows) AS rows FROM batches WHERE source = 'edge' AND rows > 0");
  process.stdout.write(`ours (sparkplug source → ingestBatch): ${sent.toLocaleString('en')} metrics sent in ${sending.toFixed(1)} s (${Math.round(sent / sending).toLocaleString('en')}/s), ${stored.toLocaleString('en')} stored in ${wall.toFixed(1)} s; ${batches?.n} batches of ${Math.round(Number(batches?.rows ?? 0)).toLocaleString('en')} samples on average\n  ${lagText(lags)}; load ${os.loadavg()[0]!.toFixed(2)}\n`);
  store.close();
}

async function baseline(dir: string): Promise<void> {
  const store = await Store.open(path.join(dir, 'plain.duckdb'));
  await store.run('CREATE TABLE plain (tag VARCHAR, time TIMESTAMPTZ, value DOUBLE, queryable TIMESTAMPTZ)');
  const group = `bench-${randomBytes(3).toString('hex')}`;
  const host = await mqtt.connectAsync(URL, { clientId: `bench-plain-${group}` });
  const aliases = new Map<number, string>();
  let chain: Promise<void> = Promise.resolve();
  host.on('message', (topic, bytes) => {
    const p = decodePayload(bytes);
    const device = topic.split('/')[4];
    for (const m of p.metrics) if (m.name !== undefined && m.alias !== undefined) aliases.set(m.alias, `E1.${device}.${m.name}`);
    chain = chain.then(async () => {
      const a = await store.connection.createAppender('plain');
      const now = new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n);
      for (const m of p.metrics) {
        if (m.alias === undefined || typeof m.value !== 'number') continue;
        a.appendVarchar(aliases.get(m.alias) ?? String(m.alias)); a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(m.timestamp ?? 0) * 1000n));
        a.appendDouble(m.value); a.appendTimestampTZ(now); a.endRow();
      }
      a.closeSync();
    });
  });
  await host.subscribeAsync(`spBv1.0/${group}/#`, { qos: 0 });
  const client = await mqtt.connectAsync(URL, { clientId: `bench-edge-${group}` });
  const t0 = performance.now();
  const sent = await edge(group, client);
  for (let i = 0; i < 600 && Number(await store.value("SELECT count(*) FROM plain WHERE time > TIMESTAMPTZ '2000-01-01 00:00:00+00'")) < sent + DEVICES * METRICS; i++) await new Promise((r) => setTimeout(r, 100));
  await chain;
  const wall = (performance.now() - t0) / 1000;
  const lags = (await store.columns('SELECT epoch_ms(queryable) - epoch_ms(time) AS lag FROM plain')).lag as Float64Array;
  process.stdout.write(`baseline (decode + DuckDB appender, no checks): ${lags.length.toLocaleString('en')} stored in ${wall.toFixed(1)} s\n  ${lagText(lags)}; load ${os.loadavg()[0]!.toFixed(2)}\n`);
  await client.endAsync();
  await host.endAsync();
  store.close();
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-sparkplug-'));
  try {
    process.stdout.write(`${DEVICES} devices × ${METRICS} metrics every ${PERIOD_MS} ms = ${(DEVICES * METRICS * 1000) / PERIOD_MS} metrics/s for ${SECONDS} s\n`);
    await ours(dir);
    await baseline(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
