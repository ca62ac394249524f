/**
 * Import plans of the model files: sites, equipment, materials, steps, lots (with free
 * attributes), genealogy and parameters (with versioned specifications).
 */
import { quoteIdent } from '../store/sql.js';
import { FOLDER_FILES } from './folder-files.js';
import { keyText, reasonExpr, ViewBuilder } from './plan-helpers.js';
import type { FilePlan, PlanInput } from './plan-types.js';
import { textExpr } from './sql-expr.js';

const q = quoteIdent;
const SEL = (cols: string[], from: string, where = '') => `SELECT ${cols.map(q).join(', ')}, _line, _source, _reason FROM ${q(from)}${where ? ' WHERE ' + where : ''}`;

/** sites: site, [name], timezone. */
export function sitesPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('site', { required: true }).text('name').text('timezone', { required: true });
  b.checks.push({
    column: 'timezone', when: `r_timezone IS NOT NULL AND r_timezone NOT IN (SELECT name FROM pg_timezone_names())`, value: 'r_timezone',
    message: 'is not a known time zone', hint: 'use an IANA time zone name, e.g. Europe/Ljubljana or America/New_York',
  });
  b.duplicate('site', ['site'], 'site', 'site');
  return {
    file: 'sites', viewName: p.viewName, view: b.select(`${q(p.stage)} s`), checks: b.checks,
    targets: [{ table: 'sites', key: ['site'], cols: ['name', 'timezone'], select: SEL(['site', 'name', 'timezone'], p.viewName) }],
  };
}

/** equipment: equipment, site, [parent], [class], [name]. */
export function equipmentPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('equipment', { required: true }).text('site', { required: true }).text('parent').text('class').text('name');
  b.add('cs.site IS NOT NULL', '_site_ok').add('ce.equipment IS NOT NULL', '_parent_ok');
  b.unknown('site', '_site_ok', 'site', 'add the site to sites.csv or correct the name');
  b.unknown('parent', '_parent_ok', 'parent equipment', 'add the parent to equipment.csv or leave parent empty');
  b.duplicate('equipment', ['equipment'], 'equipment', 'equipment');
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.sites)} cs ON cs.site = ${textExpr(p.types, 'site')}
    LEFT JOIN ${q(p.ctx.equipment)} ce ON ce.equipment = ${textExpr(p.types, 'parent')}`;
  return {
    file: 'equipment', viewName: p.viewName, view: b.select(from), checks: b.checks,
    targets: [{ table: 'equipment', key: ['equipment'], cols: ['site', 'parent', 'class', 'name'], select: SEL(['equipment', 'site', 'parent', 'class', 'name'], p.viewName) }],
  };
}

/** materials: material, type (raw, intermediate, product), [name]. */
export function materialsPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('material', { required: true }).text('type', { required: true, lower: true }).text('name');
  b.oneOf('type', ['raw', 'intermediate', 'product']).duplicate('material', ['material'], 'material', 'material');
  return {
    file: 'materials', viewName: p.viewName, view: b.select(`${q(p.stage)} s`), checks: b.checks,
    targets: [{ table: 'materials', key: ['material'], cols: ['type', 'name'], select: SEL(['material', 'type', 'name'], p.viewName) }],
  };
}

/** steps: step, product, sequence, material (what the step makes), [name]. */
export function stepsPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('step', { required: true }).text('product', { required: true }).int('sequence', { required: true })
    .text('material', { required: true }).text('name');
  b.add('cp.material IS NOT NULL', '_product_ok').add('cm.material IS NOT NULL', '_material_ok');
  b.unknown('product', '_product_ok', 'product (material)', 'add the product to materials.csv with type product');
  b.unknown('material', '_material_ok', 'material', 'add the material the step makes to materials.csv');
  b.duplicate('step', ['step'], 'step', 'step');
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.materials)} cp ON cp.material = ${textExpr(p.types, 'product')}
    LEFT JOIN ${q(p.ctx.materials)} cm ON cm.material = ${textExpr(p.types, 'material')}`;
  return {
    file: 'steps', viewName: p.viewName, view: b.select(from), checks: b.checks,
    targets: [{ table: 'steps', key: ['step'], cols: ['product', 'sequence', 'material', 'name'], select: SEL(['step', 'product', 'sequence', 'material', 'name'], p.viewName) }],
  };
}

