/**
 * Import plans of the data files: discrete, replicates, events, tags and continuous samples.
 * Local times take the zone of the site the row belongs to: discrete and replicates → the
 * lot's site; events → the lot's site, else the equipment's; continuous → tag → equipment → site.
 */
import { quoteIdent } from '../store/sql.js';
import { keyText, ViewBuilder } from './plan-helpers.js';
import type { FilePlan, PlanInput } from './plan-types.js';
import { isoUtc, missingExpr, qualityExprs, textExpr } from './sql-expr.js';

const q = quoteIdent;
const SEL = (cols: string[], from: string) => `SELECT ${cols.map(q).join(', ')}, _line, _source, _reason FROM ${q(from)}`;

/** Shared part of discrete and replicates: lot → material and site zone, parameter of that material. */
function lotValues(p: PlanInput, kind: 'discrete' | 'replicate'): ViewBuilder {
  const b = new ViewBuilder(p.types).text('lot', { required: true }).text('parameter', { required: true }).num('value', { required: true })
    .time('time', 'time', 'cs.timezone');
  b.add('cl.material', 'material').add('cl.lot IS NOT NULL', '_lot_ok').add('cp.parameter IS NOT NULL', '_parameter_ok').add('cp.kind', '_kind');
  b.unknown('lot', '_lot_ok', 'lot', 'add the lot to lots.csv or correct the name')
    .unknown('parameter', '_parameter_ok OR NOT _lot_ok', 'parameter for the material of this lot', "add the parameter for the lot's material to parameters.csv or correct the name");
  const other = kind === 'discrete' ? 'replicates' : 'discrete';
  b.checks.push({
    column: 'parameter', when: `_kind IS NOT NULL AND _kind <> '${kind}'`, value: 'r_parameter',
    message: `is a ${kind === 'discrete' ? 'replicate' : 'discrete'} parameter`, hint: `put its values in ${other}.csv, or change its kind in parameters.csv`,
  });
  return b;
}

function lotValuesFrom(p: PlanInput): string {
  const t = (c: string) => textExpr(p.types, c);
  return `${q(p.stage)} s LEFT JOIN ${q(p.ctx.lots)} cl ON cl.lot = ${t('lot')} LEFT JOIN ${q(p.ctx.sites)} cs ON cs.site = cl.site
    LEFT JOIN ${q(p.ctx.parameters)} cp ON cp.material = cl.material AND cp.parameter = ${t('parameter')}`;
}

/** discrete: lot, parameter, value, [time]. */
export function discretePlan(p: PlanInput): FilePlan {
  const b = lotValues(p, 'discrete').duplicate('parameter', ['lot', 'parameter'], keyText(['lot', 'parameter']), 'value of lot/parameter');
  return {
    file: 'discrete', viewName: p.viewName, view: b.select(lotValuesFrom(p)), checks: b.checks,
    targets: [{ table: 'discrete', key: ['lot', 'parameter'], cols: ['material', 'value', 'time'], select: SEL(['lot', 'parameter', 'material', 'value', 'time'], p.viewName) }],
  };
}

/** replicates: lot, parameter, replicate, value, [time]. */
export function replicatesPlan(p: PlanInput): FilePlan {
  const b = lotValues(p, 'replicate').int('replicate', { required: true }).duplicate('replicate', ['lot', 'parameter', 'replicate'], keyText(['lot', 'parameter', 'replicate']), 'replicate of lot/parameter');
  return {
    file: 'replicates', viewName: p.viewName, view: b.select(lotValuesFrom(p)), checks: b.checks,
    targets: [{ table: 'replicates', key: ['lot', 'parameter', 'replicate'], cols: ['material', 'value', 'time'], select: SEL(['lot', 'parameter', 'replicate', 'material', 'value', 'time'], p.viewName) }],
  };
}

/**
 * events: type, name, [event], [lot], [equipment], start, [end], [severity], [text]. Without an
 * `event` id the key is derived: `type|lot|equipment|start (UTC ISO)|name`.
 */
