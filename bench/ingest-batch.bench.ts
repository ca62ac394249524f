/**
 * Benchmark: the cost of one live batch through `ingestBatch` (the one ingest path of
 * connectors: staging with the appender, every check of a folder import, the transaction with
 * its provenance and audit, the trend levels of the buckets it touched) into a small store and
 * into a large one, against a plain loop appending the same samples to the same store's
 * `samples` table through DuckDB's appender (no checks, no de-duplication, no levels).
 *
 * What it shows: the time of a batch follows the batch, not the store (ratio large/small ≈ 1),
 * and what the checks and bookkeeping cost over the bare appender.
 * Sizes: `CAUSEWAY_BENCH_BATCH_STORE` samples in the large store (default 20 000 000),
 * 100 tags at 1 s; batches of 100 and 10 000 samples continue from the stored data's end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import { ingestBatch } from '../src/ingest/batch/ingest-batch.js';
import { Store } from '../src/store/store.js';
import { rebuildTrendLevels } from '../src/store/trend-levels.js';

const LARGE = Number(process.env.CAUSEWAY_BENCH_BATCH_STORE ?? 20_000_000);
const SMALL = 100_000;
const TAGS = 100;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const ROUNDS = 15;

/** A store holding `n` samples of TAGS tags, 1 s apart (sorted by tag, then time, as an import leaves them), with levels. */
async function storeWith(file: string, n: number): Promise<Store> {
  const store = await Store.open(file);
  await ingestBatch(store, {
    source: 'setup', sites: [{ site: 'S', timezone: 'UTC' }], equipment: [{ equipment: 'E', site: 'S' }],
    tags: Array.from({ length: TAGS }, (_, i) => ({ tag: `T${i}`, equipment: 'E' })),
  }, { actor: { user: 'bench' } });
  const per = n / TAGS;
  await store.transaction(() => store.run(
    `INSERT INTO samples SELECT 'T' || (i // ${per}), TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(i % ${per}), 50 + sin(i / 100.0), 0, NULL, 'setup' FROM range(${n}) r(i)`));
  await rebuildTrendLevels(store);
  return store;
}

/** Batch k of `size` samples: TAGS tags, size / TAGS seconds, after the stored span. */
function batch(start: number, size: number) {
  const tag: string[] = [], time: number[] = [], value: number[] = [];
  for (let i = 0; i < size; i++) {
    tag.push(`T${i % TAGS}`);
    time.push(T0 + (start + Math.floor(i / TAGS)) * 1000);
    value.push(50 + Math.sin(i));
  }
  return { tag, time, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median ms of ROUNDS batches through ingestBatch and through the bare appender. */
async function measure(store: Store, from: { second: number }, size: number): Promise<{ ours: number; appender: number }> {
  let second = from.second;
  const ours: number[] = [], plain: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = batch(second, size);
    second += size / TAGS;
    let t = performance.now();
    await ingestBatch(store, { source: 'bench', samples: b }, { actor: { user: 'bench' } });
    ours.push(performance.now() - t);
    const c = batch(second, size);
    second += size / TAGS;
    t = performance.now();
    await store.transaction(async () => {
      const a = await store.connection.createAppender('samples');
      for (let i = 0; i < size; i++) {
        a.appendVarchar(c.tag[i]!); a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(c.time[i]!) * 1000n)); a.appendDouble(c.value[i]!);
        a.appendUTinyInt(0); a.appendNull(); a.appendVarchar('plain'); a.endRow();
      }
      a.closeSync();
    });
    plain.push(performance.now() - t);
  }
  from.second = second;
  return { ours: median(ours), appender: median(plain) };
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-batch-'));
  try {
    const results: Record<string, Record<number, { ours: number; appender: number }>> = {};
    for (const [label, n] of [['small', SMALL], ['large', LARGE]] as const) {
      const t = performance.now();
      const store = await storeWith(path.join(dir, `${label}.duckdb`), n);
      process.stdout.write(`${label} store: ${n.toLocaleString('en')} samples of ${TAGS} tags (built in ${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
      results[label] = {};
      const from = { second: n / TAGS + 10 };
      for (const size of [100, 10_000]) {
        const m = await measure(store, from, size);
        results[label]![size] = m;
        process.stdout.write(`  batch of ${size.toLocaleString('en')}: ingestBatch ${m.ours.toFixed(1)} ms, appender loop ${m.appender.toFixed(1)} ms (median of ${ROUNDS}); load ${os.loadavg()[0]!.toFixed(2)}\n`);
      }
      store.close();
    }
    for (const size of [100, 10_000]) {
      const s = results.small![size]!, l = results.large![size]!;
      process.stdout.write(`batch of ${size.toLocaleString('en')}: large/small store ${(l.ours / s.ours).toFixed(2)}; ingestBatch/appender ${(l.ours / l.appender).toFixed(1)} (large store)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
