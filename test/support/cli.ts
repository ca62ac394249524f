import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './shared-data.js';

const run = promisify(execFile);

/** The built CLI (`npm test` builds it in its pretest step). */
export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

/** Output and exit code of one run of the built CLI; a non-zero exit is returned, not thrown. */
export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `causeway ARGS… --db DB` in `cwd` with the built CLI. */
export async function runCli(cwd: string, db: string, ...args: string[]): Promise<CliRun> {
  try {
    const r = await run(process.execPath, [CLI, ...args, '--db', db], { cwd });
    return { ...r, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { stdout: x.stdout, stderr: x.stderr, code: x.code };
  }
}
