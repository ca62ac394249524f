import { isAppError } from '../../core/errors.js';
import type { AnalysisColumn } from '../../context/analysis-set-types.js';
import { oneWayAnova } from '../../stats/anova.js';
import { spearman } from '../../stats/correlation.js';

/** How strongly two columns go together, 0…1, and by which measure. */
export interface Association {
  strength: number;
  measure: 'rho' | 'eta' | 'cramers-v';
  /** Signed Spearman rho for two numeric columns. */
  signed?: number;
  n: number;
}

/**
 * Association of two analysis-set columns on the lots where both have a value: |Spearman rho|
 * for two numeric (or time) columns, the correlation ratio η = √(SS_between/SS_total) for a
 * numeric and a factor column, Cramér's V for two factors. Undefined when fewer than 5 lots
 * have both values or one side is constant.
 *
 * @see H. Cramér (1946), Mathematical Methods of Statistics, §21.9; K. Pearson (1905) on η.
 */
export function associate(a: AnalysisColumn, b: AnalysisColumn): Association | undefined {
  const rows: number[] = [];
  for (let i = 0; i < a.values.length; i++) if (present(a, i) && present(b, i)) rows.push(i);
  if (rows.length < 5) return undefined;
  try {
    if (a.kind !== 'factor' && b.kind !== 'factor') {
      const x = Float64Array.from(rows, (i) => a.values[i] as number);
      const y = Float64Array.from(rows, (i) => b.values[i] as number);
      const r = spearman(x, y).r;
      return { strength: Math.abs(r), measure: 'rho', signed: r, n: rows.length };
    }
    if (a.kind === 'factor' && b.kind === 'factor') return cramersV(rows.map((i) => a.values[i] as string), rows.map((i) => b.values[i] as string));
    const [num, fac] = a.kind === 'factor' ? [b, a] : [a, b];
    const groups = new Map<string, number[]>();
    for (const i of rows) {
      const k = fac.values[i] as string;
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(num.values[i] as number);
    }
    if (groups.size < 2) return undefined;
    const r = oneWayAnova([...groups.values()].map((g) => Float64Array.from(g)));
    return { strength: Math.sqrt(Math.max(0, r.rSquared)), measure: 'eta', n: rows.length };
  } catch (e) {
    if (isAppError(e)) return undefined;
    throw e;
  }
}

function present(c: AnalysisColumn, i: number): boolean {
  const v = c.values[i];
  return c.kind === 'factor' ? v !== null && v !== undefined : Number.isFinite(v as number);
}

function cramersV(a: string[], b: string[]): Association | undefined {
  const la = [...new Set(a)];
  const lb = [...new Set(b)];
  if (la.length < 2 || lb.length < 2) return undefined;
  const ia = new Map(la.map((v, i) => [v, i]));
  const ib = new Map(lb.map((v, i) => [v, i]));
  const t = la.map(() => new Float64Array(lb.length));
  for (let k = 0; k < a.length; k++) t[ia.get(a[k]!)!]![ib.get(b[k]!)!]! += 1;
  const n = a.length;
  const ra = t.map((row) => row.reduce((s, v) => s + v, 0));
  const cb = lb.map((_, j) => t.reduce((s, row) => s + row[j]!, 0));
  let chi = 0;
  for (let i = 0; i < la.length; i++)
    for (let j = 0; j < lb.length; j++) {
      const e = (ra[i]! * cb[j]!) / n;
      if (e > 0) chi += (t[i]![j]! - e) ** 2 / e;
    }
  const v = Math.sqrt(chi / (n * (Math.min(la.length, lb.length) - 1)));
  return { strength: Math.min(1, v), measure: 'cramers-v', n };
}
