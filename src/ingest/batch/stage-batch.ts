/**
 * Stages a {@link Batch} into DuckDB temporary tables of the `Staged` contract (folder-files.ts),
 * with the appender: samples typed as the store keeps them (tag, time TIMESTAMPTZ, value DOUBLE,
 * quality UTINYINT, status UINTEGER), rows with a column per folder-format column. Every row
 * gets a line number unique in the batch (`_line`), so a problem the import reports points back
 * to the row it came from; `_source` names the source and the row's item; `_reason` carries a
 * correction's own reason.
 */
import { AppError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { FOLDER_FILES, IMPORT_ORDER, type FolderFile, type Staged } from '../folder-files.js';
import { appendTable, type AppendColumn, type AppendType } from './append-table.js';
import type { Batch, BatchRow, Cell, RowFile, SampleColumns } from './batch-types.js';

/** Columns holding numbers: staged DOUBLE when every value given is a number. */
const NUMERIC = new Set(['value', 'quantity', 'lsl', 'usl', 'target', 'sequence', 'replicate']);
/** Columns holding instants: staged TIMESTAMPTZ when every value given is a Date or epoch ms. */
const TIMES = new Set(['time', 'start', 'end', 'valid_from']);

/** Where the rows of one file sit in the batch's line numbers. */
export interface LineRange {
  file: FolderFile;
  /** Line of its first row. */
  first: number;
  rows: number;
}

/** A staged batch: its tables, the line range of each file, and its source time span. */
export interface StagedBatch {
  staged: Staged;
  ranges: LineRange[];
  rows: number;
  /** Samples delivered twice within the batch (same tag, time, value and quality), staged once. */
  repeated: number;
  /** First and last source time (epoch ms) of its samples and timed rows; null when none. */
  sourceTime: { first: number; last: number } | null;
}

/**
 * Stages the batch's data into temporary tables named `${prefix}_<file>`.
 *
 * @throws AppError `bad_batch` when sample columns differ in length (a connector's bug, not bad data).
 */
export async function stageBatch(store: Store, batch: Batch, prefix: string): Promise<StagedBatch> {
  const staged: Staged = {};
  const ranges: LineRange[] = [];
  const span = { first: Infinity, last: -Infinity };
  const widen = (ms: number) => {
    if (!Number.isFinite(ms)) return;
    if (ms < span.first) span.first = ms;
    if (ms > span.last) span.last = ms;
  };
  let line = 1;
  let repeated = 0;
  for (const file of IMPORT_ORDER) {
    const table = `${prefix}_${file}`;
    let rows = 0;
    if (file === 'continuous') {
      if (!batch.samples || batch.samples.tag.length === 0) continue;
      const r = await stageSamples(store, table, batch.samples, batch.source, line, widen);
      rows = r.rows;
      repeated += r.repeated;
    } else {
      const list = batch[file] as readonly BatchRow<RowFile>[] | undefined;
      if (!list || list.length === 0) continue;
      rows = await stageRows(store, table, file, list, batch.source, line, widen);
    }
    staged[file] = table;
    ranges.push({ file, first: line, rows });
    line += rows;
  }
  return { staged, ranges, rows: line - 1, repeated, sourceTime: span.first <= span.last ? span : null };
}

/** Quality from an OPC UA status code: its two top (severity) bits, 00 good, 01 uncertain, 1x bad. */
export function qualityOfStatus(status: number): number {
  const severity = status >>> 30;
  return severity === 0 ? 0 : severity === 1 ? 1 : 2;
}

async function stageSamples(store: Store, table: string, s: SampleColumns, source: string, line: number, widen: (ms: number) => void): Promise<{ rows: number; repeated: number }> {
  const n = s.tag.length;
  const lengths = { time: s.time.length, value: s.value.length, quality: s.quality?.length ?? n, status: s.status?.length ?? n };
  for (const [name, len] of Object.entries(lengths)) {
    if (len !== n) throw new AppError('bad_batch', `the batch of '${source}' has ${n} sample tags but ${len} ${name} values`, 'every sample column must have one entry per sample');
  }
  for (let i = 0; i < n; i++) widen(s.time[i]!);
  const quality = (i: number): number => {
    const q = s.quality?.[i];
    if (q !== undefined) return q;
    const st = s.status?.[i];
    return st === null || st === undefined ? 0 : qualityOfStatus(st);
  };
  const value = (i: number) => { const v = s.value[i]; return v === null || v === undefined || Number.isNaN(v) ? null : v; };
  // The same sample twice in one batch (a message delivered twice within a batch's window) is
  // one sample: kept once, as the store keeps a re-delivered batch once. Two different values
  // for one tag and time stay, and the import refuses the second.
  const seen = new Map<string, number>();
  const keep: number[] = [];
  let repeated = 0;
  for (let i = 0; i < n; i++) {
    const key = `${s.tag[i]}\u0000${s.time[i]}`;
    const first = seen.get(key);
    if (first !== undefined && value(first) === value(i) && quality(first) === quality(i) && (s.status?.[first] ?? null) === (s.status?.[i] ?? null)) {
      repeated++;
      continue;
    }
    if (first === undefined) seen.set(key, i);
    keep.push(i);
  }
  // Lines keep the sample's index in the batch, so a refused one points back to it.
  const at = (j: number) => keep[j]!;
  const columns: AppendColumn[] = [
    { name: 'tag', type: 'VARCHAR', get: (j) => s.tag[at(j)] || null },
    { name: 'time', type: 'TIMESTAMPTZ', get: (j) => micros(s.time[at(j)]!) },
    { name: 'value', type: 'DOUBLE', get: (j) => value(at(j)) },
    { name: 'quality', type: 'UTINYINT', get: (j) => quality(at(j)) },
    { name: 'status', type: 'UINTEGER', get: (j) => s.status?.[at(j)] ?? null },
    { name: '_line', type: 'BIGINT', get: (j) => BigInt(line + at(j)) },
    { name: '_source', type: 'VARCHAR', get: () => source },
  ];
  await appendTable(store, table, columns, keep.length);
  return { rows: n, repeated };
}

/** Epoch milliseconds (fractions to the microsecond) → epoch microseconds; null when not a time. */
function micros(ms: number): bigint | null {
  return Number.isFinite(ms) ? BigInt(Math.round(ms * 1000)) : null;
}

async function stageRows(store: Store, table: string, file: RowFile, rows: readonly BatchRow<RowFile>[], source: string, line: number, widen: (ms: number) => void): Promise<number> {
  const spec = FOLDER_FILES[file];
  const names = new Set<string>(spec.required);
  const cell = (r: BatchRow<RowFile>, c: string): Cell => (r as unknown as Record<string, Cell>)[c];
  for (const r of rows) for (const c of spec.optional) if (cell(r, c) !== undefined && cell(r, c) !== null) names.add(c);
  const attributes = new Set<string>();
  if (file === 'lots') for (const r of rows) for (const a of Object.keys((r as BatchRow<'lots'>).attributes ?? {})) if (!names.has(a) && !a.startsWith('_')) attributes.add(a);
  const columns: AppendColumn[] = [...names].map((name) => {
    const values = rows.map((r) => cell(r, name));
    const type = columnType(name, values);
    return { name, type, get: (i: number) => toCell(values[i], type) };
  });
  for (const a of attributes) {
    columns.push({ name: a, type: 'VARCHAR', get: (i) => toCell((rows[i] as BatchRow<'lots'>).attributes?.[a], 'VARCHAR') });
  }
  columns.push(
    { name: '_line', type: 'BIGINT', get: (i) => BigInt(line + i) },
    { name: '_source', type: 'VARCHAR', get: (i) => (rows[i]!.item ? `${source}:${rows[i]!.item}` : source) },
    { name: '_reason', type: 'VARCHAR', get: (i) => rows[i]!.reason?.trim() || null },
  );
  for (const r of rows) for (const c of TIMES) { const v = cell(r, c); if (v instanceof Date) widen(v.getTime()); }
  await appendTable(store, table, columns, rows.length);
  return rows.length;
}

/** The staged type of a column: typed when every value given fits, else text (the import judges it). */
function columnType(name: string, values: readonly Cell[]): AppendType {
  const given = values.filter((v) => v !== null && v !== undefined);
  if (NUMERIC.has(name) && given.every((v) => typeof v === 'number')) return 'DOUBLE';
  if (TIMES.has(name) && given.length > 0 && given.every((v) => v instanceof Date || typeof v === 'number')) return 'TIMESTAMPTZ';
  return 'VARCHAR';
}

/** A cell as the staged type holds it. */
function toCell(v: Cell, type: AppendType): string | number | bigint | null {
  if (v === null || v === undefined) return null;
  if (type === 'DOUBLE') return v as number;
  if (type === 'TIMESTAMPTZ') return micros(v instanceof Date ? v.getTime() : (v as number));
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
  return String(v);
}
