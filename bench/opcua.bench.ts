/**
 * Benchmark: a sustained OPC UA subscription of 10 000 tags, each changing once a second, into
 * the store, against a plain loop writing the same samples through DuckDB's appender.
 *
 * The server (node-opcua, SignAndEncrypt / Basic256Sha256) runs in a child process; the
 * connector subscribes to every tag (publishing interval 1 s, change-based items) and stores
 * each flush (every 1 s) in one transaction, de-duplicated by (tag, source time), into a store
 * file. Lag = the moment the flush's transaction committed (the sample is queryable) minus the
 * sample's source time stamp; it includes the wait for the next publish and the next flush.
 *
 * Baseline, same process and store file, after the subscription: the very samples the connector
 * stored, one second of them at a time, appended with DuckDB's appender to a plain table with
 * the same columns and committed — no network, no security, no de-duplication.
 * `CAUSEWAY_BENCH_OPCUA_TAGS` and `CAUSEWAY_BENCH_OPCUA_SECONDS` set smaller sizes for a quick look.
 */
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseOpcuaConfig } from '../src/connectors/opcua/config.js';
import { listServerCertificates, openPki, trustServerCertificate } from '../src/connectors/opcua/pki.js';
import { connectOpcua } from '../src/connectors/opcua/session.js';
import { silentLogger } from '../src/core/logger.js';
import { Store } from '../src/store/store.js';
import { opcuaSource } from '../test/support/opcua-plant.js';

const TAGS = Number(process.env.CAUSEWAY_BENCH_OPCUA_TAGS ?? 10_000);
const SECONDS = Number(process.env.CAUSEWAY_BENCH_OPCUA_SECONDS ?? 60);
const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantiles(a: Float64Array | number[]): { p50: number; p95: number; max: number } {
  const s = Float64Array.from(a).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] ?? NaN;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
}

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-opcua-'));
  const t0 = performance.now();
  const child = fork(path.join(here, 'opcua-plant-server.ts'), [String(TAGS)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const started = await message<{ port: number; paths: string[] }>(child);
  process.stdout.write(`server with ${TAGS} variables up in ${((performance.now() - t0) / 1000).toFixed(1)} s (child process)\n`);
  const store = await Store.open(path.join(dir, 'bench.duckdb'));
  try {
    const config = parseOpcuaConfig({
      endpoint: `opc.tcp://127.0.0.1:${started.port}`,
      pki: path.join(dir, 'pki'),
      site: 'S1',
      tags: started.paths.map((p) => ({ nodeId: `ns=1;s=${p}`, tag: p, equipment: p.split('.').slice(0, -1).join('.') })),
      subscription: { publishingInterval: 1000, samplingInterval: 0, queueSize: 10 },
      history: { catchUp: false },
      flushInterval: 1000,
    });
    // The administrator's trust step, once.
    const pki = await openPki(config.pki);
    await connectOpcua(config, pki, silentLogger).then((c) => c.close(), () => undefined);
    await pki.dispose();
    for (const c of listServerCertificates(config.pki)) await trustServerCertificate(config.pki, c.thumbprint);

    const lags: number[] = [];
    const writeMs: number[] = [];
    // Lag is measured on the values produced once the run starts (not the items' initial values).
    let runStartMs = Infinity;
    const connector = await opcuaSource(store, 'bench', config, {
      onStored: (samples, committed, ms) => {
        writeMs.push(ms);
        for (const s of samples) if (s.via === 'subscription' && s.timeUs / 1000 >= runStartMs) lags.push(committed - s.timeUs / 1000);
      },
    });
    const tSub = performance.now();
    await connector.start();
    process.stdout.write(`subscribed to ${TAGS} monitored items in ${((performance.now() - tSub) / 1000).toFixed(1)} s\n`);
    lags.length = 0;
    writeMs.length = 0;
    const cpu0 = process.cpuUsage();
    const tRun = performance.now();
    runStartMs = Date.now();
    child.send('produce');
    await sleep(SECONDS * 1000);
    child.send('stop');
    const { produced } = await message<{ produced: number }>(child);
    await sleep(2500); // the last publish and flush
    await connector.settled();
    const runS = (performance.now() - tRun) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const health = connector.health();
    await connector.stop();
    const stored = health.stored - TAGS; // less the initial value of every item
    const inStore = Number(await store.value('SELECT count(*) FROM samples'));
    if (inStore !== health.stored) throw new Error(`the store holds ${inStore} samples, the connector counted ${health.stored}`);
    const lag = quantiles(lags);
    const w = quantiles(writeMs);
    process.stdout.write(
      `subscription: ${produced} values produced in ${SECONDS} s, ${stored} stored (${health.duplicates} duplicates, ${health.refused} refused), ` +
        `${Math.round(stored / SECONDS)} samples/s; connector process CPU ${((cpu.user + cpu.system) / 1e6 / runS * 100).toFixed(0)} % of one core\n` +
        `  lag source time → queryable: p50 ${lag.p50.toFixed(0)} ms, p95 ${lag.p95.toFixed(0)} ms, max ${lag.max.toFixed(0)} ms (n ${lags.length})\n` +
        `  write of one flush (≈${Math.round(stored / Math.max(1, writeMs.length))} samples, one transaction): p50 ${w.p50.toFixed(0)} ms, p95 ${w.p95.toFixed(0)} ms, max ${w.max.toFixed(0)} ms (n ${writeMs.length})\n`,
    );

    // Baseline: the same samples, a second at a time, through the appender into a plain table.
    const rows = await store.columns(`SELECT tag, epoch_us(time) AS us, value, status FROM samples WHERE import_id IS NOT NULL ORDER BY time, tag`);
    const tags = rows.tag as string[];
    const us = rows.us as Float64Array;
    const values = rows.value as Float64Array;
    const statuses = rows.status as Float64Array;
    const conn = await store.connect();
    await conn.run('CREATE TABLE baseline (tag VARCHAR, time TIMESTAMPTZ, value DOUBLE, quality UTINYINT, status UINTEGER)');
    const baseMs: number[] = [];
    let i = 0;
    const tBase = performance.now();
    while (i < tags.length) {
      const second = Math.floor(us[i]! / 1e6);
      const t = performance.now();
      await conn.run('BEGIN TRANSACTION');
      const a = await conn.createAppender('baseline');
      for (; i < tags.length && Math.floor(us[i]! / 1e6) === second; i++) {
        a.appendVarchar(tags[i]!);
        a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(us[i]!)));
        a.appendDouble(values[i]!);
        a.appendUTinyInt(0);
        a.appendUInteger(statuses[i]!);
        a.endRow();
      }
      a.flushSync();
      a.closeSync();
      await conn.run('COMMIT');
      baseMs.push(performance.now() - t);
    }
    const baseS = (performance.now() - tBase) / 1000;
    conn.closeSync();
    const b = quantiles(baseMs);
    const perThousand = (writeMs.reduce((x, y) => x + y, 0) / (health.stored - TAGS)) * 1000;
    const basePerThousand = (baseS * 1000 * 1000) / tags.length;
    process.stdout.write(
      `baseline appender loop: ${tags.length} samples in ${baseMs.length} batches, ${baseS.toFixed(2)} s (${Math.round(tags.length / baseS)} samples/s); ` +
        `one batch: p50 ${b.p50.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms, max ${b.max.toFixed(0)} ms\n` +
        `write cost per 1000 samples: connector ${perThousand.toFixed(1)} ms, baseline ${basePerThousand.toFixed(1)} ms, ratio ${(perThousand / basePerThousand).toFixed(2)}×; ` +
        `load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`,
    );
  } finally {
    store.close();
    child.send('close');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
