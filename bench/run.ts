/**
 * Runs the benchmarks: every `bench/*.bench.ts` module's default export, in name order, each in
 * a process of its own so that its memory figures (peak RSS) are its own.
 * `npm run bench` runs all; `npm run bench -- dataset` only those whose file name contains `dataset`.
 * Benchmarks are never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

// Child: `run.ts --one FILE` runs one benchmark module.
if (args[0] === '--one') {
  const mod = (await import(pathToFileURL(path.join(here, args[1]!)).href)) as { default: () => Promise<void> };
  await mod.default();
  process.exit(0);
}

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (args.length === 0 || args.some((x) => f.includes(x))))
  .sort();

process.stdout.write(`machine: ${os.cpus().length} cores (nproc ${os.availableParallelism()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', f], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`${f} failed (exit ${r.status})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
