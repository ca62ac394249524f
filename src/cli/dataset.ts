import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { buildAnalysisSet } from '../context/analysis-set.js';
import { CARRY_RULES, isCarryRule, type AnalysisSet, type AnalysisSetOptions } from '../context/analysis-set-types.js';
import { analysisSetTable, TABLE_FORMATS, writeTable, type TableFormat } from '../context/export-table.js';
import { action, cliLogger, intFlag, listFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface DatasetFlags extends CommonOptions {
  material?: string;
  product?: string;
  step?: string;
  site?: string;
  from?: string;
  to?: string;
  lots?: string;
  rule: string;
  depth?: string;
  out?: string;
  format?: string;
}

/** The analysis-set options a set of flags asks for, validated. */
export function datasetOptions(f: DatasetFlags): AnalysisSetOptions {
  if (!isCarryRule(f.rule)) {
    throw new AppError('bad_rule', `--rule '${f.rule}' is not one of ${CARRY_RULES.join(', ')}`, 'e.g. --rule weighted_mean');
  }
  const o: AnalysisSetOptions = { rule: f.rule };
  if (f.material !== undefined) o.material = f.material;
  if (f.product !== undefined) o.product = f.product;
  if (f.step !== undefined) o.step = f.step;
  if (f.site !== undefined) o.site = f.site;
  if (f.from !== undefined) o.from = f.from;
  if (f.to !== undefined) o.to = f.to;
  if (f.lots !== undefined) o.lots = listFlag(f.lots)!;
  if (f.depth !== undefined) o.include = { depth: intFlag('depth', f.depth) };
  return o;
}

function formatOf(f: DatasetFlags): TableFormat | undefined {
  if (f.format === undefined) return undefined;
  if (!(TABLE_FORMATS as readonly string[]).includes(f.format)) {
    throw new AppError('bad_format', `--format '${f.format}' is not one of ${TABLE_FORMATS.join(', ')}`, 'e.g. --format parquet');
  }
  return f.format as TableFormat;
}

/** A summary of a set for people and for --json: size, and each column's kind, missing count and origin. */
function summary(set: AnalysisSet) {
  return {
    material: set.material,
    rule: set.rule,
    rows: set.lots.length,
    columns: set.columns.map((c) => ({ name: c.name, kind: c.kind, missing: c.missing, origin: c.origin })),
  };
}

function summaryText(set: AnalysisSet): string {
  const head = `${set.lots.length} lots of ${set.material} × ${set.columns.length} columns (upstream values: ${set.rule})`;
  const rows = set.columns.map((c) => ({
    column: c.name,
    kind: c.kind,
    missing: `${c.missing}/${set.lots.length}`,
    from: c.origin.path.join(' → ') + (c.origin.estimated ? ' (estimated shares)' : ''),
  }));
  return head + '\n\n' + table(rows);
}

/** `causeway dataset`: an analysis set (one row per lot, columns from the lot and its genealogy), summarised or written to a file. */
export function register(program: Command): void {
  withCommon(
    program
      .command('dataset')
      .description('analysis set: one row per lot of a material, columns for its parameters, features and factors and those of every upstream lot'),
  )
    .addOption(new Option('--material <m>', '[string] material whose lots are the rows'))
    .addOption(new Option('--product <p>', '[string] product: rows are lots of its final material'))
    .addOption(new Option('--step <s>', '[string] step: rows are lots of the material it makes'))
    .addOption(new Option('--site <site>', '[string] only lots made at this site'))
    .addOption(new Option('--from <time>', '[string] only lots started at or after (ISO 8601)'))
    .addOption(new Option('--to <time>', '[string] only lots started before (ISO 8601)'))
    .addOption(new Option('--lots <ids>', '[string] only these lots, comma-separated'))
    .addOption(new Option('--rule <rule>', `[string] how upstream values are carried down: ${CARRY_RULES.join(', ')} (default: weighted_mean)`).default('weighted_mean'))
    .addOption(new Option('--depth <n>', '[number] genealogy edges to follow upstream (default: all)'))
    .addOption(new Option('--out <file>', '[string] write the set to this file (default: print a summary)'))
    .addOption(new Option('--format <f>', `[string] ${TABLE_FORMATS.join('|')} (default: from the --out extension)`))
    .action(
      action(async (opts: DatasetFlags) => {
        const options = datasetOptions(opts);
        const format = formatOf(opts);
        if (format !== undefined && opts.out === undefined) throw new AppError('bad_flag', `--format ${format} needs --out FILE`, 'add e.g. --out set.' + format);
        await withStore(opts, async (store) => {
          const set = await buildAnalysisSet(store, { ...options, logger: cliLogger(opts) });
          if (opts.out === undefined) {
            output(opts, summary(set), () => summaryText(set));
            return;
          }
          await writeTable(analysisSetTable(set), opts.out, format);
          const written = { file: opts.out, format: format ?? opts.out.split('.').pop(), rows: set.lots.length, columns: set.columns.length + 1 };
          output(opts, written, () => `wrote ${written.rows} lots × ${set.columns.length} columns (plus lot) to ${opts.out}`);
        }, true);
      }),
    );
}