/** Columns of a lots file that become lot attributes. */
export function lotAttributeColumns(columns: Iterable<string>): string[] {
  const known = new Set<string>([...FOLDER_FILES.lots.required, ...FOLDER_FILES.lots.optional, '_line', '_source', '_reason']);
  return [...columns].filter((c) => !known.has(c));
}

/** lots: lot, material, site, [step], [equipment], [start], [end], [quantity], [unit], [supplier], [status], [attributes…]. */
export function lotsPlan(p: PlanInput): FilePlan {
  const tz = 'cs.timezone';
  const b = new ViewBuilder(p.types).text('lot', { required: true }).text('material', { required: true }).text('site', { required: true })
    .text('step').text('equipment').time('start', 'start_time', tz).time('end', 'end_time', tz).num('quantity').text('unit').text('supplier').text('status');
  b.add('cm.material IS NOT NULL', '_material_ok').add('cs.site IS NOT NULL', '_site_ok').add('cst.step IS NOT NULL', '_step_ok').add('ce.equipment IS NOT NULL', '_equipment_ok');
  b.unknown('material', '_material_ok', 'material', 'add it to materials.csv or correct the name')
    .unknown('site', '_site_ok', 'site', 'add it to sites.csv or correct the name')
    .unknown('step', '_step_ok', 'step', 'add it to steps.csv or leave step empty')
    .unknown('equipment', '_equipment_ok', 'equipment', 'add it to equipment.csv or leave equipment empty')
    .order('start', 'end', 'start_time', 'end_time')
    .duplicate('lot', ['lot'], 'lot', 'lot');
  const t = (c: string) => textExpr(p.types, c);
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.materials)} cm ON cm.material = ${t('material')}
    LEFT JOIN ${q(p.ctx.sites)} cs ON cs.site = ${t('site')} LEFT JOIN ${q(p.ctx.steps)} cst ON cst.step = ${t('step')}
    LEFT JOIN ${q(p.ctx.equipment)} ce ON ce.equipment = ${t('equipment')}`;
  const cols = ['material', 'site', 'step', 'equipment', 'start_time', 'end_time', 'quantity', 'unit', 'supplier', 'status'];
  const targets = [{ table: 'lots', key: ['lot'], cols, select: SEL(['lot', ...cols], p.viewName) }];
  const attrs = lotAttributeColumns(p.types.keys());
  if (attrs.length > 0) {
    // UNPIVOT drops empty cells: an empty attribute is no attribute. Names come from the header.
    const inner = `SELECT ${textExpr(p.types, 'lot')} AS lot, _line, _source, ${reasonExpr(p.types)} AS _reason, ${attrs.map((a) => `${textExpr(p.types, a)} AS ${q(a)}`).join(', ')} FROM ${q(p.stage)} s`;
    targets.push({
      table: 'lot_attributes', key: ['lot', 'name'], cols: ['value', 'num'],
      select: `SELECT lot, name, value, CASE WHEN isfinite(TRY_CAST(value AS DOUBLE)) THEN TRY_CAST(value AS DOUBLE) END AS num, _line, _source, _reason
               FROM (UNPIVOT (${inner}) ON ${attrs.map(q).join(', ')} INTO NAME name VALUE value) WHERE lot IS NOT NULL`,
    });
  }
  return { file: 'lots', viewName: p.viewName, view: b.select(from), checks: b.checks, targets };
}

/** genealogy: parent_lot, child_lot, [quantity]. */
export function genealogyPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('parent_lot', { required: true }).text('child_lot', { required: true }).num('quantity');
  b.add('cp.lot IS NOT NULL', '_parent_ok').add('cc.lot IS NOT NULL', '_child_ok');
  b.unknown('parent_lot', '_parent_ok', 'lot', 'add the lot to lots.csv or correct the name')
    .unknown('child_lot', '_child_ok', 'lot', 'add the lot to lots.csv or correct the name')
    .duplicate('child_lot', ['parent_lot', 'child_lot'], keyText(['parent_lot', 'child_lot']), 'link parent_lot/child_lot');
  b.checks.push({ column: 'child_lot', when: 'parent_lot = child_lot', value: 'r_child_lot', message: 'is its own parent', hint: 'a lot cannot be made from itself; check the lot names' });
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.lots)} cp ON cp.lot = ${textExpr(p.types, 'parent_lot')}
    LEFT JOIN ${q(p.ctx.lots)} cc ON cc.lot = ${textExpr(p.types, 'child_lot')}`;
  return {
    file: 'genealogy', viewName: p.viewName, view: b.select(from), checks: b.checks,
    targets: [{ table: 'genealogy', key: ['parent_lot', 'child_lot'], cols: ['quantity'], select: SEL(['parent_lot', 'child_lot', 'quantity'], p.viewName) }],
  };
}

