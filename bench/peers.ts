/**
 * The Python peers of the benchmarks (bench/peers/*.py): what a competent data scientist would
 * run instead of causeway, timed in the same run on the same data. They use Debian's
 * python3-pandas and python3-sklearn through the system Python (`/usr/bin/python3`, or
 * CAUSEWAY_BENCH_PYTHON); when those are missing and apt-get can install them (as root), the
 * benchmark installs them and says so; otherwise it says why the peer is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.CAUSEWAY_BENCH_PYTHON ?? '/usr/bin/python3';
const PACKAGES = ['python3-pandas', 'python3-sklearn'];

let ready: string | undefined | null = null;

/** True when the system Python imports pandas, scikit-learn and scipy. */
function importsPeers(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import pandas, sklearn, scipy'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure the peers can run: returns undefined when they can, else the reason they cannot.
 * Installs Debian's packages with apt-get when they are absent (once per run).
 */
export function peersUnavailable(): string | undefined {
  if (ready !== null) return ready;
  if (importsPeers()) return (ready = undefined);
  const apt = '/usr/bin/apt-get';
  if (!existsSync(apt) || process.getuid?.() !== 0) {
    return (ready = `${PYTHON} cannot import pandas and scikit-learn, and apt-get is not available as root: install ${PACKAGES.join(' ')} to run the peers`);
  }
  process.stdout.write(`peers: ${PYTHON} lacks pandas/scikit-learn; installing Debian's ${PACKAGES.join(', ')} with apt-get…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync(apt, ['update', '-q'], { stdio: 'ignore', env });
  const r = spawnSync(apt, ['install', '-y', '-q', ...PACKAGES], { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
  if (r.status !== 0 || !importsPeers()) return (ready = `apt-get install ${PACKAGES.join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').at(-1)}`);
  process.stdout.write('peers: installed\n');
  return (ready = undefined);
}

/**
 * Runs a peer script (bench/peers/NAME) with arguments; returns the JSON it prints on its last
 * line. Throws with the script's error output when it fails.
 */
export function runPeer<T>(name: string, args: string[]): T {
  const r = spawnSync(PYTHON, [path.join(here, 'peers', name), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`peer ${name} failed (exit ${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}
