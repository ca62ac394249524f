import type { InputIssue } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { quoteIdent } from '../../store/sql.js';
import type { Row, Store } from '../../store/store.js';
import type { FolderFile } from '../folder-files.js';
import type { LoadedMapping } from './load-mapping.js';
import { Binds, compileTemplate, type CompiledTemplate, type TempNames } from './sql-parts.js';

/** Most issues of one kind reported per input (a run reports many errors, not endless ones). */
export const ISSUE_LIMIT = 50;

/**
 * What the staging phases share: the store, temp-table names, the issues found so far and the
 * staged parts of each folder-format file (several parts are unioned at the end).
 */
export interface StageContext {
  store: Store;
  names: TempNames;
  loaded: LoadedMapping;
  logger: Logger;
  issues: InputIssue[];
  /** Temp table `(_s_site, _s_tz)`: sites declared in the mapping or already in the store. */
  sitesTable: string;
  /** Temp table `(_e_equipment, _e_site)`: equipment declared in the mapping or already in the store. */
  equipmentTable: string;
  parts: Map<FolderFile, string[]>;
}

/** Records a staged part (a temp table with the file's columns as text, `_line`, `_source`). */
export function addPart(ctx: StageContext, file: FolderFile, table: string): void {
  const list = ctx.parts.get(file) ?? [];
  list.push(table);
  ctx.parts.set(file, list);
}

/** Creates a temp table from a SELECT (values bound) and returns its name. */
export async function createTemp(ctx: StageContext, label: string, select: string, binds: Binds): Promise<string> {
  const name = ctx.names.next(label);
  await ctx.store.run(`CREATE TEMP TABLE ${quoteIdent(name)} AS ${select}`, binds.values);
  return name;
}

/** Runs a query that finds problems (at most {@link ISSUE_LIMIT}) and records one issue per row. */
export async function sqlIssues(ctx: StageContext, select: string, binds: Binds, make: (row: Row) => InputIssue): Promise<number> {
  const rows = await ctx.store.all(`${select} LIMIT ${ISSUE_LIMIT}`, binds.values);
  for (const r of rows) ctx.issues.push(make(r));
  return rows.length;
}

/** Issue about the mapping itself (a template naming a column the file lacks, …). */
export function mappingIssue(ctx: StageContext, keyPath: (string | number)[], message: string, hint: string): void {
  const line = ctx.loaded.lineOf(keyPath);
  ctx.issues.push({
    file: ctx.loaded.file,
    ...(line !== undefined ? { line } : {}),
    column: keyPath.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '['),
    message,
    hint,
  });
}

/** Compiles a template of the mapping, recording an issue at its key path when it names an unknown column. */
export function template(
  ctx: StageContext,
  keyPath: (string | number)[],
  text: string,
  columns: ReadonlySet<string>,
  binds: Binds,
  special: Record<string, string> = {},
): CompiledTemplate | undefined {
  const t = compileTemplate(text, columns, binds, special);
  if ('error' in t) {
    mappingIssue(ctx, keyPath, t.error, 'use a column name of the file in {…}, or text without braces for a constant');
    return undefined;
  }
  return t;
}

/** Checks that the mapping's column references exist in the input; records an issue per missing one. */
export function requireColumns(ctx: StageContext, keyPath: (string | number)[], names: string[], columns: ReadonlySet<string>): boolean {
  let ok = true;
  for (const n of names) {
    if (columns.has(n)) continue;
    ok = false;
    mappingIssue(ctx, keyPath, `column '${n}' is not in the input`, `use one of the file's columns (${[...columns].slice(0, 12).join(', ')}${columns.size > 12 ? ', …' : ''})`);
  }
  return ok;
}
