/**
 * Benchmark: importing 20 million continuous samples (5 tags, 1-s spacing, ISO 8601 times with
 * Z, quality 'good') from one CSV file and from one Parquet file, each against DuckDB itself
 * loading the same file into a plain table (`CREATE TABLE t AS SELECT * FROM read_csv(…)` /
 * `read_parquet(…)`) in the same process and store file. Ratio = DuckDB time / our time
 * (goal ≥ 0.7). Peak memory: the process RSS high-water mark (process.resourceUsage().maxRSS)
 * after each step; it only grows, so each figure covers all steps before it.
 *
 * Our import does everything a user's import does: staging, every check of the folder format,
 * time parsing with site zones, quality mapping, the duplicate check, the transaction with the
 * imports row and audit, then the trend levels. The time of each phase is printed (from the
 * import's progress labels) with the load average after the import.
 * `CAUSEWAY_BENCH_IMPORT_ROWS` sets a smaller size for a quick look.
 */
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../src/core/logger.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { Store } from '../src/store/store.js';
import { quoteLiteral } from '../src/store/sql.js';

const ROWS = Number(process.env.CAUSEWAY_BENCH_IMPORT_ROWS ?? 20_000_000);
const TAGS = 5;

const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const secs = (t: number) => (performance.now() - t) / 1000;

/** Writes the samples file with DuckDB: tag T0…T4, one sample per tag per second. */
async function generate(store: Store, file: string, format: 'csv' | 'parquet'): Promise<void> {
  const time = format === 'csv' ? `strftime(TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i // ${TAGS}), '%Y-%m-%dT%H:%M:%SZ')` : `TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i // ${TAGS})`;
  await store.run(
    `COPY (SELECT 'T' || (i % ${TAGS}) AS tag, ${time} AS time, round(50 + 10 * sin(i / 7919.0) + (hash(i) % 1000) / 1000.0, 3) AS value, 'good' AS quality
           FROM range(${ROWS}) r(i)) TO ${quoteLiteral(file)} ${format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet, COMPRESSION zstd)'}`,
  );
}

/**
 * A logger that notes when each progress label first appears: the import's phases (reading
 * files, validating, writing samples, checking duplicate samples, committing, trend levels).
 */
function phaseClock(): { log: Logger; phases: (end: number) => [string, number][] } {
  const marks: [string, number][] = [];
  const log: Logger = {
    info: () => {},
    warn: () => {},
    progress: (label) => {
      if (marks.at(-1)?.[0] !== label) marks.push([label, performance.now()]);
    },
  };
  // A label seen again (e.g. 'importing' after the samples) adds to its first phase.
  const phases = (end: number): [string, number][] => {
    const sums = new Map<string, number>();
    marks.forEach(([label, t], i) => sums.set(label, (sums.get(label) ?? 0) + ((marks[i + 1]?.[1] ?? end) - t) / 1000));
    return [...sums];
  };
  return { log, phases };
}

async function one(format: 'csv' | 'parquet', root: string): Promise<string> {
  const dir = path.join(root, format);
  mkdirSync(path.join(dir, 'folder'), { recursive: true });
  const file = path.join(dir, 'folder', `continuous.${format}`);
  const store = await Store.open(path.join(dir, 'store.duckdb'));
  try {
    // Sites, equipment and tags are set up first, as a user's earlier import would have.
    const setup = path.join(dir, 'setup');
    mkdirSync(setup);
    writeFileSync(path.join(setup, 'sites.csv'), 'site,timezone\nS1,Europe/Ljubljana\n');
    writeFileSync(path.join(setup, 'equipment.csv'), 'equipment,site\nE1,S1\n');
    writeFileSync(path.join(setup, 'tags.csv'), 'tag,equipment\n' + Array.from({ length: TAGS }, (_, i) => `T${i},E1`).join('\n') + '\n');
    await importFolder(store, setup, { actor: { user: 'bench' } });
    let t = performance.now();
    await generate(store, file, format);
    const mb = statSync(file).size / 1e6;
    process.stdout.write(`${format}: wrote ${(ROWS / 1e6).toFixed(1)} M samples (${mb.toFixed(0)} MB) in ${secs(t).toFixed(1)} s\n`);

    t = performance.now();
    const reader = format === 'csv' ? `read_csv(${quoteLiteral(file)})` : `read_parquet(${quoteLiteral(file)})`;
    await store.run(`CREATE TABLE plain AS SELECT * FROM ${reader}`);
    const base = secs(t);
    const rssBase = rssMB();
    await store.run('DROP TABLE plain');
    await store.run('CHECKPOINT');

    t = performance.now();
    const clock = phaseClock();
    const report = await importFolder(store, path.join(dir, 'folder'), { actor: { user: 'bench' }, logger: clock.log });
    const ours = secs(t);
    const phases = clock.phases(performance.now());
    process.stdout.write(`${format}: phases ${phases.map(([l, s]) => `${l} ${s.toFixed(2)} s`).join(', ')}\n`);
    const rssOurs = rssMB();
    if (report.total.inserted !== ROWS) throw new Error(`imported ${report.total.inserted} samples, expected ${ROWS}`);
    const line = `| ${format} | ${(ROWS / 1e6).toFixed(0)} M | ${base.toFixed(2)} s | ${ours.toFixed(2)} s | ${(base / ours).toFixed(2)} | ${((ROWS / ours) / 1e6).toFixed(2)} M/s | ${rssBase} MB | ${rssOurs} MB |`;
    process.stdout.write(`${format}: DuckDB plain load ${base.toFixed(2)} s, causeway import ${ours.toFixed(2)} s, ratio ${(base / ours).toFixed(2)} (goal ≥ 0.7), peak RSS ${rssOurs} MB, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
    return line;
  } finally {
    store.close();
  }
}

/** Runs both formats and prints a Markdown table for docs/benchmarks.md. */
export default async function run(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-import-'));
  try {
    const lines = [await one('csv', root), await one('parquet', root)];
    process.stdout.write(
      `\n| file | samples | DuckDB plain load | causeway import | ratio | rate | peak RSS after DuckDB load | peak RSS after import |\n|---|---|---|---|---|---|---|---|\n${lines.join('\n')}\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
