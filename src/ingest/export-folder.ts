/**
 * Export of the store as an open-format folder, so that folder → store → folder → store is
 * lossless: times as ISO 8601 instants with `Z` (CSV) or TIMESTAMPTZ (Parquet), numbers as
 * DuckDB writes them (shortest text that reads back to the same double).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { quoteIdent, quoteLiteral } from '../store/sql.js';
import type { FolderFile } from './folder-files.js';
import { isoUtc } from './sql-expr.js';

/** Options of {@link exportFolder}. */
export interface ExportFolderOptions {
  /** File format of the folder. Default 'csv'. */
  format?: 'csv' | 'parquet';
}

/** The SELECT giving each file of the format from the store; `t(x)` renders a time. */
function queries(t: (instant: string) => string, attrs: string[]): Record<FolderFile, string> {
  const attrCols = attrs.map((a) => `, a.${quoteIdent(a)}`).join('');
  const attrJoin = attrs.length > 0 ? `LEFT JOIN (PIVOT (SELECT lot, name, value FROM lot_attributes) ON name USING first(value) GROUP BY lot) a ON a.lot = l.lot` : '';
  return {
    sites: 'SELECT site, name, timezone FROM sites ORDER BY site',
    equipment: 'SELECT equipment, site, parent, class, name FROM equipment ORDER BY equipment',
    materials: 'SELECT material, type, name FROM materials ORDER BY material',
    steps: 'SELECT step, product, sequence, material, name FROM steps ORDER BY product, sequence, step',
    lots: `SELECT l.lot, l.material, l.site, l.step, l.equipment, ${t('l.start_time')} AS start, ${t('l.end_time')} AS "end", l.quantity, l.unit, l.supplier, l.status${attrCols}
           FROM lots l ${attrJoin} ORDER BY l.lot`,
    genealogy: 'SELECT parent_lot, child_lot, quantity FROM genealogy ORDER BY parent_lot, child_lot',
    parameters: `SELECT p.parameter, p.kind, p.material, p.step, p.unit, p.role, p.description, s.lsl, s.usl, s.target, ${t('s.valid_from')} AS valid_from
                 FROM parameters p LEFT JOIN specifications s USING (material, parameter) ORDER BY p.material, p.parameter, s.valid_from`,
    discrete: `SELECT lot, parameter, value, ${t('time')} AS time FROM discrete ORDER BY lot, parameter`,
    replicates: `SELECT lot, parameter, replicate, value, ${t('time')} AS time FROM replicates ORDER BY lot, parameter, replicate`,
    events: `SELECT event, type, name, lot, equipment, ${t('start_time')} AS start, ${t('end_time')} AS "end", severity, text FROM events ORDER BY start_time, event`,
    tags: 'SELECT tag, equipment, unit, description, lsl, usl, signal FROM tags ORDER BY tag',
    continuous: `SELECT tag, ${t('time')} AS time, value,
                   CASE WHEN status IS NOT NULL THEN CAST(status AS VARCHAR) ELSE CASE quality WHEN 0 THEN 'good' WHEN 1 THEN 'uncertain' ELSE 'bad' END END AS quality
                 FROM samples ORDER BY tag, time`,
  };
}

/**
 * Writes the store to `dir` in the open folder format (one file per non-empty table).
 *
 * @param store the store
 * @param dir target folder (created when missing; existing files of the same names are overwritten)
 * @param options format: 'csv' (default) or 'parquet'
 * @returns the files written with their row counts
 * @example
 * await exportFolder(store, 'out/folder', { format: 'parquet' });
 * @see docs/folder-format.md
 */
export async function exportFolder(store: Store, dir: string, options: ExportFolderOptions = {}): Promise<Array<{ file: string; rows: number }>> {
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'parquet') {
    throw new AppError('bad_format', `folder format '${String(format)}' is not known`, 'use csv or parquet');
  }
  mkdirSync(dir, { recursive: true });
  const attrs = (await store.all<{ name: string }>('SELECT DISTINCT name FROM lot_attributes ORDER BY name')).map((r) => r.name);
  const t = format === 'csv' ? isoUtc : (x: string) => x;
  const written: Array<{ file: string; rows: number }> = [];
  for (const [file, sql] of Object.entries(queries(t, attrs))) {
    const rows = Number((await store.value<bigint>(`SELECT count(*) FROM (${sql})`)) ?? 0);
    if (rows === 0) continue;
    const name = `${file}.${format}`;
    const opts = format === 'csv' ? '(FORMAT csv, HEADER true, DELIMITER \',\', QUOTE \'"\')' : '(FORMAT parquet, COMPRESSION zstd)';
    await store.run(`COPY (${sql}) TO ${quoteLiteral(path.join(dir, name))} ${opts}`);
    written.push({ file: name, rows });
  }
  return written;
}
