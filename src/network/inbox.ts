/**
 * The agent's inbox: a folder where the site's producers drop batch files (docs/network.md,
 * "Batch files"). A file is taken in name order, queued in the outbox and only then deleted, so
 * a crash between the two queues it again under the same id, which the outbox skips. A file
 * that is not a batch is moved to `rejected/` with the reason beside it; the rest go on.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../core/errors.js';
import type { Batch } from '../ingest/batch/batch-types.js';

/** A batch file read from the inbox. */
export interface InboxFile {
  name: string;
  file: string;
  batch: Batch;
}

/** The batch files waiting in `dir`, oldest name first (at most `limit`). Files still being written end in `.tmp`. */
export function listInbox(dir: string, limit: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.json')).sort().slice(0, limit);
}

/**
 * Reads one batch file. Sample times are epoch milliseconds or ISO 8601 texts with Z or an
 * offset (a sample's instant must not depend on the clock settings of the machine reading it).
 *
 * @throws AppError `bad_batch_file` with the reason.
 */
export function readBatchFile(dir: string, name: string): InboxFile {
  const file = path.join(dir, name);
  let batch: Batch;
  try {
    batch = JSON.parse(readFileSync(file, 'utf8')) as Batch;
  } catch (e) {
    throw new AppError('bad_batch_file', `${name} is not JSON: ${(e as Error).message}`, 'write the file whole as `NAME.json.tmp`, then rename it to `NAME.json`');
  }
  if (typeof batch !== 'object' || batch === null || typeof batch.source !== 'string' || batch.source === '')
    throw new AppError('bad_batch_file', `${name} names no source`, 'give "source": the name of the system the data comes from, e.g. "lims"');
  const s = batch.samples;
  if (s) {
    if (!Array.isArray(s.tag) || !Array.isArray(s.time) || !Array.isArray(s.value))
      throw new AppError('bad_batch_file', `${name}: samples need the arrays tag, time and value`, 'one entry per sample in each: "samples": {"tag": [...], "time": [...], "value": [...]}');
    const times = (s.time as unknown[]).map((t, i) => sampleTime(name, t, i));
    batch = { ...batch, samples: { ...s, time: times } };
  }
  return { name, file, batch };
}

function sampleTime(name: string, t: unknown, i: number): number {
  if (typeof t === 'number' && Number.isFinite(t)) return t;
  if (typeof t === 'string' && /(Z|[+-]\d\d:?\d\d)$/i.test(t.trim())) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  throw new AppError('bad_batch_file', `${name}: sample ${i + 1} has time '${String(t)}', not an instant`, 'give epoch milliseconds or ISO 8601 with Z or a UTC offset, e.g. 2024-03-31T03:30:00+02:00');
}

/** Deletes a file that is queued. */
export function doneWith(file: string): void {
  rmSync(file, { force: true });
}

/** Moves a file that cannot be sent to `rejected/`, with the reason in `NAME.reason.txt`. */
export function reject(dir: string, name: string, e: unknown): void {
  const to = path.join(dir, 'rejected');
  mkdirSync(to, { recursive: true });
  renameSync(path.join(dir, name), path.join(to, name));
  const text = isAppError(e) ? `${e.code}: ${e.message}\nhint: ${e.hint}\n` : `${String((e as Error)?.message ?? e)}\n`;
  writeFileSync(path.join(to, `${name}.reason.txt`), text);
}
