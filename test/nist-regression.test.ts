import { describe, expect, it } from 'vitest';
import { ols, type OlsFit } from '../src/stats/ols.js';
import { polyfit } from '../src/stats/polyfit.js';
import { lre, readRegression, REGRESSION_SETS, type RegressionSet } from './nist-strd.js';
import { hasSharedData, SHARED_DATA_MISSING } from './support/shared-data.js';

/**
 * NIST StRD linear regression, scored by log relative error. Gates: every coefficient, its
 * standard deviation, the residual sd and R² ≥ 9 digits, except Wampler4–5 ≥ 7 and Filip ≥ 6.
 */
const present = hasSharedData('nist_strd', 'linear_regression');
if (!present) console.warn(SHARED_DATA_MISSING);

/** Fits a set the way its certified model says. */
export function fitSet(s: RegressionSet): OlsFit {
  return s.model.kind === 'linear' ? ols(s.x, s.y) : polyfit(s.x[0]!, s.y, s.model.degree, { intercept: s.model.intercept });
}

describe.skipIf(!present)('NIST StRD linear regression', () => {
  for (const name of REGRESSION_SETS) {
    it(`${name}: coefficients, their sd, residual sd, R² to the certified digits`, () => {
      const s = readRegression(name);
      const gate = name === 'Filip' ? 6 : name === 'Wampler4' || name === 'Wampler5' ? 7 : 9;
      const fit = fitSet(s);
      expect(fit.coefficients.length).toBe(s.coefficients.length);
      s.coefficients.forEach((c, i) => expect(lre(fit.coefficients[i]!, c), `B${i}`).toBeGreaterThanOrEqual(gate));
      s.standardErrors.forEach((c, i) => expect(lre(fit.standardErrors[i]!, c), `sd(B${i})`).toBeGreaterThanOrEqual(gate));
      expect(lre(fit.residualSd, s.residualSd)).toBeGreaterThanOrEqual(gate);
      expect(lre(fit.rSquared, s.rSquared)).toBeGreaterThanOrEqual(gate);
    });
  }
});
