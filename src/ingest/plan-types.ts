/**
 * The shape of an import plan: for each staged file, a typed view over its rows, the checks
 * that judge them and the store tables they write. Plans are data; the validator and the
 * writer run them as set-based SQL.
 */
import type { FolderFile } from './folder-files.js';
import type { ColumnTypes } from './sql-expr.js';

/** One rule a row can break. `when` and `value` are SQL over the file's typed view. */
export interface Check {
  /** Column the problem is in (as the user names it). */
  column: string;
  /** SQL condition, TRUE for a row with the problem. */
  when: string;
  /** SQL expression of the offending value as written (echoed in the message). */
  value: string;
  message: string;
  /** Optional SQL text appended to the message (e.g. the line of the first occurrence). */
  detail?: string;
  hint: string;
  /**
   * For duplicate keys: the key columns. `when` and `detail` may then use `_n` (rows with this
   * key) and `_first` (first line with it); the validator counts with one GROUP BY first.
   */
  dup?: string[];
}

/** Rows of a file going into one store table, identified by a natural key. */
export interface Target {
  table: string;
  /** Natural key columns of the store table. */
  key: string[];
  /** Value columns compared for idempotency and replaced with --replace. */
  cols: string[];
  /** SELECT over the typed view producing key, cols, `_line`, `_source` and `_reason`, one row per key. */
  select: string;
  /**
   * A condition on the stored rows (alias `s`) outside which no staged row can match, e.g.
   * constant time bounds of the staged samples: DuckDB then reads only the row groups inside
   * them, so comparing a small import with a large table costs what the import is worth.
   */
  storedWhere?: string;
}

/** Everything the importer knows about one staged file. */
export interface FilePlan {
  file: FolderFile;
  /** Name of the typed view (created by the importer from `view`). */
  viewName: string;
  /** SELECT defining the typed view. */
  view: string;
  checks: Check[];
  targets: Target[];
}

/** Names of the context views: staged rows united with what the store already holds. */
export interface ContextViews {
  sites: string;
  equipment: string;
  materials: string;
  steps: string;
  lots: string;
  parameters: string;
  tags: string;
}

/** Input to a plan builder. */
export interface PlanInput {
  /** Staged temp table. */
  stage: string;
  /** Its column types. */
  types: ColumnTypes;
  /** Name for the typed view. */
  viewName: string;
  ctx: ContextViews;
}
