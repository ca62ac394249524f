/**
 * The one ingest path of live data: a connector's batch goes through the same validating,
 * transactional import as a folder (`importStaged`), in one transaction per batch.
 *
 * Phases, in order:
 *   1. identify  — a batch whose id was applied in the last 24 h is skipped unread
 *   2. stage     — rows and sample columns into temporary tables of the `Staged` contract,
 *                  through DuckDB's appender (stage-batch.ts)
 *   3. import    — `importStaged`: every check of a folder import, idempotent by key; with
 *                  `invalid: 'dead-letter'` the rows it refuses are set aside with their reason
 *                  and the rest imported (again, until nothing is refused)
 *   4. record    — in the import's transaction: the batch (provenance: source, received and
 *                  source time span, counts), its dead letters, the items its tags come from
 *
 * The import's cost follows the batch, not the store: the stored samples it compares with are
 * read between the batch's constant time bounds, and trend levels are rebuilt for the buckets it
 * wrote into (store/trend-levels.ts).
 */
import { randomBytes } from 'node:crypto';
import { AppError, isAppError, type InputIssue } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { quoteIdent } from '../../store/sql.js';
import type { Actor, Store } from '../../store/store.js';
import type { FolderFile, Staged } from '../folder-files.js';
import { importStaged, type ImportReport } from '../import-staged.js';
import { dropStaged } from '../stage-folder.js';
import type { TargetCounts } from '../write-staged.js';
import type { Batch, BatchReport, BatchRow, DeadLetter, RowFile } from './batch-types.js';
import { writeDeadLetters } from './dead-letters.js';
import { stageBatch, type LineRange } from './stage-batch.js';

/** Options of {@link ingestBatch}. */
export interface IngestOptions {
  /** Who writes (a source writes as `source:<name>`) and, with `replace`, the default reason. */
  actor: Actor;
  /**
   * A different value for a stored key replaces it (the old one kept as a prior version, the
   * reason from the row's `reason`, else the actor's). Default false: such rows are refused.
   */
  replace?: boolean;
  /**
   * What happens to rows the checks refuse: 'reject' (default) refuses the whole batch with an
   * `invalid_input` error listing every problem, as a folder import does; 'dead-letter' keeps
   * them in the dead-letter table with their reason and stores the rest.
   */
  invalid?: 'reject' | 'dead-letter';
  /** Progress and messages. Default: silent. */
  logger?: Logger;
  /**
   * More writes that belong to this batch (a source's watermark and health), run in its
   * transaction once it is recorded, with the report so far. Not run for a duplicate. Default: none.
   */
  alsoWrite?: (report: BatchReport) => Promise<void>;
}

/** How long a batch id is remembered for skipping a re-delivery unread. */
const REMEMBER = "INTERVAL 1 DAY";
/** Dead letters listed in a report. */
const SHOWN = 50;

/**
 * Stores one batch from a source (see the phases above).
 *
 * @param store - the store (a handle of its own while other work runs: `store.fork()`).
 * @param batch - the batch: samples as columns, other data as rows of the folder format.
 * @param options - actor, replace (default false), invalid (default 'reject'), logger.
 * @returns what was stored, unchanged, replaced and refused, and the batch's provenance.
 * @throws AppError `invalid_input` (invalid 'reject'), `reason_required` (replace without a reason).
 * @example
 * const report = await ingestBatch(store, {
 *   source: 'plant-mqtt', id: 'edge-1/42',
 *   samples: { tag: ['D1.temp'], time: [Date.now()], value: [61.2] },
 * }, { actor: { user: 'source:plant-mqtt' }, invalid: 'dead-letter' });
 */
export async function ingestBatch(store: Store, batch: Batch, options: IngestOptions): Promise<BatchReport> {
  const batchId = batch.id ?? `${batch.source}/${new Date().toISOString()}/${randomBytes(4).toString('hex')}`;
  const report: BatchReport = {
    source: batch.source, batchId, importId: null, duplicate: false, rows: 0, inserted: 0, unchanged: 0, replaced: 0,
    dead: 0, deadLetters: [], tables: {}, sourceTime: null, appliedAt: new Date(),
  };
  if (batch.id !== undefined && (await seen(store, batch.source, batch.id))) return { ...report, duplicate: true };

  const prefix = `_batch${randomBytes(4).toString('hex')}`;
  const staged = await stageBatch(store, batch, prefix);
  report.rows = staged.rows;
  report.sourceTime = staged.sourceTime;
  const dead: DeadLetter[] = [];
  const record = async (importId: string | null, imported?: ImportReport) => {
    // Checked again in the transaction: the same batch delivered twice at once is recorded once.
    if (batch.id !== undefined && (await seen(store, batch.source, batch.id))) {
      report.duplicate = true;
      return;
    }
    const total = imported?.total ?? { inserted: 0, unchanged: 0, replaced: 0 };
    const counts = { ...total, unchanged: total.unchanged + staged.repeated };
    Object.assign(report, { importId, inserted: counts.inserted, unchanged: counts.unchanged, replaced: counts.replaced, dead: dead.length });
    await recordBatch(store, batch, report, importId, counts, dead);
    await options.alsoWrite?.(report);
  };
  try {
    let result: ImportReport | undefined;
    for (let tables = staged.staged; Object.keys(tables).length > 0;) {
      try {
        result = await importStaged(store, tables, {
          actor: options.actor, source: batch.source, kind: 'batch', replace: options.replace ?? false,
          maxIssues: Math.max(SHOWN, staged.rows), logger: options.logger, alsoWrite: record,
        });
        break;
      } catch (e) {
        if (options.invalid !== 'dead-letter' || !isAppError(e) || e.code !== 'invalid_input') throw e;
        const refused = refusedRows(e, staged.ranges, batch);
        if (refused.size === 0) throw e;
        dead.push(...refused.values());
        tables = await withoutLines(store, tables, [...refused.keys()]);
      }
    }
    if (result) {
      report.importId = result.importId;
      report.tables = result.tables;
      report.inserted = result.total.inserted;
      report.unchanged = result.total.unchanged + staged.repeated;
      report.replaced = result.total.replaced;
    } else {
      // Every row refused: the dead letters and the batch still go into the store.
      await store.transaction(() => record(null));
    }
    report.dead = dead.length;
    report.deadLetters = dead.slice(0, SHOWN);
    return report;
  } finally {
    await dropStaged(store, staged.staged);
  }
}

