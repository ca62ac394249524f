/**
 * Prints the NIST StRD digits tables of docs/validation.md: for every set and every certified
 * quantity the log relative error (correct significant digits, capped at 15) and the minimum per
 * set, next to the gate the tests enforce. Run with `npm run validate`; writes nothing.
 */
import os from 'node:os';
import { oneWayAnova } from '../src/stats/anova.js';
import { lag1Autocorrelation, mean, sd } from '../src/stats/descriptive.js';
import { splitGroups } from '../src/stats/groups.js';
import { ols } from '../src/stats/ols.js';
import { polyfit } from '../src/stats/polyfit.js';
import { ANOVA_SETS, lre, readAnova, readRegression, readUnivariate, REGRESSION_SETS, UNIVARIATE_SETS } from '../test/nist-strd.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../test/support/shared-data.js';

const d = (v: number) => v.toFixed(1);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

function univariate(): string[] {
  const out = [row(['set', 'n', 'mean', 'sd', 'r(1)', 'min', 'gate']), row(['---', '--:', '--:', '--:', '--:', '--:', '--:'])];
  for (const name of UNIVARIATE_SETS) {
    const s = readUnivariate(name);
    const v = [lre(mean(s.y), s.mean), lre(sd(s.y), s.sd), lre(lag1Autocorrelation(s.y), s.r1)];
    const gate = name === 'NumAcc3' || name === 'NumAcc4' ? '12 (sd 8)' : '12';
    out.push(row([name, s.y.length, ...v.map(d), d(Math.min(...v)), gate]));
  }
  return out;
}

function anova(): string[] {
  const out = [
    row(['set', 'n', 'F', 'residual sd', 'R²', 'min', 'F (shifted)', 'residual sd (shifted)', 'R² (shifted)', 'min (shifted)', 'gate']),
    row(['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:']),
  ];
  for (const name of ANOVA_SETS) {
    const s = readAnova(name);
    const score = (y: Float64Array) => {
      const a = oneWayAnova(splitGroups(y, s.groups).groups);
      return [lre(a.f, s.f), lre(a.residualSd, s.residualSd), lre(a.rSquared, s.rSquared)];
    };
    const raw = score(s.y);
    const shifted = score(s.yShifted);
    const gate = /SmLs0[789]/.test(name) ? '4 (on shifted)' : '9';
    out.push(row([name, s.y.length, ...raw.map(d), d(Math.min(...raw)), ...shifted.map(d), d(Math.min(...shifted)), gate]));
  }
  return out;
}

function regression(): string[] {
  const out = [row(['set', 'n', 'coefficients B0…', 'their sd', 'residual sd', 'R²', 'min', 'gate']), row(['---', '--:', '---', '---', '--:', '--:', '--:', '--:'])];
  for (const name of REGRESSION_SETS) {
    const s = readRegression(name);
    const fit = s.model.kind === 'linear' ? ols(s.x, s.y) : polyfit(s.x[0]!, s.y, s.model.degree, { intercept: s.model.intercept });
    const b = s.coefficients.map((c, i) => lre(fit.coefficients[i]!, c));
    const se = s.standardErrors.map((c, i) => lre(fit.standardErrors[i]!, c));
    const rest = [lre(fit.residualSd, s.residualSd), lre(fit.rSquared, s.rSquared)];
    const gate = name === 'Filip' ? '6' : name === 'Wampler4' || name === 'Wampler5' ? '7' : '9';
    out.push(row([name, s.y.length, b.map(d).join(' '), se.map(d).join(' '), ...rest.map(d), d(Math.min(...b, ...se, ...rest)), gate]));
  }
  return out;
}

if (!hasSharedData('nist_strd')) {
  process.stderr.write(SHARED_DATA_MISSING + '\n');
  process.exitCode = 1;
} else {
  const lines = [
    `Run ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}; digits = NIST log relative error, capped at 15.`,
    '',
    '### Univariate summary statistics',
    '',
    ...univariate(),
    '',
    '### One-way ANOVA',
    '',
    ...anova(),
    '',
    '### Linear regression',
    '',
    ...regression(),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
