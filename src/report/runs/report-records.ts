/**
 * Reports as signable records (`report:ID@VERSION`, records/record-ref.ts): a report's content
 * is read here, for signatures to bind to and for verification to recompute.
 *
 * - `report:NAME@RUN` — a report as it was run (RUN a run id, `R-…`): the run's model, every
 *   number, table and figure it printed. What an author, reviewer and approver sign.
 * - `report:NAME@N` — version N of the definition NAME: what the report covers.
 *
 * Importing this module registers the reader (the CLI's `sign` and the server import it).
 */
import { registerContentReader } from '../../records/record-content.js';
import type { Store } from '../../store/store.js';
import { listVersions } from '../definitions/definition-store.js';
import { getRun, runContent } from './run-store.js';

/** The content a signature of `report:id@version` binds, or undefined when there is no such report. */
export async function reportRecordContent(store: Store, id: string, version: string): Promise<unknown> {
  if (/^R-/.test(version)) {
    const exists = await store.value<string>('SELECT run_id FROM report_runs WHERE run_id = $1 AND name = $2', [version, id]);
    if (!exists) return undefined;
    return (await runContent(store, version)).model;
  }
  const v = Number(version);
  if (!Number.isInteger(v)) return undefined;
  const d = (await listVersions(store, id)).find((x) => x.version === v);
  if (!d) return undefined;
  const { definedBy: _b, definedAt: _a, reason: _r, ...content } = d;
  return { record: 'report definition', ...content };
}

/** The record reference of a run, as `causeway sign` takes it. */
export async function runRecordRef(store: Store, runId: string): Promise<string> {
  const run = await getRun(store, runId);
  return `report:${run.name}@${run.runId}`;
}

registerContentReader('report', reportRecordContent);
