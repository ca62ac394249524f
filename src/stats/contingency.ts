import gammaln from '@stdlib/math-base-special-gammaln';
import { AppError } from '../core/errors.js';
import { chiSquare } from './distributions.js';

/** Result of Pearson's chi-square test of independence. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  expected: number[][];
  /** Cells with expected count below 5, where the chi-square approximation is doubtful. */
  smallExpected: number;
}

function checkTable(table: readonly (readonly number[])[], what: string): void {
  const cols = table[0]?.length ?? 0;
  if (table.length < 2 || cols < 2) throw new AppError('bad_table', `${what} needs at least a 2 × 2 table, got ${table.length} × ${cols}`, 'give counts of two or more categories of each variable');
  table.forEach((row, i) => {
    if (row.length !== cols) throw new AppError('bad_table', `${what}: row ${i + 1} has ${row.length} cells, row 1 has ${cols}`, 'give a rectangular table');
    row.forEach((v, j) => {
      if (!(Number.isFinite(v) && v >= 0)) throw new AppError('bad_table', `${what}: cell (${i + 1}, ${j + 1}) is ${v}, not a count`, 'give non-negative counts');
    });
  });
}

/**
 * Pearson's chi-square test of independence of an r × c table of counts (no continuity
 * correction): X² = Σ (O − E)²/E, E = row total × column total / N, df = (r − 1)(c − 1).
 *
 * @param table - counts, rows × columns, every row and column total > 0
 * @example chiSquareIndependence([[10, 20], [20, 10]]).statistic // 6.6667
 * @see K. Pearson (1900); A. Agresti (2013), Categorical Data Analysis, 3rd ed., §3.2.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareResult {
  checkTable(table, 'chi-square test');
  const rows = table.map((r) => r.reduce((s, v) => s + v, 0));
  const cols = table[0]!.map((_, j) => table.reduce((s, r) => s + r[j]!, 0));
  const n = rows.reduce((s, v) => s + v, 0);
  rows.forEach((t, i) => {
    if (t === 0) throw new AppError('bad_table', `chi-square test: row ${i + 1} has no counts`, 'drop empty categories');
  });
  cols.forEach((t, j) => {
    if (t === 0) throw new AppError('bad_table', `chi-square test: column ${j + 1} has no counts`, 'drop empty categories');
  });
  let statistic = 0;
  let smallExpected = 0;
  const expected = table.map((row, i) =>
    row.map((o, j) => {
      const e = (rows[i]! * cols[j]!) / n;
      if (e < 5) smallExpected++;
      statistic += ((o - e) * (o - e)) / e;
      return e;
    }),
  );
  const df = (table.length - 1) * (cols.length - 1);
  return { statistic, df, p: chiSquare(df).sf(statistic), expected, smallExpected };
}

/** Result of Fisher's exact test of a 2 × 2 table. */
export interface FisherResult {
  /** Two-sided p: total probability of tables no more likely than the observed one. */
  p: number;
  /** Sample odds ratio ad/(bc) (null when it is 0/0 or x/0: not defined). */
  oddsRatio: number | null;
}

/**
 * Fisher's exact test of a 2 × 2 table [[a, b], [c, d]], two-sided as R's `fisher.test`: the sum
 * of hypergeometric probabilities of all tables with the same margins that are at most as likely
 * as the observed one (with R's relative tolerance 1e-7 for ties in probability).
 *
 * @param table - [[a, b], [c, d]] non-negative integer counts
 * @example fisherExact([[3, 1], [1, 3]]).p // 0.4857 (= 34/70)
 * @see R. A. Fisher (1935), The logic of inductive inference, JRSS 98; Agresti (2013) §3.5.
 */
export function fisherExact(table: readonly [readonly [number, number], readonly [number, number]]): FisherResult {
  checkTable(table, 'Fisher exact test');
  if (table.length !== 2 || table[0].length !== 2) throw new AppError('bad_table', 'Fisher exact test takes a 2 × 2 table', 'use the chi-square test for larger tables');
  const [[a, b], [c, d]] = table;
  for (const v of [a, b, c, d]) if (!Number.isInteger(v)) throw new AppError('bad_table', `Fisher exact test: ${v} is not a whole count`, 'give integer counts');
  const r1 = a + b;
  const c1 = a + c;
  const n = a + b + c + d;
  const lf = (k: number): number => gammaln(k + 1);
  const logP = (x: number): number => lf(r1) + lf(n - r1) + lf(c1) + lf(n - c1) - lf(n) - lf(x) - lf(r1 - x) - lf(c1 - x) - lf(n - r1 - c1 + x);
  const lo = Math.max(0, r1 + c1 - n);
  const hi = Math.min(r1, c1);
  const observed = logP(a);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
  }
  const oddsRatio = b * c === 0 ? null : (a * d) / (b * c);
  return { p: Math.min(1, p), oddsRatio };
}
