import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { quoteIdent } from '../store/sql.js';
import type { Store } from '../store/store.js';
import { columnNames, originOf, type ColumnKey } from './analysis-set-columns.js';
import { catalogueStatement, cellsStatement, factorStatement, pivotSql, upStatement, walkStatements, type Temps } from './analysis-set-sql.js';
import { createTargets, resolveMaterial } from './analysis-set-targets.js';
import {
  isCarryRule, type AnalysisColumn, type AnalysisSet, type AnalysisSetOptions, type CarryRule, type FactorKind,
} from './analysis-set-types.js';
import { checkDepth, throwIfCycle } from './genealogy.js';

/**
 * Builds an analysis set: one row per lot of a material, one column per parameter and feature of
 * that lot and of every upstream lot (carried down the genealogy by a rule), plus factor columns.
 *
 * Phases, in order (each a temporary table in the store, see analysis-set-sql.ts):
 * resolve the material → targets (filters) → genealogy walk (cycle check) → upstream lots with
 * contributions → cells (own + carried values) → factors → pivot to typed columns.
 *
 * Missing stays missing: a lot without a value has NaN (numeric, time) or null (factor), never 0.
 *
 * @param store an open store.
 * @param options which rows (material | product | step, site, from, to, lots), `rule` (default
 *   `weighted_mean`), `include` (all kinds by default), `logger`.
 * @returns lots (row keys, by start time) and columns with values, origin and missing count.
 * @throws AppError `bad_target`, `unknown_material`/`unknown_product`/`unknown_step`, `bad_rule`,
 *   `bad_time`, `lot_not_of_material`, `no_lots`, `genealogy_cycle`.
 * @example
 * const set = await buildAnalysisSet(store, { product: 'tab-10mg', site: 'LJ' });
 * set.columns.find((c) => c.name === 'api.d90 (via granulation)');
 * @see ISA-95 Part 2 (material lot genealogy); FDA Process Validation guidance (2011), stage 3 CPV.
 */
export async function buildAnalysisSet(store: Store, options: AnalysisSetOptions): Promise<AnalysisSet> {
  const log = options.logger ?? silentLogger;
  const rule = options.rule ?? 'weighted_mean';
  if (!isCarryRule(rule)) {
    throw new AppError('bad_rule', `carry rule '${String(rule)}' is not known`, 'use weighted_mean, min, max, first or single_parent');
  }
  const inc = {
    discrete: options.include?.discrete ?? true,
    features: options.include?.features ?? true,
    upstream: options.include?.upstream ?? true,
    factors: options.include?.factors ?? true,
  };
  const depth = checkDepth(options.include?.depth);
  const material = await resolveMaterial(store, options);
  const temps = tempNames();
  try {
    const rows = await createTargets(store, temps.targets, material, options);
    log.progress('analysis set', 1, 5);
    if (inc.upstream) {
      for (const sql of walkStatements(temps)) await store.run(sql, sql.includes('$depth') ? { depth } : undefined);
      throwIfCycle(await store.all<{ path: string[]; cycle: boolean }>(`SELECT path, cycle FROM ${temps.walk} WHERE cycle LIMIT 1`));
      await store.run(upStatement(temps));
    }
    log.progress('analysis set', 2, 5);
    await store.run(cellsStatement(temps, rule, inc), { material });
    const numeric = await readColumns(store, temps, 'value', rule, inc.upstream);
    log.progress('analysis set', 3, 5);
    let factors: Keyed[] = [];
    if (inc.factors) {
      await store.run(factorStatement(temps, inc.upstream), { material });
      factors = [await startColumn(store, temps, material), ...(await readColumns(store, temps, 'text', rule, inc.upstream))];
    }
    log.progress('analysis set', 4, 5);
    const lots = (await store.columns(`SELECT lot FROM ${temps.targets} ORDER BY row_idx`)).lot as string[];
    const columns = named([...factors, ...numeric]);
    log.progress('analysis set', 5, 5);
    log.info(`analysis set of ${material}: ${rows} lots × ${columns.length} columns (rule ${rule})`);
    return { material, rule, lots, columns };
  } finally {
    for (const t of Object.values(temps)) await store.run(`DROP TABLE IF EXISTS ${t}`);
  }
}

function tempNames(): Temps {
  const id = randomBytes(6).toString('hex');
  const n = (s: string) => quoteIdent(`_cw_as_${id}_${s}`);
  return { targets: n('targets'), shares: n('shares'), walk: n('walk'), up: n('up'), cells: n('cells'), fcells: n('fcells'), cat: n('cat'), fcat: n('fcat') };
}

interface CatalogueRow extends Record<string, unknown> {
  col_idx: number;
  scope: 'own' | 'up';
  material: string;
  via: string;
  src: ColumnKey['src'];
  name: string;
  step: string | null;
  route: string[] | null;
  estimated: boolean;
}

/** A column read from the store with the key it was built from; named once all keys are known. */
interface Keyed {
  key: ColumnKey;
  col: AnalysisColumn;
}

/** Builds the catalogue of the value (or factor) cells and reads their pivot as typed columns. */
async function readColumns(store: Store, temps: Temps, valueCol: 'value' | 'text', rule: CarryRule, upstream: boolean): Promise<Keyed[]> {
  const [cells, catTable] = valueCol === 'value' ? [temps.cells, temps.cat] : [temps.fcells, temps.fcat];
  await store.run(catalogueStatement(temps, cells, catTable, upstream));
  const cat = await store.all<CatalogueRow>(`SELECT * FROM ${catTable} ORDER BY col_idx`);
  if (cat.length === 0) return [];
  const data = await store.columns(pivotSql(temps, cells, catTable, valueCol, cat.length));
  const rows = (data.row_idx as Float64Array).length;
  return cat.map((c): Keyed => {
    const key: ColumnKey = { scope: c.scope, material: c.material, via: c.via, src: c.src, name: c.name, step: c.step,
      route: c.route ?? [], estimated: c.estimated };
    const raw = data[String(c.col_idx)];
    const origin = originOf(key, rule);
    if (valueCol === 'value') {
      const values = raw instanceof Float64Array ? raw : new Float64Array(rows).fill(NaN);
      return { key, col: { name: '', kind: 'numeric', origin, values, missing: countNaN(values) } };
    }
    const values = raw === undefined ? new Array<string | null>(rows).fill(null)
      : Array.from(raw as ArrayLike<unknown>, (v) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v)));
    return { key, col: { name: '', kind: 'factor', origin, values, missing: values.filter((v) => v === null).length } };
  });
}

/** Gives every column its user-facing name, unique over the whole set. */
function named(keyed: Keyed[]): AnalysisColumn[] {
  const names = columnNames(keyed.map((k) => k.key));
  return keyed.map((k, i) => ({ ...k.col, name: names[i]! }));
}

/** The start instant of each target lot, as epoch milliseconds. */
async function startColumn(store: Store, temps: Temps, material: string): Promise<Keyed> {
  const data = await store.columns(
    `SELECT epoch_ms(l.start_time)::DOUBLE AS start FROM ${temps.targets} t JOIN lots l USING (lot) ORDER BY t.row_idx`,
  );
  const values = data.start as Float64Array;
  const factor: FactorKind = 'start';
  const key: ColumnKey = { scope: 'own', material, via: '', src: factor, name: '', step: null, route: [], estimated: false };
  return { key, col: { name: 'start', kind: 'time', origin: { material, factor, path: [material], rule: 'own', estimated: false }, values, missing: countNaN(values) } };
}

function countNaN(a: Float64Array): number {
  let n = 0;
  for (const v of a) if (Number.isNaN(v)) n++;
  return n;
}
