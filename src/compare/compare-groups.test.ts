import { describe, expect, it } from 'vitest';
import { capability } from '../spc/capability.js';
import { oneWayAnova } from '../stats/anova.js';
import { boxPlotSvg, niceTicks } from './box-plot-svg.js';
import { compareGroups } from './compare-groups.js';
import { isDone } from './outcome.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('compareGroups', () => {
  // Site B: 1, 2, 3 (mean 2, sd 1); site A: 4, 5, 6 (mean 5, sd 1); listed out of order on purpose.
  const values = f(1, 4, 2, 5, 3, 6);
  const groups = ['B', 'A', 'B', 'A', 'B', 'A'];

  it('per-group n, mean, sd, median, quartiles, in label order', () => {
    const c = compareGroups(values, groups);
    expect(c.groups.map((g) => [g.group, g.n, g.mean, g.sd, g.median, g.q1, g.q3])).toEqual([
      ['A', 3, 5, 1, 5, 4.5, 5.5],
      ['B', 3, 2, 1, 2, 1.5, 2.5],
    ]);
  });

  it('ANOVA F = 13.5, Welch F = 13.5 (equal n and sd), Tukey diff B − A = −3, Kruskal–Wallis H = 3.857', () => {
    const c = compareGroups(values, groups);
    expect(isDone(c.anova) && c.anova.result.f).toBeCloseTo(13.5, 13);
    expect(isDone(c.welch) && c.welch.result.f).toBeCloseTo(13.5, 13);
    expect(isDone(c.tukey) && c.tukey.result[0]).toMatchObject({ a: 'A', b: 'B', diff: -3 });
    // ranks A: 4,5,6 (sum 15), B: 1,2,3 (sum 6): H = 12/42 · (225 + 36)/3 − 21 = 27/7
    expect(isDone(c.kruskalWallis) && c.kruskalWallis.result.h).toBeCloseTo(27 / 7, 13);
    expect(isDone(c.levene) && c.levene.result.f).toBe(0); // identical spreads: z = 1, 0, 1 in both groups
    expect(c.summary[0]).toMatch(/^The group means differ \(one-way ANOVA F\(1, 4\) = 13.5, p = 0.0213\)/);
  });

  it('TOST of each group against the reference, with the sentence', () => {
    const c = compareGroups(values, groups, { margin: 5, reference: 'A' });
    expect(c.equivalence?.reference).toBe('A');
    const [t] = c.equivalence!.tests;
    expect(t!.status).toBe('done');
    if (t!.status !== 'done') return;
    // diff B − A = −3, se √(2/3), df 4: 90 % CI −3 ± 2.131847·0.8165 = [−4.741, −1.259] inside ±5
    expect(t!.result.ciLower).toBeCloseTo(-3 - 2.131846786326649 * Math.sqrt(2 / 3), 12);
    expect(t!.result.equivalent).toBe(true);
    expect(c.summary.at(-1)).toMatch(/^B and A are equivalent within \(-5, 5\)/);
  });

  it('capability per group is the capability module’s own result', () => {
    const c = compareGroups(values, groups, { spec: { lsl: 0, usl: 8 } });
    const a = c.groups[0]!.capability!;
    expect(a.status).toBe('done');
    if (a.status === 'done') expect(a.result.indices.pp?.value).toBe(capability(f(4, 5, 6), { lsl: 0, usl: 8 }).indices.pp?.value);
  });

  it('an analysis the data cannot support is not computed, with the reason; the rest still runs', () => {
    const c = compareGroups(f(1, 2, 3, 10), ['A', 'A', 'A', 'B']);
    expect(c.groups[1]!.sd).toBeNull();
    expect(c.welch).toMatchObject({ status: 'not_computed', code: 'too_few_values' });
    expect(isDone(c.anova)).toBe(true);
    expect(c.anova.status === 'done' && c.anova.result.f).toBe(oneWayAnova([f(1, 2, 3), f(10)]).f);
    expect(JSON.stringify(c, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v))).not.toMatch(/NaN|Infinity/);
  });

  it('bad input: unknown reference, non-positive margin, NaN values, no data', () => {
    expect(() => compareGroups(values, groups, { margin: 1, reference: 'C' })).toThrowError(expect.objectContaining({ code: 'unknown_reference' }));
    expect(() => compareGroups(values, groups, { margin: 0 })).toThrowError(expect.objectContaining({ code: 'bad_margin' }));
    expect(() => compareGroups(f(1, NaN), ['A', 'B'])).toThrowError(expect.objectContaining({ code: 'non_finite_value' }));
    expect(() => compareGroups(f(), [])).toThrowError(expect.objectContaining({ code: 'no_data' }));
  });
});

describe('box plot SVG', () => {
  it('one box per group with n, mean marker, spec lines; outliers beyond 1.5 IQR', () => {
    const c = compareGroups(f(1, 2, 3, 4, 100, 5, 6, 7), ['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B']);
    const svg = boxPlotSvg(c.groups, { title: 'x by site', spec: { lsl: 0, usl: 90 } });
    expect(svg.match(/class="box"/g)).toHaveLength(2);
    expect(svg).toContain('n = 5');
    expect(svg).toContain('n = 3');
    expect(svg.match(/class="mean"/g)).toHaveLength(2);
    expect(svg.match(/class="spec"/g)).toHaveLength(2);
    expect(svg.match(/class="outlier"/g)).toHaveLength(1); // A: Q1 2, Q3 4, fence 7 → 100 is out
    expect(svg).toContain('USL 90');
  });
  it('nice ticks are round numbers', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.31, 0.92)).toEqual([0.4, 0.6, 0.8]);
  });
});
