import { quoteIdent } from '../../store/sql.js';
import type { InputTable } from './read-input.js';
import { parameterOf, type ParameterSpec, type TableInput, type TimeSpec } from './schema.js';
import { Binds, numberText } from './sql-parts.js';
import { addPart, createTemp, mappingIssue, requireColumns, sqlIssues, template, type StageContext } from './stage-context.js';
import { stageUpstream } from './stage-upstream.js';
import { checkNumbers, checkTimes, timeSql } from './value-checks.js';

/** Fixed columns of a staged lots table; attributes may not take these names. */
const LOT_FIELDS = new Set(['lot', 'material', 'site', 'step', 'equipment', 'start', 'end', 'quantity', 'unit', 'supplier', 'status']);

/**
 * Stages one table input (one row per main lot, e.g. a LIMS export): lots with attributes,
 * the main lot's parameters wide → long, and its upstream lots (see {@link stageUpstream}).
 * Problems are added to `ctx.issues`; nothing is written to the store's own tables.
 *
 * Phases: check the mapping against the header → rows with lot id, site and its time zone →
 * check values (lot ids, sites, times, numbers) → staged lots, discrete, parameters → upstream.
 *
 * @param at - the input's index in the mapping (for key paths in messages).
 */
export async function stageTable(ctx: StageContext, spec: TableInput, input: InputTable, at: number): Promise<void> {
  const cols = new Set(input.columns);
  const key = ['inputs', at, 'lots'];
  const decimal = spec.format?.decimal ?? '.';
  const params = spec.parameters.map(parameterOf);
  const attributes = Array.isArray(spec.lots.attributes) ? spec.lots.attributes.map((c) => [c, c] as const) : Object.entries(spec.lots.attributes ?? {});
  const before = ctx.issues.length;

  // Phase 1: the mapping against the file's header.
  const b = new Binds();
  const t = (name: 'lot' | 'material' | 'site' | 'unit' | 'supplier' | 'status') => {
    const text = spec.lots[name];
    return text === undefined ? 'NULL' : template(ctx, [...key, name], text, cols, b)?.sql;
  };
  const fields = { _lot: t('lot'), _material: t('material'), _site: t('site'), _unit: t('unit'), _supplier: t('supplier'), _status: t('status') };
  requireColumns(ctx, key, [spec.lots.start?.column, spec.lots.end?.column, spec.lots.quantity].filter((c): c is string => !!c), cols);
  requireColumns(ctx, [...key, 'attributes'], attributes.map(([, c]) => c), cols);
  requireColumns(ctx, ['inputs', at, 'parameters'], params.map((p) => p.column), cols);
  for (const [name] of attributes) {
    if (LOT_FIELDS.has(name)) mappingIssue(ctx, [...key, 'attributes'], `attribute name '${name}' is a lot field`, 'name the attribute differently, e.g. batch_size');
  }
  if (ctx.issues.length > before) return;

  // Phase 2: the rows with their computed names and the site's time zone.
  const base = await createTemp(
    ctx,
    'table',
    `SELECT n.*, ${Object.entries(fields).map(([k, v]) => `${v} AS ${k}`).join(', ')}, s._s_tz AS _tz ` +
      `FROM ${quoteIdent(input.table)} n LEFT JOIN ${quoteIdent(ctx.sitesTable)} s ON s._s_site = ${fields._site}`,
    b,
  );

  // Phase 3: values.
  await checkRows(ctx, spec, base, decimal, params);

  // Phase 4: staged parts.
  const sb = new Binds();
  const time = (s: TimeSpec | undefined) => (s ? timeSql(s, tzOf(s, sb), sb).iso : 'NULL');
  const select = [
    '_line', '_source', '_lot AS lot', '_material AS material', '_site AS site', `${time(spec.lots.start)} AS start`, `${time(spec.lots.end)} AS "end"`,
    `${spec.lots.quantity ? numberText(quoteIdent(spec.lots.quantity), decimal) : 'NULL'} AS quantity`,
    '_unit AS unit', '_supplier AS supplier', '_status AS status',
    ...attributes.map(([name, c]) => `${quoteIdent(c)} AS ${quoteIdent(name)}`),
  ];
  const lots = await createTemp(ctx, 'lots', `SELECT ${select.join(', ')} FROM ${quoteIdent(base)} WHERE _lot IS NOT NULL`, sb);
  addPart(ctx, 'lots', lots);
  if (params.length > 0) {
    await stageDiscrete(ctx, base, params, decimal);
    await stageParameters(ctx, lots, params, ['inputs', at, 'parameters']);
  }
  for (const [k, up] of spec.upstream.entries()) await stageUpstream(ctx, up, base, input, ['inputs', at, 'upstream', k], decimal);
}

