import { describe, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Path to the read-only reference data (`../shared/data` from the project root; override with
 * CAUSEWAY_SHARED_DATA). CI always has it; a fresh clone of a user may not, and tests that
 * need it skip with {@link SHARED_DATA_MISSING} as the reason.
 */
export const SHARED_DATA = process.env.CAUSEWAY_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');

/** Absolute path of a file or folder inside the reference data. */
export function sharedData(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

/** True when the given reference data exists (whole folder when no parts are given). */
export function hasSharedData(...parts: string[]): boolean {
  return existsSync(sharedData(...parts));
}

/** Why reference-data tests skip here. */
export const SHARED_DATA_MISSING = `reference data not found at ${SHARED_DATA} (set CAUSEWAY_SHARED_DATA); skipping`;

/**
 * `describe` for tests that need the reference data: runs when it is there; else the body (which
 * may read the data while collecting tests) is not run, and one skipped test says why
 * (e.g. `describeWithData('qcc', 'pistonrings.txt')('qcc examples', …)`).
 */
export function describeWithData(...parts: string[]): (title: string, fn: () => void) => void {
  if (hasSharedData(...parts)) return (title, fn) => describe(title, fn);
  return (title) => describe(title, () => it.skip(SHARED_DATA_MISSING, () => undefined));
}
