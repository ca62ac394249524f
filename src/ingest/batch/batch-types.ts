/**
 * The shape of a batch: what every connector (OPC UA, Sparkplug B, SQL sources, a site agent
 * relaying over NATS) hands to {@link ingestBatch}. A batch carries the same data a folder of the
 * open format carries (docs/folder-format.md): samples as columns, because they come by the
 * tens of thousands a second, and everything else as rows named like the folder files' columns.
 */
import type { FOLDER_FILES, FolderFile } from '../folder-files.js';

/** A cell of a row: text, a number, an instant, or nothing. */
export type Cell = string | number | Date | null | undefined;

/**
 * Continuous samples of one batch as parallel columns (one index = one sample), the way a
 * subscription delivers them. Value + quality + source time stamp, as OPC UA has it.
 */
export interface SampleColumns {
  /** The tag of each sample (a tag of the store, or one the same batch brings). */
  tag: readonly string[];
  /** Source time stamps in epoch milliseconds; fractions keep microseconds. */
  time: Float64Array | readonly number[];
  /** Values; NaN (or null) is no value (allowed only for a sample that is not good). */
  value: Float64Array | readonly (number | null)[];
  /** 0 good, 1 uncertain, 2 bad. Default: from `status` when given, else good. */
  quality?: Uint8Array | readonly number[];
  /** OPC UA status codes (Part 4, 7.34), kept beside the quality; null or absent: none. */
  status?: Uint32Array | readonly (number | null)[];
}

/** Columns of one folder file: the required ones must be given, the optional ones may. */
type FileColumns<F extends FolderFile> =
  { [K in (typeof FOLDER_FILES)[F]['required'][number]]: Cell } &
  { [K in (typeof FOLDER_FILES)[F]['optional'][number]]?: Cell };

/** What every row may add to its columns: where it came from and, for a correction, why. */
export interface RowOrigin {
  /**
   * The source's own id of the row (a LIMS result id, an MES order line); stored with the value
   * as its provenance and named in messages and dead letters.
   */
  item?: string;
  /** Why the source changed this value (a correction's reason); default: the batch's reason. */
  reason?: string;
}

/** A row of one folder file, e.g. `BatchRow<'discrete'>` = `{ lot, parameter, value, time? }`. */
export type BatchRow<F extends FolderFile> = FileColumns<F> & RowOrigin & (F extends 'lots' ? { attributes?: Record<string, string | number | null> } : unknown);

/** The row files of the folder format (all but continuous, which comes as {@link SampleColumns}). */
export type RowFile = Exclude<FolderFile, 'continuous'>;

/** Rows per folder file. */
export type BatchRows = { [F in RowFile]?: readonly BatchRow<F>[] };

/**
 * One batch of data from a source. Idempotent by key: delivering it again changes nothing.
 *
 * @example
 * const batch: Batch = {
 *   source: 'plant-mqtt',
 *   id: 'plant-mqtt/edge-1/1718000000000',
 *   received: { first: new Date(t0), last: new Date(t1) },
 *   samples: { tag: ['D1.temp', 'D1.temp'], time: [t0, t0 + 1000], value: new Float64Array([61.2, 61.4]) },
 * };
 */
export interface Batch extends BatchRows {
  /** The source (a configured source's name): recorded with every value as its provenance. */
  source: string;
  /**
   * The batch's id, unique per source (e.g. a NATS message id): a batch whose id was applied in
   * the last 24 hours is skipped without being read. Default: none (the data's own keys still
   * make a re-delivery change nothing).
   */
  id?: string;
  /** When its data reached causeway (first and last arrival); default: now. */
  received?: { first: Date; last: Date };
  samples?: SampleColumns;
  /** Which item of the source (node id, metric) each tag of this batch comes from. */
  items?: readonly { item: string; tag: string }[];
}

/** A row the batch could not store, and why. */
export interface DeadLetter {
  /** The folder file of the row ('continuous' for samples), or 'payload' for undecodable input. */
  kind: string;
  /** The source's id of the row (its `item`), or the sample's tag and time. */
  item: string | null;
  code: string;
  reason: string;
  hint: string;
  /** The row as delivered. */
  payload: unknown;
}

/** What {@link ingestBatch} did. */
export interface BatchReport {
  source: string;
  /** The batch's id (given or generated). */
  batchId: string;
  /** The import that stored its rows; null when nothing changed or nothing could be stored. */
  importId: string | null;
  /** True when a batch with this id was applied before: nothing was read or written. */
  duplicate: boolean;
  /** Rows delivered (samples included). */
  rows: number;
  inserted: number;
  unchanged: number;
  replaced: number;
  /** Rows kept as dead letters (with `invalid: 'dead-letter'`). */
  dead: number;
  /** The first dead letters (at most 50), with their reasons. */
  deadLetters: DeadLetter[];
  /** Per store table: inserted, unchanged, replaced. */
  tables: Record<string, { inserted: number; unchanged: number; replaced: number }>;
  /** Source time span of its samples and rows with a time, epoch ms; null when none. */
  sourceTime: { first: number; last: number } | null;
  /** When the batch was committed (queryable from then on). */
  appliedAt: Date;
}
