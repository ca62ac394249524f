import { describe, expect, it } from 'vitest';
import { lag1Autocorrelation, mean, sd } from '../src/stats/descriptive.js';
import { lre, readUnivariate, UNIVARIATE_SETS } from './nist-strd.js';
import { hasSharedData, SHARED_DATA_MISSING } from './support/shared-data.js';

/**
 * NIST StRD univariate summary statistics, scored by log relative error (correct significant
 * digits). Gates: mean, sd and lag-1 autocorrelation ≥ 12 digits, except the sd of NumAcc3 and
 * NumAcc4 ≥ 8 (their data lose digits as doubles).
 */
const present = hasSharedData('nist_strd', 'univariate');
if (!present) console.warn(SHARED_DATA_MISSING);

describe.skipIf(!present)('NIST StRD univariate', () => {
  for (const name of UNIVARIATE_SETS) {
    it(`${name}: mean, sd, r(1) to the certified digits`, () => {
      const s = readUnivariate(name);
      const sdGate = name === 'NumAcc3' || name === 'NumAcc4' ? 8 : 12;
      expect(lre(mean(s.y), s.mean)).toBeGreaterThanOrEqual(12);
      expect(lre(sd(s.y), s.sd)).toBeGreaterThanOrEqual(sdGate);
      expect(lre(lag1Autocorrelation(s.y), s.r1)).toBeGreaterThanOrEqual(12);
    });
  }

  it('reads the data sizes NIST states', () => {
    expect(readUnivariate('Lew').y.length).toBe(200);
    expect(readUnivariate('Lottery').y.length).toBe(218);
    expect(readUnivariate('PiDigits').y.length).toBe(5000);
    expect(readUnivariate('NumAcc4').y.length).toBe(1001);
  });
});