/**
 * parameters: parameter, kind, material or step, [unit], [role], [lsl], [usl], [target],
 * [valid_from], [description]. Several rows of one parameter with different valid_from are
 * versions of its specification; they must agree on the definition.
 */
export function parametersPlan(p: PlanInput): FilePlan {
  const b = new ViewBuilder(p.types).text('parameter', { required: true }).text('kind', { required: true, lower: true }).text('step').text('unit').text('role').text('description')
    .num('lsl').num('usl').num('target').time('valid_from', 'valid_from_t', `'UTC'`);
  b.add(`coalesce(${textExpr(p.types, 'material')}, cst.material)`, 'material').add(textExpr(p.types, 'material'), 'r_material')
    .add(`coalesce(valid_from_t, TIMESTAMPTZ '1970-01-01 00:00:00+00')`, 'valid_from')
    .add('cm.material IS NOT NULL', '_material_ok').add('cst.step IS NOT NULL', '_step_ok').add('cst.material', '_step_material')
    .add('(lsl IS NOT NULL OR usl IS NOT NULL OR target IS NOT NULL)', '_has_spec');
  b.oneOf('kind', ['discrete', 'replicate']);
  b.checks.push(
    { column: 'material', when: 'r_material IS NULL AND r_step IS NULL', value: `''`, message: 'neither material nor step is given', hint: 'name the material the parameter is measured on, or the step (its material is then the one the step makes)' },
    { column: 'material', when: 'r_step IS NOT NULL AND _step_material IS NOT NULL AND r_material IS NOT NULL AND r_material <> _step_material', value: 'r_material', message: 'is not the material the step makes', detail: `'(step ' || r_step || ' makes ' || _step_material || ')'`, hint: 'leave material empty when step is given, or correct it' },
    { column: 'usl', when: 'lsl IS NOT NULL AND usl IS NOT NULL AND lsl > usl', value: 'r_usl', message: 'is below lsl', detail: `'(' || r_lsl || ')'`, hint: 'the lower specification limit must not exceed the upper one; check for swapped columns' },
    { column: 'parameter', when: '_conflict', value: 'parameter', message: 'is defined differently on another line of this file', detail: `'(first on line ' || _pfirst || ')'`, hint: 'rows of one parameter (versions of its specification) must agree on kind, step, unit, role and description' },
  );
  b.unknown('material', '_material_ok OR r_material IS NULL', 'material', 'add it to materials.csv or correct the name')
    .unknown('step', '_step_ok', 'step', 'add it to steps.csv or correct the name');
  b.checks.push({ column: 'valid_from', dup: ['material', 'parameter', 'valid_from'], when: `_n > 1 AND _line <> _first`, value: 'r_valid_from', message: 'duplicate specification version of this parameter in this file', detail: `'(first on line ' || _first || ')'`, hint: 'give each version of a specification its own valid_from' });
  const from = `${q(p.stage)} s LEFT JOIN ${q(p.ctx.steps)} cst ON cst.step = ${textExpr(p.types, 'step')}
    LEFT JOIN ${q(p.ctx.materials)} cm ON cm.material = coalesce(${textExpr(p.types, 'material')}, cst.material)`;
  const part = 'PARTITION BY material, parameter';
  const view = b.select(from, [
    `min(hash(kind, step, unit, role, description)) OVER (${part}) <> max(hash(kind, step, unit, role, description)) OVER (${part}) AND _line <> min(_line) OVER (${part}) AS _conflict`,
    `min(_line) OVER (${part}) AS _pfirst`,
  ]);
  const defCols = ['kind', 'step', 'unit', 'role', 'description'];
  return {
    file: 'parameters', viewName: p.viewName, view, checks: b.checks,
    targets: [
      { table: 'parameters', key: ['material', 'parameter'], cols: defCols, select: `SELECT DISTINCT ON (material, parameter) material, parameter, ${defCols.join(', ')}, _line, _source, _reason FROM ${q(p.viewName)} ORDER BY material, parameter, _line` },
      { table: 'specifications', key: ['material', 'parameter', 'valid_from'], cols: ['lsl', 'usl', 'target'], select: SEL(['material', 'parameter', 'valid_from', 'lsl', 'usl', 'target'], p.viewName, '_has_spec') },
    ],
  };
}
