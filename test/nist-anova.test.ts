import { describe, expect, it } from 'vitest';
import { oneWayAnova } from '../src/stats/anova.js';
import { splitGroups } from '../src/stats/groups.js';
import { ANOVA_SETS, lre, readAnova } from './nist-strd.js';
import { hasSharedData, SHARED_DATA_MISSING } from './support/shared-data.js';

/**
 * NIST StRD one-way ANOVA, scored by log relative error. Gates: F, residual sd and R² ≥ 9
 * digits, except SmLs07–09 ≥ 4.
 *
 * SmLs07–09 hold values like 1000000000000.4 that no double holds (the nearest is
 * 1000000000000.4000244, an error of 2.4e-4 of the 0.1-sized spread), so on the data as plain
 * doubles no algorithm can reach 4 digits (ours gets 3.3 for F; see docs/validation.md). Those
 * sets are gated on the data read with the constant 1e12 removed exactly in decimal before
 * the one rounding to double — a shift, which ANOVA does not see. Every set is also gated on
 * that reading at 9 digits.
 */
const present = hasSharedData('nist_strd', 'anova');
if (!present) console.warn(SHARED_DATA_MISSING);

function digits(y: Float64Array, groups: string[], c: { f: number; residualSd: number; rSquared: number }): number[] {
  const aov = oneWayAnova(splitGroups(y, groups).groups);
  return [lre(aov.f, c.f), lre(aov.residualSd, c.residualSd), lre(aov.rSquared, c.rSquared)];
}

describe.skipIf(!present)('NIST StRD one-way ANOVA', () => {
  for (const name of ANOVA_SETS) {
    const hard = /SmLs0[789]/.test(name);
    it(`${name}: F, residual sd, R² ≥ ${hard ? '4 (exactly shifted data)' : '9'} digits`, () => {
      const s = readAnova(name);
      const d = hard ? digits(s.yShifted, s.groups, s) : digits(s.y, s.groups, s);
      for (const v of d) expect(v).toBeGreaterThanOrEqual(hard ? 4 : 9);
    });
    it(`${name}: ≥ 9 digits on the exactly shifted data`, () => {
      const s = readAnova(name);
      for (const v of digits(s.yShifted, s.groups, s)) expect(v).toBeGreaterThanOrEqual(9);
    });
  }

  it('SmLs07 as plain doubles: the representation error is what limits it', () => {
    const s = readAnova('SmLs07');
    expect(s.y[0]! - 1e12).toBe(0.4000244140625); // nearest double to 1000000000000.4
    expect(s.yShifted[0]).toBe(0.4);
  });
});
