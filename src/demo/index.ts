/**
 * The demo network: a realistic, deterministic manufacturing network of one film-coated
 * tablet made at three sites, with planted causes, written in the open folder format and
 * imported through the same path a user's data takes.
 *
 * Phases, in order (see {@link buildDemo}):
 *   plan lots & genealogy → lab results → events → write CSV files → continuous samples in
 *   DuckDB → Parquet files → truth.json → import (when a store is given).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, field } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { Store, type Actor } from '../store/store.js';
import { importFolder } from '../ingest/import-folder.js';
import type { ImportReport } from '../ingest/import-staged.js';
import { loadWindows, writeSampleFiles } from './continuous-sql.js';
import { buildEvents } from './events.js';
import { buildLab } from './lab.js';
import { buildLots } from './lots.js';
import { PRODUCT } from './network.js';
import { Rng } from './prng.js';
import { isDemoSize, SIZES, type DemoSize, type SizePlan } from './sizes.js';
import { buildTruth } from './truth.js';
import { writeTables, type FileCounts } from './writer.js';

export { SIZES, isDemoSize, type DemoSize, type SizePlan } from './sizes.js';
export type { DemoTruth, TruthCause, TruthLot } from './truth.js';

/** The file beside the folder-format files that holds the planted causes per lot. */
export const TRUTH_FILE = 'truth.json';

/** Options of {@link writeDemoFolder}. */
export interface DemoFolderOptions {
  /** Folder to write; created if missing; an earlier demo folder there is replaced. */
  out: string;
  /** 'small' (tests), 'default' (`npm start`) or 'large' (benchmarks). Default 'default'. */
  size?: DemoSize;
  /** Seed of every random choice; the same seed and size give a byte-identical folder. Default 1. */
  seed?: number;
  /**
   * Granulations per site and sampling period instead of those of `size` (benchmarks that need a
   * network between two sizes); `size` is still recorded in truth.json. Default: the size's own.
   */
  plan?: SizePlan;
  /** Progress and messages; default silent. */
  logger?: Logger;
}

/** What a demo build wrote. */
export interface DemoFolderSummary {
  out: string;
  size: DemoSize;
  seed: number;
  /** Data rows per folder file (continuous: samples). */
  rows: FileCounts;
  /** Final (film-coated tablet) lots. */
  finalLots: number;
  /** Parquet files under `continuous/`, one per tag. */
  continuousFiles: number;
  seconds: number;
}

/**
 * Generates the demo network into a folder of the open folder format: CSV files for the small
 * tables, `continuous/<tag>.parquet` for samples, and `truth.json` with the planted causes.
 *
 * @example
 * const s = await writeDemoFolder({ out: 'causeway-demo', size: 'small', seed: 7 });
 * s.rows.continuous; // number of samples written
 */
export async function writeDemoFolder(options: DemoFolderOptions): Promise<DemoFolderSummary> {
  const size = options.size ?? 'default';
  const seed = options.seed ?? 1;
  const logger = options.logger ?? silentLogger;
  if (!isDemoSize(size)) throw new AppError('bad_demo_size', `demo size '${String(size)}' is not known`, 'use small, default or large');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new AppError('bad_demo_seed', `demo seed '${seed}' is not a whole number from 0 to 4294967295`, `give e.g. ${field('seed', '42')}`);
  }
  const t0 = performance.now();
  const plan = options.plan ?? SIZES[size];
  await prepareOut(options.out);

  const rng = new Rng(seed);
  logger.info(`demo network (${size}, seed ${seed}) → ${options.out}`);
  const net = buildLots(plan, rng.fork(1));
  const lab = buildLab(net, rng.fork(2));
  buildEvents(net);
  const rows = await writeTables(options.out, net, lab);

  const work = await Store.open(':memory:');
  let continuousFiles = 0;
  try {
    const windows = await loadWindows(work, net, plan.periodSeconds);
    rows.continuous = windows.samples;
    const dir = path.join(options.out, 'continuous');
    await mkdir(dir);
    continuousFiles = (await writeSampleFiles(work, windows, seed, dir, logger)).length;
  } finally {
    work.close();
  }
  await writeFile(path.join(options.out, TRUTH_FILE), JSON.stringify(buildTruth(net, seed, size), null, 1) + '\n', 'utf8');
  const finalLots = net.lots.filter((l) => l.material === PRODUCT).length;
  return { out: options.out, size, seed, rows, finalLots, continuousFiles, seconds: (performance.now() - t0) / 1000 };
}

/** Options of {@link buildDemo}. */
export interface DemoOptions extends DemoFolderOptions {
  /** Store to import the folder into (through importFolder, as a user's folder); none: only write the folder. */
  store?: Store;
  /** Who imports, for the audit trail. Default { user: 'causeway-demo' }. */
  actor?: Actor;
}

/** What {@link buildDemo} did. */
export interface DemoSummary extends DemoFolderSummary {
  /** The import report, when a store was given. */
  import?: ImportReport;
  /** Seconds the import took. */
  importSeconds?: number;
}

/**
 * Builds the demo network: writes the folder (see {@link writeDemoFolder}) and, when a store is
 * given, imports it with `importFolder` — the same validating, all-or-nothing path a user's
 * folder takes. Importing the same seed and size twice changes nothing.
 *
 * @param options out (required), size (default 'default'), seed (default 1), store, actor, logger
 * @example
 * const store = await Store.open('causeway.duckdb');
 * const s = await buildDemo({ out: 'causeway-demo', size: 'small', store });
 * s.import?.total.inserted;
 * @see docs/demo-network.md
 */
export async function buildDemo(options: DemoOptions): Promise<DemoSummary> {
  const summary: DemoSummary = await writeDemoFolder(options);
  if (!options.store) return summary;
  const logger = options.logger ?? silentLogger;
  logger.info(`importing ${options.out} into ${options.store.path}…`);
  const t0 = performance.now();
  summary.import = await importFolder(options.store, options.out, { actor: options.actor ?? { user: 'causeway-demo' }, logger });
  summary.importSeconds = (performance.now() - t0) / 1000;
  return summary;
}

/** Creates `out`, or empties it when it holds an earlier demo (recognised by its truth.json). */
async function prepareOut(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = await readdir(out);
    if (entries.length > 0 && !entries.includes(TRUTH_FILE)) {
      throw new AppError('demo_out_not_empty', `the folder '${out}' is not empty and does not hold an earlier demo network`,
        `choose an empty or new folder, e.g. ${field('out', 'causeway-demo')}`);
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}