/** The SQL time zone of a time column: its own `timezone`, else the row's site's (`_tz`). */
function tzOf(s: TimeSpec, b: Binds): string {
  return s.timezone ? b.add(s.timezone) : '_tz';
}

async function checkRows(ctx: StageContext, spec: TableInput, base: string, decimal: '.' | ',', params: ParameterSpec[]): Promise<void> {
  const none = new Binds();
  await sqlIssues(ctx, `SELECT _source, _line FROM ${quoteIdent(base)} WHERE _lot IS NULL ORDER BY _source, _line`, none, (r) => ({
    file: String(r._source), line: Number(r._line), column: spec.lots.lot, message: 'the lot id is empty',
    hint: 'every row needs its lot id; fill it in the export or remove the row',
  }));
  if ([spec.lots.start, spec.lots.end].some((s) => s && !s.timezone)) {
    await sqlIssues(ctx, `SELECT _source, _line, _site FROM ${quoteIdent(base)} WHERE _tz IS NULL ORDER BY _source, _line`, none, (r) => ({
      file: String(r._source), line: Number(r._line), column: spec.lots.site, value: r._site === null ? '' : String(r._site),
      message: 'the site is empty or not known, so its time zone is unknown',
      hint: "declare the site under 'sites:' in the mapping (with its timezone), import it first, or give the time a 'timezone'",
    }));
  }
  for (const s of [spec.lots.start, spec.lots.end]) {
    if (!s) continue;
    const b = new Binds();
    await checkTimes(ctx, base, s, tzOf(s, b), s.timezone ?? "of the row's site", b);
  }
  await checkNumbers(ctx, base, [...params.map((p) => p.column), ...(spec.lots.quantity ? [spec.lots.quantity] : [])], decimal);
}

/**
 * Wide → long: one discrete value per lot and parameter column of `base` (which has `_lot`);
 * empty fields stay missing (UNPIVOT drops NULLs).
 */
export async function stageDiscrete(ctx: StageContext, base: string, params: ParameterSpec[], decimal: '.' | ',', lotColumn = '_lot'): Promise<string> {
  const b = new Binds();
  const inner = params.map((p, i) => `${numberText(quoteIdent(p.column), decimal)} AS ${quoteIdent(`_v${i}`)}`);
  const names = params.map((p, i) => `WHEN ${b.add(`_v${i}`)} THEN ${b.add(p.parameter ?? p.column)}`);
  const select =
    `SELECT _line, _source, _lot AS lot, CASE _col ${names.join(' ')} END AS parameter, value FROM ` +
    `(UNPIVOT (SELECT _line, _source, ${quoteIdent(lotColumn)} AS _lot, ${inner.join(', ')} FROM ${quoteIdent(base)}) ` +
    `ON ${params.map((_, i) => quoteIdent(`_v${i}`)).join(', ')} INTO NAME _col VALUE value) WHERE _lot IS NOT NULL`;
  const table = await createTemp(ctx, 'discrete', select, b);
  addPart(ctx, 'discrete', table);
  return table;
}

/** Declares the parameters for every material of the staged lots (a template may give several). */
export async function stageParameters(ctx: StageContext, lots: string, params: ParameterSpec[], keyPath: (string | number)[]): Promise<void> {
  const b = new Binds();
  const txt = (x: string | number | undefined) => (x === undefined ? 'CAST(NULL AS VARCHAR)' : b.add(String(x)));
  const rows = params.map((p, i) => {
    const line = ctx.loaded.lineOf([...keyPath, i]);
    return `(${line ?? 'NULL'}, ${txt(p.parameter ?? p.column)}, ${txt(p.unit)}, ${txt(p.role)}, ${txt(p.description)}, ${txt(p.lsl)}, ${txt(p.usl)}, ${txt(p.target)}, ${txt(p.valid_from)})`;
  });
  const select =
    `SELECT CAST(p.line AS BIGINT) AS _line, ${b.add(ctx.loaded.file)} AS _source, p.parameter, 'discrete' AS kind, m.material, ` +
    `p.unit, p.role, p.description, p.lsl, p.usl, p.target, p.valid_from ` +
    `FROM (SELECT DISTINCT material FROM ${quoteIdent(lots)} WHERE material IS NOT NULL) m, ` +
    `(VALUES ${rows.join(', ')}) AS p(line, parameter, unit, role, description, lsl, usl, target, valid_from)`;
  addPart(ctx, 'parameters', await createTemp(ctx, 'parameters', select, b));
}