export function eventsPlan(p: PlanInput): FilePlan {
  const tz = 'coalesce(csl.timezone, cse.timezone)';
  const b = new ViewBuilder(p.types).text('type', { required: true, lower: true }).text('name', { required: true }).text('event').text('lot').text('equipment')
    .time('start', 'start_time', tz, { required: true, noZone: 'is a local time but the event has no lot or equipment to take a site time zone from' })
    .time('end', 'end_time', tz, { noZone: 'is a local time but the event has no lot or equipment to take a site time zone from' })
    .text('severity').text('text');
  b.add('cl.lot IS NOT NULL', '_lot_ok').add('ce.equipment IS NOT NULL', '_equipment_ok');
  b.unknown('lot', '_lot_ok', 'lot', 'add the lot to lots.csv or correct the name')
    .unknown('equipment', '_equipment_ok', 'equipment', 'add it to equipment.csv or correct the name')
    .order('start', 'end', 'start_time', 'end_time');
  const t = (c: string) => textExpr(p.types, c);
  const from = `${q(p.stage)} s
    LEFT JOIN ${q(p.ctx.lots)} cl ON cl.lot = ${t('lot')} LEFT JOIN ${q(p.ctx.sites)} csl ON csl.site = cl.site
    LEFT JOIN ${q(p.ctx.equipment)} ce ON ce.equipment = ${t('equipment')} LEFT JOIN ${q(p.ctx.sites)} cse ON cse.site = ce.site`;
  // DuckDB lets a SELECT item use an alias defined before it: the derived key reads the parsed start.
  b.add(`coalesce(${t('event')}, concat_ws('|', lower(${t('type')}), coalesce(${t('lot')}, ''), coalesce(${t('equipment')}, ''), coalesce(${isoUtc('start_time')}, ''), ${t('name')}))`, 'event_key');
  const view = b.select(from);
  b.duplicate('event', ['event_key'], 'event_key', 'event');
  const cols = ['type', 'name', 'lot', 'equipment', 'start_time', 'end_time', 'severity', 'text'];
  return {
    file: 'events', viewName: p.viewName, view, checks: b.checks,
    targets: [{ table: 'events', key: ['event'], cols, select: `SELECT event_key AS event, ${cols.map(q).join(', ')}, _line, _source, _reason FROM ${q(p.viewName)}` }],
  };
}

/** tags: tag, equipment, [unit], [description], [lsl], [usl], [signal] (default: the tag name). */
export function tagsPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('tag', { required: true }).text('equipment', { required: true }).text('unit').text('description').num('lsl').num('usl');
  b.add(`coalesce(${textExpr(p.types, 'signal')}, ${textExpr(p.types, 'tag')})`, 'signal').add('ce.equipment IS NOT NULL', '_equipment_ok');
  b.unknown('equipment', '_equipment_ok', 'equipment', 'add it to equipment.csv or correct the name').duplicate('tag', ['tag'], 'tag', 'tag');
  b.checks.push({ column: 'usl', when: 'lsl IS NOT NULL AND usl IS NOT NULL AND lsl > usl', value: 'r_usl', message: 'is below lsl', detail: `'(' || r_lsl || ')'`, hint: 'the lower limit must not exceed the upper one' });
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.equipment)} ce ON ce.equipment = ${textExpr(p.types, 'equipment')}`;
  const cols = ['equipment', 'unit', 'description', 'lsl', 'usl', 'signal'];
  return {
    file: 'tags', viewName: p.viewName, view: b.select(from), checks: b.checks,
    targets: [{ table: 'tags', key: ['tag'], cols, select: SEL(['tag', ...cols], p.viewName) }],
  };
}

/** continuous: tag, time, value, [quality] (good, uncertain, bad or an OPC UA status code). */
export function continuousPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('tag', { required: true }).time('time', 'time', 'cs.timezone', { required: true }).num('value');
  b.add(missingExpr(p.types, 'value'), 'm_value');
  const qe = qualityExprs(p.types, 'quality');
  b.add(qe.quality, 'quality').add(qe.status, 'status').add(qe.bad, '_quality_bad').add(textExpr(p.types, 'quality'), 'r_quality').add('ct.tag IS NOT NULL', '_tag_ok');
  b.unknown('tag', '_tag_ok', 'tag', 'add the tag to tags.csv or correct the name');
  b.checks.push(
    { column: 'quality', when: '_quality_bad', value: 'r_quality', message: 'is not a quality', hint: 'write good, uncertain, bad, or an OPC UA status code (e.g. 0, 1073741824, 0x80000000)' },
    { column: 'value', when: 'm_value AND quality = 0 AND NOT _quality_bad', value: `''`, message: 'a value is required for a sample of good quality', hint: 'fill in the value, or mark the sample bad or uncertain' },
  );
  b.duplicate('time', ['tag', 'time'], keyText(['tag', 'r_time']), 'sample of tag/time');
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.tags)} ct ON ct.tag = ${textExpr(p.types, 'tag')}
    LEFT JOIN ${q(p.ctx.equipment)} ce ON ce.equipment = ct.equipment LEFT JOIN ${q(p.ctx.sites)} cs ON cs.site = ce.site`;
  return {
    file: 'continuous', viewName: p.viewName, view: b.select(from), checks: b.checks,
    targets: [{ table: 'samples', key: ['tag', 'time'], cols: ['value', 'quality', 'status'], select: `SELECT tag, time, value, quality, status, _line, _source, _reason FROM ${q(p.viewName)}` }],
  };
}
