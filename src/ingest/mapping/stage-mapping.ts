import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { throwIfIssues } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { quoteIdent } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { IMPORT_ORDER, type Staged } from '../folder-files.js';
import type { LoadedMapping } from './load-mapping.js';
import { readInput } from './read-input.js';
import { isTableInput } from './schema.js';
import { TempNames } from './sql-parts.js';
import type { StageContext } from './stage-context.js';
import { stageDeclared } from './stage-declared.js';
import { stageSeries } from './stage-series.js';
import { stageTable } from './stage-table.js';

/** The staged tables of a mapped import and every temporary table made on the way (to drop). */
export interface StagedMapping {
  staged: Staged;
  /** Input files read, as named in messages. */
  files: string[];
  /** Every temporary table created (drop with {@link dropStaged}). */
  temp: string[];
}

/** Options for {@link stageMapping}. */
export interface StageOptions {
  /** A file that replaces the first input's file(s) (the CLI's FILE argument). Default: none. */
  file?: string;
  /** Progress and notes. Default: silent. */
  logger?: Logger;
}

/**
 * Transforms the inputs of a mapping into the staged tables of the folder format (see
 * `Staged` in folder-files.ts), all inside DuckDB: read each file as text → declared things →
 * each table or series input → union of the parts per folder-format file. Every problem of
 * every input is collected first and reported at once (file, line, column, value, fix).
 *
 * @throws AppError `invalid_input` listing the problems (nothing is staged then).
 * @example
 * const s = await stageMapping(store, await loadMapping('examples/zagar2022/mapping.yaml'));
 */
export async function stageMapping(store: Store, loaded: LoadedMapping, options: StageOptions = {}): Promise<StagedMapping> {
  const names = new TempNames(`_map_${randomBytes(4).toString('hex')}`);
  const ctx: StageContext = {
    store, names, loaded, logger: options.logger ?? silentLogger, issues: [], sitesTable: '', equipmentTable: '', parts: new Map(),
  };
  const files: string[] = [];
  try {
    await stageDeclared(ctx, loaded.mapping);
    // An unknown zone would fail inside the conversions: stop here with the mapping's own issues.
    throwIfIssues(ctx.issues, `mapped import (${loaded.file})`);
    for (const [at, input] of loaded.mapping.inputs.entries()) {
      const given = at === 0 && options.file !== undefined ? [path.resolve(options.file)] : (Array.isArray(input.file) ? input.file : [input.file]).map((f) => path.resolve(loaded.dir, f));
      const list = given.map((p) => ({ path: p, shown: shownPath(p) }));
      files.push(...list.map((f) => f.shown));
      ctx.logger.progress('reading inputs', at, loaded.mapping.inputs.length);
      const table = await readInput(store, list, input.format, names);
      if (isTableInput(input)) await stageTable(ctx, input, table, at);
      else await stageSeries(ctx, input, table, at);
    }
    ctx.logger.progress('reading inputs', loaded.mapping.inputs.length, loaded.mapping.inputs.length);
    throwIfIssues(ctx.issues, `mapped import (${loaded.file})`);
    const staged: Staged = {};
    for (const file of IMPORT_ORDER) {
      const parts = ctx.parts.get(file);
      if (parts?.length) staged[file] = await union(store, names, file, parts);
    }
    return { staged, files, temp: names.created };
  } catch (e) {
    await dropStaged(store, names.created);
    throw e;
  }
}

/** Drops the temporary tables of a staged mapping (errors ignored: they vanish with the connection anyway). */
export async function dropStaged(store: Store, tables: string[]): Promise<void> {
  for (const t of tables) {
    try {
      await store.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(t)}`);
    } catch {
      /* already gone */
    }
  }
}

/**
 * One staged table of a folder-format file: its parts unioned by column name, all text but
 * `_line`; a single part of samples stays as it is (typed TIMESTAMPTZ time and DOUBLE value,
 * which the import reads directly: a million samples are not turned into text and back).
 */
async function union(store: Store, names: TempNames, file: string, parts: string[]): Promise<string> {
  if (file === 'continuous' && parts.length === 1) return parts[0]!;
  const all = names.next(`all_${file}`);
  await store.run(`CREATE TEMP TABLE ${quoteIdent(all)} AS ${parts.map((p) => `SELECT * FROM ${quoteIdent(p)}`).join(' UNION ALL BY NAME ')}`);
  const columns = (await store.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(all)}`)).map((r) => r.column_name);
  const table = names.next(`staged_${file}`);
  const select = columns.map((c) =>
    c === '_line' ? 'CAST(_line AS BIGINT) AS _line' : `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}`,
  );
  await store.run(`CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT ${select.join(', ')} FROM ${quoteIdent(all)}`);
  return table;
}

/** A path as shown in messages: relative to the working folder when that is shorter. */
function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel.length < p.length ? rel : p;
}
