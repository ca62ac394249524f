import { quoteIdent } from '../../store/sql.js';
import type { InputTable } from './read-input.js';
import { parameterOf, type Upstream } from './schema.js';
import { Binds, NUMBER_PATTERN, numberText } from './sql-parts.js';
import { addPart, createTemp, requireColumns, sqlIssues, template, type StageContext } from './stage-context.js';
import { stageDiscrete, stageParameters } from './stage-table.js';
import { checkNumbers } from './value-checks.js';

/**
 * Stages the upstream lots named on each row of a table input (e.g. raw-material lots of API):
 * the lots, a genealogy link into the row's main lot, and their parameters, taken once per lot.
 *
 * The same upstream lot appears on many rows. Differing values for one lot (a parameter, the
 * supplier or the material) are refused with both lines named when `conflicts` is `error`; with
 * `split`, each distinct set of values becomes its own lot, `<lot>`, `<lot>#2`, … in order of
 * first appearance, each carrying the attribute `export_lot` (the id as the export gives it), so
 * every main lot stays linked to exactly the values its row reports.
 *
 * @param base - the table input's rows, with `_lot` (main lot) and `_site` computed.
 * @param keyPath - where this upstream is declared in the mapping (for messages).
 */
export async function stageUpstream(
  ctx: StageContext, up: Upstream, base: string, input: InputTable, keyPath: (string | number)[], decimal: '.' | ',',
): Promise<void> {
  const cols = new Set(input.columns);
  const params = up.parameters.map(parameterOf);
  const before = ctx.issues.length;
  const b = new Binds();
  const lot = template(ctx, [...keyPath, 'lot'], up.lot, cols, b);
  const material = template(ctx, [...keyPath, 'material'], up.material, cols, b);
  const supplier = up.supplier === undefined ? { sql: 'CAST(NULL AS VARCHAR)' } : template(ctx, [...keyPath, 'supplier'], up.supplier, cols, b);
  requireColumns(ctx, [...keyPath, 'parameters'], params.map((p) => p.column), cols);
  if (up.quantity) requireColumns(ctx, keyPath, [up.quantity], cols);
  if (!lot || !material || !supplier || ctx.issues.length > before) return;
  await checkNumbers(ctx, base, [...params.map((p) => p.column), ...(up.quantity ? [up.quantity] : [])], decimal);

  // _v: number text with '.', _r: the field as written (echoed in messages).
  const values = params.map((p, i) => `${numberText(quoteIdent(p.column), decimal)} AS _v${i}, ${quoteIdent(p.column)} AS _r${i}`);
  const rows = await createTemp(
    ctx,
    'upstream_rows',
    `SELECT _line, _source, row_number() OVER (ORDER BY _source, _line) AS _ord, ${lot.sql} AS _base, ${supplier.sql} AS _sup, ` +
      `${material.sql} AS _mat, _lot AS _child, _site, ${up.quantity ? numberText(quoteIdent(up.quantity), decimal) : 'NULL'} AS _qty` +
      `${values.length ? ', ' + values.join(', ') : ''} FROM ${quoteIdent(base)}`,
    b,
  );
  await checkOrphans(ctx, rows, up, params.map((p) => p.column));
  if (up.conflicts === 'error') await checkConflicts(ctx, rows, up, params.map((p) => p.column));

  // Each row's upstream lot id: the export's, or per distinct set of values with `split`.
  const numbers = params.map((_, i) => `TRY_CAST(_v${i} AS DOUBLE)`);
  const assigned =
    up.conflicts === 'error'
      ? `SELECT *, _base AS _uplot FROM ${quoteIdent(rows)} WHERE _base IS NOT NULL`
      : `SELECT *, CASE WHEN _r = 1 THEN _base ELSE _base || '#' || _r END AS _uplot FROM (
           SELECT *, dense_rank() OVER (PARTITION BY _base ORDER BY _first) AS _r FROM (
             SELECT *, min(_ord) OVER (PARTITION BY ${['_base', '_sup', '_mat', ...numbers].join(', ')}) AS _first
             FROM ${quoteIdent(rows)} WHERE _base IS NOT NULL))`;
  const withLots = await createTemp(ctx, 'upstream_assigned', assigned, new Binds());

  const firsts = params.map((_, i) => `arg_min(_v${i}, _ord) FILTER (WHERE _v${i} IS NOT NULL) AS _v${i}`);
  const lb = new Binds();
  const lots = await createTemp(
    ctx,
    'upstream_lots',
    `SELECT arg_min(_line, _ord) AS _line, arg_min(_source, _ord) AS _source, _uplot AS lot, arg_min(_mat, _ord) AS material, ` +
      `arg_min(_site, _ord) AS site, arg_min(_sup, _ord) AS supplier${up.conflicts === 'split' ? ', arg_min(_base, _ord) AS export_lot' : ''}` +
      `${firsts.length ? ', ' + firsts.join(', ') : ''} FROM ${quoteIdent(withLots)} GROUP BY _uplot`,
    lb,
  );
  const lotColumns = ['_line', '_source', 'lot', 'material', 'site', 'supplier', ...(up.conflicts === 'split' ? ['export_lot'] : [])];
  addPart(ctx, 'lots', await createTemp(ctx, 'upstream_lots_part', `SELECT ${lotColumns.join(', ')} FROM ${quoteIdent(lots)}`, new Binds()));
  addPart(
    ctx,
    'genealogy',
    await createTemp(
      ctx,
      'genealogy',
      `SELECT arg_min(_line, _ord) AS _line, arg_min(_source, _ord) AS _source, _uplot AS parent_lot, _child AS child_lot, ` +
        `arg_min(_qty, _ord) AS quantity FROM ${quoteIdent(withLots)} WHERE _child IS NOT NULL GROUP BY _uplot, _child`,
      new Binds(),
    ),
  );
  if (params.length > 0) {
    const renamed = params.map((p, i) => ({ column: `_v${i}`, parameter: p.parameter ?? p.column }));
    await stageDiscrete(ctx, lots, renamed, '.', 'lot');
    await stageParameters(ctx, lots, params, [...keyPath, 'parameters']);
  }
}

