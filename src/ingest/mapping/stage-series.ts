import { quoteIdent } from '../../store/sql.js';
import type { InputTable } from './read-input.js';
import { tagColumnOf, type SeriesInput } from './schema.js';
import { Binds, numberText } from './sql-parts.js';
import { addPart, createTemp, requireColumns, sqlIssues, template, type StageContext } from './stage-context.js';
import { checkNumbers, timeSql } from './value-checks.js';

/**
 * Stages a wide time-series export (one time column, one column per tag): tags on the
 * equipment, one continuous sample per non-empty cell (quality good; an empty cell is no sample),
 * and, when `phases` is given, one phase event per lot spanning its first to last time stamp.
 *
 * The time zone of local time stamps is the series' `time.timezone`, else the time zone of the
 * site of its equipment (declared in the mapping or already in the store).
 *
 * @param at - the input's index in the mapping (for key paths in messages).
 */
export async function stageSeries(ctx: StageContext, spec: SeriesInput, input: InputTable, at: number): Promise<void> {
  const cols = new Set(input.columns);
  const key = ['inputs', at];
  const decimal = spec.format?.decimal ?? '.';
  const tagCols = spec.columns.map(tagColumnOf);
  const before = ctx.issues.length;
  requireColumns(ctx, [...key, 'time'], [spec.time.column], cols);
  requireColumns(ctx, [...key, 'columns'], tagCols.map((c) => c.column), cols);
  const b = new Binds();
  const equipment = template(ctx, [...key, 'equipment'], spec.equipment, cols, b);
  const phaseLot = spec.phases ? template(ctx, [...key, 'phases', 'lot'], spec.phases.lot, cols, b) : undefined;
  if (!equipment || (spec.phases && !phaseLot) || ctx.issues.length > before) return;

  // Rows with equipment, the zone their clock ran in, the wall-clock time and the instant.
  const tz = spec.time.timezone ? b.add(spec.time.timezone) : 'e._s_tz';
  const zoned = await createTemp(
    ctx,
    'series',
    `SELECT n.*, ${equipment.sql} AS _equipment, ${phaseLot ? phaseLot.sql : 'NULL'} AS _phase_lot, ${tz} AS _tz FROM ${quoteIdent(input.table)} n ` +
      `LEFT JOIN (SELECT _e_equipment, _s_tz FROM ${quoteIdent(ctx.equipmentTable)} JOIN ${quoteIdent(ctx.sitesTable)} ON _s_site = _e_site) e ` +
      `ON e._e_equipment = ${equipment.sql}`,
    b,
  );
  const tb = new Binds();
  const t = timeSql(spec.time, '_tz', tb);
  const base = await createTemp(ctx, 'series_timed', `SELECT *, ${t.local} AS _local, timezone(_tz, ${t.local}) AS _time FROM ${quoteIdent(zoned)}`, tb);
  const none = new Binds();
  await sqlIssues(ctx, `SELECT _source, _line, _equipment FROM ${quoteIdent(base)} WHERE _tz IS NULL ORDER BY _source, _line`, none, (r) => ({
    file: String(r._source), line: Number(r._line), column: spec.equipment, value: r._equipment === null ? '' : String(r._equipment),
    message: "the equipment is empty or not known, so the time stamps' time zone is unknown",
    hint: "declare the equipment (and its site) in the mapping, import it first, or give 'time.timezone'",
  }));
  const col = quoteIdent(spec.time.column);
  await sqlIssues(
    ctx,
    `SELECT _source, _line, ${col} AS v, _local IS NULL AS unparsed FROM ${quoteIdent(base)}
     WHERE ${col} IS NULL OR _local IS NULL OR (_tz IS NOT NULL AND CAST(timezone(_tz, _time) AS TIMESTAMP) <> _local) ORDER BY _source, _line`,
    none,
    (r) => ({
      file: String(r._source), line: Number(r._line), column: spec.time.column, value: r.v === null ? '' : String(r.v),
      ...(r.v === null
        ? { message: 'the time stamp is empty', hint: 'every row of a time series needs its time stamp; remove the row or fill it in' }
        : r.unparsed
          ? { message: `is not a time in the format '${spec.time.format}'`, hint: "write it as the format says, or correct 'time.format' in the mapping" }
          : { message: `does not exist in time zone ${spec.time.timezone ?? "of the equipment's site"} (clocks jump forward at this hour)`, hint: 'correct the time, or give the time zone the clock really ran in' }),
    }),
  );
  await checkNumbers(ctx, base, tagCols.map((c) => c.column), decimal);
  if (ctx.issues.length > before) return;

  // Samples: wide → long in one pass, typed (TIMESTAMPTZ, DOUBLE): a million cells stay cheap.
  const others = new Set(input.columns.filter((c) => !tagCols.some((x) => x.column === c)));
  const sb = new Binds();
  const tag = template(ctx, [...key, 'tag'], spec.tag, others, sb, { column: '_tag_column', equipment: '_equipment' });
  if (!tag) return;
  const values = tagCols.map((c) => `TRY_CAST(${numberText(quoteIdent(c.column), decimal)} AS DOUBLE) AS ${quoteIdent(c.column)}`);
  addPart(ctx, 'continuous', await createTemp(ctx, 'continuous',
    `SELECT _line, _source, ${tag.sql} AS tag, _time AS time, _value AS value, 'good' AS quality FROM ` +
      `(UNPIVOT (SELECT * EXCLUDE (_local, _phase_lot, _tz) REPLACE (${values.join(', ')}) FROM ${quoteIdent(base)}) ` +
      `ON ${tagCols.map((c) => quoteIdent(c.column)).join(', ')} INTO NAME _tag_column VALUE _value)`, sb));

  // Tags: per tag column, the distinct names its template gives (usually one).
  const mb = new Binds();
  const txt = (x: string | number | undefined) => (x === undefined ? 'CAST(NULL AS VARCHAR)' : mb.add(String(x)));
  const perColumn = tagCols.map((c) => {
    const name = template(ctx, [...key, 'tag'], spec.tag, others, mb, { column: mb.add(c.column), equipment: '_equipment' })!;
    return `SELECT min(_line) AS _line, arg_min(_source, _line) AS _source, ${name.sql} AS tag, _equipment AS equipment, ${txt(c.unit)} AS unit, ` +
      `${txt(c.description)} AS description, ${txt(c.lsl)} AS lsl, ${txt(c.usl)} AS usl, ${txt(c.column)} AS signal FROM ${quoteIdent(base)} ` +
      `WHERE ${quoteIdent(c.column)} IS NOT NULL AND ${name.sql} IS NOT NULL GROUP BY ALL`;
  });
  addPart(ctx, 'tags', await createTemp(ctx, 'tags', perColumn.join(' UNION ALL '), mb));

  if (spec.phases) {
    const pb = new Binds();
    addPart(ctx, 'events', await createTemp(ctx, 'events',
      `SELECT min(_line) AS _line, arg_min(_source, _line) AS _source, 'phase' AS type, ${pb.add(spec.phases.name)} AS name, ` +
        `_phase_lot || '/' || ${pb.add(spec.phases.name)} || '/' || _equipment AS event, _phase_lot AS lot, _equipment AS equipment, ` +
        `min(_time) AS start, max(_time) AS "end" FROM ${quoteIdent(base)} WHERE _phase_lot IS NOT NULL GROUP BY _phase_lot, _equipment`, pb));
  }
}
