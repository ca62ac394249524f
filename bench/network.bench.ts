/**
 * Benchmark: import plus all features of a 3-site network, against pandas (issue: ≥ 3×).
 *
 * The network is the demo network (src/demo) with 39 granulations per site sampled every 20 s:
 * about 950 lots and 0.6 M samples, written in the open folder format with the samples as one
 * CSV file per tag. causeway: `importFolder` into a new store file — staging, every check of the
 * folder format, the transaction, trend levels, and the features of every lot it brought (the
 * import computes them itself). The peer (bench/peers/features_pandas.py): read the same CSV
 * files, merge_asof samples into phases, groupby mean, sd, min, max, first, last, n per
 * tag × phase × lot. Ratio = pandas time / causeway time. Both must agree on n, min, max, first
 * and last of every tag × phase × lot (causeway's mean and sd are time-weighted, the peer's are
 * not, so those are not compared). Peak RSS per step (bench/memory.ts). Three runs each,
 * alternating; the medians are compared.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeDemoFolder } from '../src/demo/index.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { Store } from '../src/store/store.js';
import { quoteLiteral } from '../src/store/sql.js';
import { peakMB, resetPeak } from './memory.js';
import { peersUnavailable, runPeer } from './peers.js';

const RUNS = Number(process.env.CAUSEWAY_BENCH_RUNS ?? 3);

interface PandasRun { read_s: number; compute_s: number; total_s: number; groups: number; samples: number; peak_rss_mb: number; pandas: string }

/** Writes the network folder with every tag's samples as CSV (ISO 8601 UTC times). */
export async function writeNetwork(dir: string): Promise<{ lots: number; samples: number }> {
  const s = await writeDemoFolder({ out: dir, size: 'default', seed: 1, plan: { granulationsPerSite: 39, periodSeconds: 20 } });
  const work = await Store.open(':memory:');
  try {
    const cont = path.join(dir, 'continuous');
    for (const f of readdirSync(cont).filter((x) => x.endsWith('.parquet'))) {
      const from = path.join(cont, f);
      await work.run(`COPY (SELECT tag, strftime(time, '%Y-%m-%dT%H:%M:%SZ') AS time, value, quality FROM read_parquet(${quoteLiteral(from)}) ORDER BY time)
        TO ${quoteLiteral(from.replace(/\.parquet$/, '.csv'))} (FORMAT csv, HEADER true)`);
      rmSync(from);
    }
  } finally {
    work.close();
  }
  return { lots: s.rows.lots ?? 0, samples: s.rows.continuous ?? 0 };
}

async function causewayRun(folder: string, db: string) {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  resetPeak();
  const t0 = performance.now();
  const store = await Store.open(db);
  try {
    const r = await importFolder(store, folder, { actor: { user: 'bench' } });
    const total = (performance.now() - t0) / 1000;
    return { total, features: r.features?.seconds ?? 0, featureRows: (r.features?.continuous ?? 0) + (r.features?.replicate ?? 0) + (r.features?.event ?? 0), peak: peakMB() };
  } finally {
    store.close();
  }
}

/** n, min, max, first, last per lot/phase/tag from both sides: how many agree. */
async function agreement(db: string, peerCsv: string): Promise<{ compared: number; differ: number }> {
  const store = await Store.open(db, { readOnly: true });
  try {
    await store.run(`CREATE TEMP TABLE peer AS SELECT * FROM read_csv(${quoteLiteral(peerCsv)}, header = true)`);
    const r = await store.one<{ compared: bigint; differ: bigint }>(
      `WITH ours AS (
         SELECT lot, phase, tag, any_value(n) AS n, any_value(value) FILTER (WHERE fn = 'min') AS min, any_value(value) FILTER (WHERE fn = 'max') AS max,
           any_value(value) FILTER (WHERE fn = 'first') AS first, any_value(value) FILTER (WHERE fn = 'last') AS last
         FROM features WHERE source_kind = 'continuous' AND tag IS NOT NULL GROUP BY ALL HAVING any_value(n) > 0)
       SELECT count(*) AS compared,
         count(*) FILTER (WHERE o.n IS DISTINCT FROM p.count OR o.min IS DISTINCT FROM p.min OR o.max IS DISTINCT FROM p.max
           OR o.first IS DISTINCT FROM p.first OR o.last IS DISTINCT FROM p.last) AS differ
       FROM ours o FULL JOIN peer p ON p.lot = o.lot AND p.phase = o.phase AND p.tag = o.tag`,
    );
    return { compared: Number(r?.compared ?? 0), differ: Number(r?.differ ?? 0) };
  } finally {
    store.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function run(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-network-'));
  try {
    const folder = path.join(root, 'network');
    let t = performance.now();
    const size = await writeNetwork(folder);
    process.stdout.write(`network: ${size.lots} lots, ${size.samples} samples as CSV, written in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const why = peersUnavailable();
    const db = path.join(root, 'store.duckdb');
    const ours: Awaited<ReturnType<typeof causewayRun>>[] = [];
    const peers: PandasRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await causewayRun(folder, db));
      const o = ours.at(-1)!;
      process.stdout.write(`run ${i + 1}: causeway import + features ${o.total.toFixed(2)} s (features ${o.features.toFixed(2)} s, ${o.featureRows} rows), peak RSS ${o.peak} MB`);
      if (!why) {
        t = performance.now();
        peers.push(runPeer<PandasRun>('features_pandas.py', [folder, path.join(root, 'peer.csv')]));
        const p = peers.at(-1)!;
        process.stdout.write(`; pandas ${p.total_s.toFixed(2)} s (read ${p.read_s.toFixed(2)} s, features ${p.compute_s.toFixed(2)} s, ${p.groups} groups), peak RSS ${p.peak_rss_mb.toFixed(0)} MB`);
      }
      process.stdout.write(`; load ${os.loadavg()[0]!.toFixed(1)}\n`);
    }
    const ourTotal = median(ours.map((o) => o.total));
    if (why) {
      process.stdout.write(`pandas peer skipped: ${why}\ncauseway median ${ourTotal.toFixed(2)} s\n`);
      return;
    }
    const peerTotal = median(peers.map((p) => p.total_s));
    const agree = await agreement(db, path.join(root, 'peer.csv'));
    process.stdout.write(
      `median: causeway ${ourTotal.toFixed(2)} s, pandas ${peerTotal.toFixed(2)} s (pandas ${peers[0]!.pandas}); ratio pandas / causeway ${(peerTotal / ourTotal).toFixed(2)}× (goal ≥ 3); ` +
      `n, min, max, first, last of ${agree.compared} tag × phase × lot agree in ${agree.compared - agree.differ}\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
