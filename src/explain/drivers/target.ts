import { AppError, field } from '../../core/errors.js';
import { isNumericColumn, type AnalysisSet, type NumericColumn } from '../../context/analysis-set-types.js';
import type { Store } from '../../store/store.js';
import type { TargetMode } from './explain-types.js';

/** The resolved target: its column, the values the screen uses (0/1 for pass/fail), and counts. */
export interface ResolvedTarget {
  column: NumericColumn;
  y: Float64Array;
  binary: boolean;
  n: number;
  bad?: number;
}

/** Finds the target column among the set's own columns (parameter, feature or column name). */
function findTargetColumn(set: AnalysisSet, target: string): NumericColumn {
  const own = set.columns.filter(isNumericColumn).filter((c) => c.origin.rule === 'own');
  // A replicate parameter (hardness of 10 tablets) has no lot value of its own; its lot value is the mean of its replicates.
  const hit = own.find((c) => c.origin.parameter === target || c.origin.feature === target || c.name === target) ?? own.find((c) => c.origin.feature === `${target}.mean`);
  if (!hit) {
    const near = own.map((c) => c.name).filter((n) => n.toLowerCase().includes(target.toLowerCase().slice(0, 4))).slice(0, 5);
    throw new AppError('unknown_parameter', `'${target}' is not a parameter or feature of ${set.material} lots`, near.length ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}? (the parameters of ${set.material} list them)` : `the parameters of ${set.material} list them`);
  }
  return hit;
}

const COMPARE = /^\s*(?:([A-Za-z0-9_.% ()-]+?)\s*)?(<=|>=|<|>|==|!=)\s*(-?[0-9.]+(?:e-?\d+)?)\s*$/i;

/**
 * Parses a `--bad` expression: comparisons of the target with numbers joined by `or`/`and`,
 * e.g. `< 85`, `dissolution < 85 or dissolution > 110`. Returns the predicate of a bad lot.
 */
export function parseBad(expr: string, target: string): (v: number) => boolean {
  const parts = expr.split(/\s+(or|and)\s+/i);
  const preds: ((v: number) => boolean)[] = [];
  const joins: string[] = [];
  parts.forEach((p, i) => {
    if (i % 2 === 1) {
      joins.push(p.toLowerCase());
      return;
    }
    const m = COMPARE.exec(p);
    if (!m || (m[1] && m[1].trim() !== target)) throw new AppError('bad_expression', `cannot read '${p.trim()}' in ${field('bad')} "${expr}"`, `write comparisons of ${target} with numbers, e.g. ${field('bad', `"${target} < 85 or ${target} > 110"`)}`);
    const x = Number(m[3]);
    const op = m[2]!;
    preds.push((v) => (op === '<' ? v < x : op === '<=' ? v <= x : op === '>' ? v > x : op === '>=' ? v >= x : op === '==' ? v === x : v !== x));
  });
  return (v) => {
    let acc = preds[0]!(v);
    joins.forEach((j, k) => {
      acc = j === 'or' ? acc || preds[k + 1]!(v) : acc && preds[k + 1]!(v);
    });
    return acc;
  };
}

/** Makes the screen's y: the values, or 1 = bad / 0 = good by specification or expression. */
export async function resolveTarget(store: Store, set: AnalysisSet, target: string, mode: TargetMode): Promise<ResolvedTarget> {
  const column = findTargetColumn(set, target);
  const v = column.values;
  const n = v.filter(Number.isFinite).length;
  if (mode.kind === 'numeric') return { column, y: v, binary: false, n };
  let bad: (value: number, i: number) => boolean;
  if (mode.kind === 'expr') {
    const p = parseBad(mode.expr, target);
    bad = (value) => p(value);
  } else {
    const parameter = column.origin.parameter ?? column.origin.feature ?? target;
    const specs = await store.all<{ valid_from: Date; lsl: number | null; usl: number | null }>(
      'SELECT valid_from, lsl, usl FROM specifications WHERE material = $1 AND parameter = $2 ORDER BY valid_from DESC',
      [set.material, parameter],
    );
    if (specs.length === 0) throw new AppError('no_specification', `${set.material} ${parameter} has no specification`, `give ${field('bad', `"${target} < X"`)} instead, or import a specification (parameters file: lsl, usl, valid_from)`);
    const start = set.columns.find((c) => c.kind === 'time' && c.origin.factor === 'start' && c.origin.rule === 'own');
    bad = (value, i) => {
      const t = start ? (start.values[i] as number) : NaN;
      // Newest first: the latest version valid at the lot's start (the newest for an undated lot); a lot older than every version is judged by the oldest.
      const spec = specs.find((s) => !Number.isFinite(t) || s.valid_from.getTime() <= t) ?? specs[specs.length - 1]!;
      return (spec.lsl !== null && value < spec.lsl) || (spec.usl !== null && value > spec.usl);
    };
  }
  const y = new Float64Array(v.length).fill(NaN);
  let nBad = 0;
  v.forEach((value, i) => {
    if (!Number.isFinite(value)) return;
    y[i] = bad(value, i) ? 1 : 0;
    nBad += y[i]!;
  });
  if (nBad === 0 || nBad === n)
    throw new AppError('no_variance', `every one of the ${n} lots is ${nBad === 0 ? 'good' : 'bad'} by ${mode.kind === 'spec' ? 'the specification' : `"${(mode as { expr: string }).expr}"`}`, 'nothing to explain: choose a stricter criterion or explain the numeric value');
  return { column, y, binary: true, n, bad: nBad };
}
