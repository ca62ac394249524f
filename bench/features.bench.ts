/**
 * Benchmark: features of the demo network against pandas, and the refresh of one lot.
 *
 * The demo network (src/demo) at size `default` (6.1 M samples, 1-s… 10-s tags, about 4 800
 * lots), or `large` (60.9 M samples) with CAUSEWAY_BENCH_FEATURES_SIZE=large. It is written as a
 * folder (samples as Parquet, one file per tag) and imported into a new store file; the import
 * computes the features of every lot itself (timed as part of the import).
 *
 * Measured:
 * - `refreshFeatures` over every lot (the full rebuild of `features --refresh`);
 * - the refresh of one lot (`features --refresh --lot L`): median over 11 different lots with
 *   phases (goal on the large network: ≤ 100 ms);
 * - the pandas peer (bench/peers/features_pandas.py) on the same samples written as CSV (pandas
 *   here has no Parquet reader): its context + features step (merge_asof, groupby) against
 *   causeway's full rebuild, which does more (time-weighted statistics, slope, integral, end
 *   value, time outside limits, quality counts). Ratio = pandas / causeway; goal ≥ 5 on the large
 *   network. Its CSV reading is reported apart.
 * Peak RSS per step (bench/memory.ts; the peer's from getrusage).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { refreshFeatures } from '../src/context/features.js';
import { writeDemoFolder, type DemoSize } from '../src/demo/index.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { quoteLiteral } from '../src/store/sql.js';
import { Store } from '../src/store/store.js';
import { peakMB, resetPeak } from './memory.js';
import { peersUnavailable, runPeer } from './peers.js';

const SIZE = (process.env.CAUSEWAY_BENCH_FEATURES_SIZE ?? 'default') as DemoSize;
const secs = (t: number) => (performance.now() - t) / 1000;
const load = () => os.loadavg()[0]!.toFixed(1);

interface PandasRun { read_s: number; compute_s: number; total_s: number; groups: number; samples: number; peak_rss_mb: number; pandas: string }

/** The demo's samples as one CSV file for the peer (ISO 8601 UTC times). */
async function samplesCsv(folder: string, out: string): Promise<void> {
  const work = await Store.open(':memory:');
  try {
    const files = readdirSync(path.join(folder, 'continuous')).map((f) => quoteLiteral(path.join(folder, 'continuous', f)));
    await work.run(`COPY (SELECT tag, strftime(time, '%Y-%m-%dT%H:%M:%SZ') AS time, value, quality FROM read_parquet([${files.join(', ')}]))
      TO ${quoteLiteral(path.join(out, 'continuous.csv'))} (FORMAT csv, HEADER true)`);
  } finally {
    work.close();
  }
  for (const f of ['events.csv', 'tags.csv']) copyFileSync(path.join(folder, f), path.join(out, f));
}

export default async function run(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-features-'));
  try {
    const folder = path.join(root, 'demo');
    let t = performance.now();
    const demo = await writeDemoFolder({ out: folder, size: SIZE, seed: 1 });
    process.stdout.write(`demo network '${SIZE}': ${demo.rows.lots} lots, ${demo.rows.continuous} samples, written in ${secs(t).toFixed(1)} s\n`);

    const store = await Store.open(path.join(root, 'store.duckdb'));
    try {
      resetPeak();
      t = performance.now();
      const imp = await importFolder(store, folder, { actor: { user: 'bench' } });
      process.stdout.write(`import ${secs(t).toFixed(1)} s, of which features of ${imp.features?.lots} lots ${imp.features?.seconds.toFixed(1)} s; peak RSS ${peakMB()} MB; load ${load()}\n`);

      resetPeak();
      t = performance.now();
      const full = await refreshFeatures(store);
      const fullS = secs(t);
      const fullPeak = peakMB();
      process.stdout.write(`full rebuild (features --refresh): ${fullS.toFixed(2)} s, ${full.continuous + full.replicate + full.event} feature rows of ${full.lots} lots; peak RSS ${fullPeak} MB; load ${load()}\n`);

      const lots = (await store.all<{ lot: string }>(`SELECT lot FROM (SELECT DISTINCT lot FROM events WHERE type = 'phase' AND lot IS NOT NULL) ORDER BY hash(lot) LIMIT 11`)).map((r) => r.lot);
      resetPeak();
      const one: number[] = [];
      for (const lot of lots) {
        t = performance.now();
        await refreshFeatures(store, { lots: [lot] });
        one.push(performance.now() - t);
      }
      const sorted = [...one].sort((a, b) => a - b);
      process.stdout.write(`refresh of one lot: median ${sorted[5]!.toFixed(0)} ms (${sorted[0]!.toFixed(0)}–${sorted[10]!.toFixed(0)} ms over 11 lots); peak RSS ${peakMB()} MB; load ${load()}\n`);

      const why = peersUnavailable();
      if (why) {
        process.stdout.write(`pandas peer skipped: ${why}\n`);
        return;
      }
      const peerDir = path.join(root, 'peer');
      rmSync(peerDir, { recursive: true, force: true });
      mkdirSync(peerDir);
      await samplesCsv(folder, peerDir);
      const peer = runPeer<PandasRun>('features_pandas.py', [peerDir, path.join(root, 'peer-out.csv')]);
      process.stdout.write(
        `pandas ${peer.pandas}: read CSV ${peer.read_s.toFixed(1)} s, context + features ${peer.compute_s.toFixed(2)} s (${peer.groups} tag × phase × lot), peak RSS ${peer.peak_rss_mb.toFixed(0)} MB; ` +
        `ratio pandas features / causeway full rebuild ${(peer.compute_s / fullS).toFixed(2)}× (goal ≥ 5 on the large network); load ${load()}\n`,
      );
    } finally {
      store.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
