/**
 * Runs the benchmarks: every `bench/*.bench.ts` module's default export, in name order.
 * `npm run bench` runs all; `npm run bench -- dataset` only those whose file name contains `dataset`.
 * Benchmarks are never part of `npm test`.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();

process.stdout.write(`machine: ${os.cpus().length} cores (nproc ${os.availableParallelism()}), node ${process.version}, ${new Date().toISOString()}\n`);
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { default: () => Promise<void> };
  await mod.default();
}
