import { describe, expect, it } from 'vitest';
import { ALL_RULES, describeHit, parseRules, runRules, type RuleId } from './run-rules.js';
import type { Series } from './types.js';

/** A series on a standardised scale: centre 0, sd 1, limits ±3, so values are z-scores. */
function z(values: number[]): Series {
  const n = values.length;
  return {
    name: 'I', start: 0, values: Float64Array.from(values), center: new Float64Array(n), sd: new Float64Array(n).fill(1),
    lcl: new Float64Array(n).fill(-3), ucl: new Float64Array(n).fill(3),
  };
}
const fired = (values: number[], rule: RuleId) => runRules(z(values), [rule]).map((h) => h.index);

describe('run rules, one hand-built series per rule', () => {
  it('rule 1: a point beyond a control limit', () => {
    const x = [0.5, 3.5, -0.5, -3.2, 0.1, 3];
    expect(fired(x, 'we1')).toEqual([1, 3]);
    expect(fired(x, 'nelson1')).toEqual([1, 3]); // exactly on the limit (3) is not beyond
  });
  it('WE2 / Nelson 5: 2 of 3 beyond 2σ on the same side', () => {
    const x = [2.5, 0.1, 2.2, -0.3, -2.1, 0.5, -2.4, 2.5];
    expect(fired(x, 'we2')).toEqual([2, 6]);
    expect(fired(x, 'nelson5')).toEqual([2, 6]);
  });
  it('WE3 / Nelson 6: 4 of 5 beyond 1σ on the same side', () => {
    const x = [1.5, 1.2, 0.3, 1.1, 1.8, 0.2, -1.5];
    expect(fired(x, 'we3')).toEqual([4]);
    expect(fired(x, 'nelson6')).toEqual([4]);
  });
  it('WE4 (8) and Nelson 2 (9) in a row on one side', () => {
    const x = [0.1, 0.2, 0.1, 0.3, 0.2, 0.1, 0.4, 0.2, 0.3, -0.2, 0.3];
    expect(fired(x, 'we4')).toEqual([7, 8]);
    expect(fired(x, 'nelson2')).toEqual([8]);
    const below = x.map((v) => -v);
    expect(runRules(z(below), ['nelson2'])[0]).toMatchObject({ index: 8, side: 'below', count: 9 });
  });
  it('a point on the centre line breaks a run', () => {
    expect(fired([0.1, 0.2, 0.1, 0.3, 0, 0.1, 0.4, 0.2, 0.3], 'we4')).toEqual([]);
  });
  it('Nelson 3: 6 points in a row steadily increasing or decreasing', () => {
    expect(fired([0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.2], 'nelson3')).toEqual([6, 7]);
    expect(fired([0.6, 0.5, 0.4, 0.3, 0.2, 0.1], 'nelson3')).toEqual([5]);
    expect(fired([0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.6], 'nelson3')).toEqual([]); // a tie breaks the trend
  });
  it('Nelson 4: 14 points in a row alternating up and down', () => {
    const x = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0];
    expect(fired(x, 'nelson4')).toEqual([13, 14]);
    expect(fired(x.slice(0, 13), 'nelson4')).toEqual([]);
  });
  it('Nelson 7: 15 points in a row within 1σ', () => {
    const x = [...Array.from({ length: 16 }, (_, i) => (i % 2 ? -0.5 : 0.5)), 1.5];
    expect(fired(x, 'nelson7')).toEqual([14, 15]);
  });
  it('Nelson 8: 8 points in a row beyond 1σ on either side', () => {
    expect(fired([1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 0], 'nelson8')).toEqual([7]);
  });
  it('a series where no rule may fire', () => {
    const x = [0.5, -0.3, 1.2, -1.1, 0.2, 0.8, -0.6, 2.1, -0.4, 0.1, -1.3, 0.6, 0.9, -0.2, 1.4, -2.2, 0.3, -0.7, 1.1, 0];
    expect(runRules(z(x), ALL_RULES)).toEqual([]);
  });
  it('zones follow stepped limits: the same value is beyond 2σ only where sd is small', () => {
    const s = z([2.5, 2.5, 2.5]);
    s.sd[0] = 2; // here 2.5 is 1.25σ
    expect(runRules(s, ['we2']).map((h) => h.index)).toEqual([2]);
  });
});

describe('rule selection and sentences', () => {
  it('parses lists, groups and short names', () => {
    expect(parseRules('we1,n2')).toEqual(['we1', 'nelson2']);
    expect(parseRules('nelson')).toHaveLength(8);
    expect(parseRules('none')).toEqual([]);
    expect(() => parseRules('we9')).toThrow(/unknown run rule 'we9'/);
  });
  it('says what happened in words', () => {
    const [hit] = runRules(z([0.1, 0.2, 0.1, 0.3, 0.2, 0.1, 0.4, 0.2, 0.3]), ['nelson2']);
    expect(describeHit(hit!, 'Lot L123 (2024-03-02)')).toBe('Lot L123 (2024-03-02) is the 9th point in a row above the centre line (Nelson 2)');
  });
});