/** True when the source applied a batch with this id in the last day. */
async function seen(store: Store, source: string, id: string): Promise<boolean> {
  return (await store.value<boolean>(
    `SELECT EXISTS (SELECT 1 FROM batches WHERE applied_at >= now() - ${REMEMBER} AND source = $1 AND batch_id = $2)`, [source, id])) ?? false;
}

/** Phase 4: the batch's provenance row, its dead letters and the items of its tags. */
async function recordBatch(store: Store, batch: Batch, report: BatchReport, importId: string | null, counts: TargetCounts, dead: DeadLetter[]): Promise<void> {
  const at = new Date();
  const received = batch.received ?? { first: at, last: at };
  const time = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  await store.run(
    `INSERT INTO batches VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [report.batchId, batch.source, importId, report.rows, counts.inserted, counts.unchanged, counts.replaced,
      dead.length, received.first.toISOString(), received.last.toISOString(), time(report.sourceTime?.first), time(report.sourceTime?.last), at.toISOString()],
  );
  report.appliedAt = at;
  await writeDeadLetters(store, batch.source, report.batchId, dead);
  if (batch.items && batch.items.length > 0) {
    await store.run(
      `INSERT INTO source_items (source, item, tag, first_seen, last_seen, stale_since)
       SELECT DISTINCT ON (item) $1, item, tag, now(), now(), NULL FROM (SELECT unnest(from_json($2, '[{"item":"VARCHAR","tag":"VARCHAR"}]'), recursive := true))
       ON CONFLICT (source, item) DO UPDATE SET tag = excluded.tag, last_seen = excluded.last_seen, stale_since = NULL`,
      [batch.source, JSON.stringify(batch.items)],
    );
  }
}

/**
 * The rows an `invalid_input` error refuses, by line, as dead letters. Each issue names the
 * line of its row (the batch numbers its rows across files); several issues of one row are
 * joined into one reason.
 */
function refusedRows(e: AppError, ranges: LineRange[], batch: Batch): Map<number, DeadLetter> {
  const issues = ((e.details as { issues?: InputIssue[] } | undefined)?.issues ?? []);
  const out = new Map<number, DeadLetter>();
  for (const issue of issues) {
    if (issue.line === undefined) return new Map();
    const range = ranges.find((r) => issue.line! >= r.first && issue.line! < r.first + r.rows);
    if (!range) return new Map();
    const reason = `${issue.column ? `${issue.column} ` : ''}${issue.message}${issue.value !== undefined && issue.value !== '' ? ` (value '${issue.value}')` : ''}`;
    const known = out.get(issue.line);
    if (known) {
      known.reason += `; ${reason}`;
      continue;
    }
    const { item, payload } = rowOf(batch, range.file, issue.line - range.first);
    out.set(issue.line, { kind: range.file, item, code: 'invalid_row', reason, hint: issue.hint, payload });
  }
  return out;
}

/** The delivered row `index` of `file`: its item and a JSON copy. */
function rowOf(batch: Batch, file: FolderFile, index: number): { item: string | null; payload: unknown } {
  if (file === 'continuous') {
    const s = batch.samples!;
    const t = s.time[index]!;
    const payload = {
      tag: s.tag[index], time: Number.isFinite(t) ? new Date(t).toISOString() : null, value: s.value[index] ?? null,
      quality: s.quality?.[index] ?? null, status: s.status?.[index] ?? null,
    };
    return { item: `${payload.tag} @ ${payload.time}`, payload };
  }
  const row = (batch[file as RowFile] as readonly BatchRow<RowFile>[])[index]!;
  return { item: row.item ?? null, payload: row };
}

/** The staged tables without the rows of `lines`; tables left empty are dropped from the set. */
async function withoutLines(store: Store, staged: Staged, lines: number[]): Promise<Staged> {
  const out: Staged = {};
  const list = JSON.stringify(lines);
  for (const [file, table] of Object.entries(staged) as [FolderFile, string][]) {
    await store.run(`DELETE FROM ${quoteIdent(table)} WHERE _line IN (SELECT unnest(from_json($1, '["BIGINT"]')))`, [list]);
    if (Number(await store.value(`SELECT count(*) FROM ${quoteIdent(table)}`)) > 0) out[file] = table;
  }
  return out;
}
