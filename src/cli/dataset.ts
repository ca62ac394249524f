import { Option, type Command } from 'commander';
import { AppError, field } from '../core/errors.js';
import type { Json } from '../core/json.js';
import type { AnalysisColumn, AnalysisSet } from '../context/analysis-set-types.js';
import { datasetVerb } from '../context/context-verbs.js';
import { analysisSetTable, TABLE_FORMATS, writeTable, type TableFormat } from '../context/export-table.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

function formatOf(format: unknown): TableFormat | undefined {
  if (format === undefined) return undefined;
  if (!(TABLE_FORMATS as readonly unknown[]).includes(format)) {
    throw new AppError('bad_format', `${field('format')} '${String(format)}' is not one of ${TABLE_FORMATS.join(', ')}`, `e.g. ${field('format', 'parquet')}`);
  }
  return format as TableFormat;
}

/** A set back from JSON: numeric and time columns as Float64Array again (null → NaN). */
export function setFromJson(set: Json<AnalysisSet>): AnalysisSet {
  const columns = set.columns.map((c) => (c.kind === 'factor' ? c : { ...c, values: Float64Array.from(c.values as (number | null)[], (v) => (v === null ? NaN : v)) })) as AnalysisColumn[];
  return { ...(set as unknown as AnalysisSet), columns };
}

/** A summary of a set for people and for --json: size, and each column's kind, missing count and origin. */
function summary(set: Json<AnalysisSet>) {
  return { material: set.material, rule: set.rule, rows: set.lots.length, columns: set.columns.map((c) => ({ name: c.name, kind: c.kind, missing: c.missing, origin: c.origin })) };
}

function summaryText(set: Json<AnalysisSet>): string {
  const head = `${set.lots.length} lots of ${set.material} × ${set.columns.length} columns (upstream values: ${set.rule})`;
  const rows = set.columns.map((c) => ({
    column: c.name, kind: c.kind, missing: `${c.missing}/${set.lots.length}`,
    from: c.origin.path.join(' → ') + (c.origin.estimated ? ' (estimated shares)' : ''),
  }));
  return head + '\n\n' + table(rows);
}

/** `causeway dataset`: an analysis set (one row per lot, columns from the lot and its genealogy), summarised or written to a file. */
export function register(program: Command): void {
  verbCommand({
    verb: datasetVerb, parent: program,
    options: [
      new Option('--out <file>', '[string] write the set to this file (default: print a summary)'),
      new Option('--format <f>', `[string] ${TABLE_FORMATS.join('|')} (default: from the --out extension)`),
    ],
    request: (raw, flags) => {
      const format = formatOf(flags.format);
      if (format !== undefined && flags.out === undefined) throw new AppError('bad_flag', `${field('format')} ${format} needs ${field('out')} FILE`, `add e.g. ${field('out', 'set.' + format)}`);
      return raw;
    },
    after: async ({ result, flags }) => {
      if (flags.out === undefined) return {};
      const out = String(flags.out);
      const format = formatOf(flags.format);
      await writeTable(analysisSetTable(setFromJson(result)), out, format);
      return { written: { file: out, format: format ?? out.split('.').pop(), rows: result.lots.length, columns: result.columns.length + 1 } };
    },
    json: (set, x) => (x.written ?? summary(set)),
    text: (set, x) => (x.written ? `wrote ${x.written.rows} lots × ${set.columns.length} columns (plus lot) to ${x.written.file}` : summaryText(set)),
  });
}