/** A row that names no upstream lot but carries values for it would lose them: an error. */
async function checkOrphans(ctx: StageContext, rows: string, up: Upstream, columns: string[]): Promise<void> {
  if (columns.length === 0) return;
  const any = columns.map((_, i) => `_v${i} IS NOT NULL`).join(' OR ');
  await sqlIssues(ctx, `SELECT _source, _line FROM ${quoteIdent(rows)} WHERE _base IS NULL AND (${any}) ORDER BY _ord`, new Binds(), (r) => ({
    file: String(r._source), line: Number(r._line), column: up.lot,
    message: `the ${up.material} lot id is empty but the row has values for that lot`,
    hint: 'fill in the lot id, or clear the values of a lot that is not known',
  }));
}

/** Differing values for one upstream lot, each reported with the first line and the differing line. */
async function checkConflicts(ctx: StageContext, rows: string, up: Upstream, columns: string[]): Promise<void> {
  const b = new Binds();
  // A bound value the statement does not use is an error in DuckDB: bind the pattern only when needed.
  const pattern = columns.length > 0 ? b.add(NUMBER_PATTERN) : '';
  const longs = [
    // Fields that are not numbers are reported as such, not as conflicts.
    ...columns.map((c, i) => `SELECT _base, _ord, _line, _source, ${b.add(c)} AS col, _r${i} AS v, ` +
      `CASE WHEN regexp_full_match(_v${i}, ${pattern}) THEN CAST(TRY_CAST(_v${i} AS DOUBLE) AS VARCHAR) END AS k FROM t`),
    ...(up.supplier ? [`SELECT _base, _ord, _line, _source, ${b.add(up.supplier)} AS col, _sup AS v, _sup AS k FROM t`] : []),
    `SELECT _base, _ord, _line, _source, ${b.add(up.material)} AS col, _mat AS v, _mat AS k FROM t`,
  ];
  await sqlIssues(
    ctx,
    `WITH t AS (SELECT * FROM ${quoteIdent(rows)} WHERE _base IS NOT NULL),
     u AS (SELECT * FROM (${longs.join(' UNION ALL ')}) WHERE k IS NOT NULL),
     f AS (SELECT _base, col, arg_min(k, _ord) AS k1, arg_min(v, _ord) AS v1, arg_min(_line, _ord) AS l1, arg_min(_source, _ord) AS s1 FROM u GROUP BY _base, col)
     SELECT u._base, u.col, f.v1, f.l1, f.s1, arg_min(u.v, u._ord) AS v2, arg_min(u._line, u._ord) AS l2, arg_min(u._source, u._ord) AS s2, min(u._ord) AS o
     FROM u JOIN f USING (_base, col) WHERE u.k <> f.k1 GROUP BY u._base, u.col, f.v1, f.l1, f.s1 ORDER BY o, u.col`,
    b,
    (r) => ({
      file: String(r.s2), line: Number(r.l2), column: String(r.col), value: String(r.v2),
      message: `${up.material} lot '${String(r._base)}' has '${String(r.v1)}' on ${r.s1 === r.s2 ? '' : `${String(r.s1)} `}line ${Number(r.l1)} and a different value here`,
      hint: "one lot has one value per parameter: correct one of the two lines, make lot ids unique with a template of more columns, or set 'conflicts: split' to keep each set of values as its own lot",
    }),
  );
}
