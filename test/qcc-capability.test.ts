import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { capability, type CapabilityResult } from '../src/spc/capability.js';
import { xbar } from '../src/spc/variables.js';
import { sharedData, describeWithData } from './support/shared-data.js';

const qcc = describeWithData('qcc', 'pistonrings.txt');

/** Phase I of pistonrings (samples 1–25): 125 values and the X̄-R chart's σ = R̄/d2. */
function phase1(): { values: Float64Array; sigma: number } {
  const lines = readFileSync(sharedData('qcc', 'pistonrings.txt'), 'utf8').trim().split(/\r?\n/).slice(1);
  const rows = lines.map((l) => l.trim().split(/\s+/)).filter((r) => Number(r[1]) <= 25);
  const values = Float64Array.from(rows, (r) => Number(r[0]));
  const groups = Array.from({ length: 25 }, (_, g) => values.subarray(5 * g, 5 * g + 5));
  return { values, sigma: xbar(groups, 'R').sigma };
}

/** An index and its interval rounded as qcc prints them: [value, lower, upper]. */
function row(r: CapabilityResult, name: keyof CapabilityResult['indices'], digits = 3): string[] {
  const e = r.indices[name]!;
  return [e.value, e.lower!, e.upper!].map((v) => v.toFixed(digits));
}

qcc('qcc processCapability, pistonrings phase I (125 values, σ within = R̄/d2)', () => {
  const { values, sigma } = phase1();
  const run = (spec: { lsl: number; usl: number; target?: number }, confidence = 0.95) =>
    capability(values, spec, { sigmaWithin: sigma, sigmaWithinMethod: 'R̄/d2', confidence, distribution: 'normal' });

  it('73.95–74.05, target 74.02', () => {
    const r = run({ lsl: 73.95, usl: 74.05, target: 74.02 });
    expect(r.n).toBe(125);
    expect(r.mean.toPrecision(7)).toBe('74.00118');
    expect(row(r, 'cp')).toEqual(['1.703', '1.491', '1.915']);
    expect(row(r, 'cpk')).toEqual(['1.663', '1.448', '1.878']);
    expect(row(r, 'cpm')).toEqual(['0.786', '0.656', '0.915']);
    // qcc bounds Cp_l and Cp_u with z at the confidence level (1.645 for 95 %), i.e. a two-sided
    // 90 % interval; causeway's two-sided intervals use z at 1 − α/2, so compare at 90 %.
    const r90 = run({ lsl: 73.95, usl: 74.05, target: 74.02 }, 0.9);
    expect(row(r90, 'cpl')).toEqual(['1.743', '1.555', '1.932']);
    expect(row(r90, 'cpu')).toEqual(['1.663', '1.483', '1.844']);
    expect(r.ppm.observed.total).toBe(0);
  });
  it('73.95–74.05, default target 74 (two decimals, as printed)', () => {
    const r = run({ lsl: 73.95, usl: 74.05 });
    expect(r.spec.target).toBe(74);
    expect(row(r, 'cp', 2)).toEqual(['1.70', '1.49', '1.91']);
    expect(row(r, 'cpk', 2)).toEqual(['1.66', '1.45', '1.88']);
    expect(row(r, 'cpm', 2)).toEqual(['1.69', '1.48', '1.90']);
  });
  it('73.99–74.01: a process that does not fit, with expected and observed fractions', () => {
    const r = run({ lsl: 73.99, usl: 74.01 });
    expect(row(r, 'cp')).toEqual(['0.341', '0.298', '0.383']);
    expect(row(r, 'cpk')).toEqual(['0.301', '0.231', '0.370']);
    expect(row(r, 'cpm')).toEqual(['0.338', '0.296', '0.380']);
    const r90 = run({ lsl: 73.99, usl: 74.01 }, 0.9);
    expect(row(r90, 'cpl')).toEqual(['0.381', '0.318', '0.444']);
    expect(row(r90, 'cpu')).toEqual(['0.301', '0.242', '0.359']);
    // qcc prints Exp<LSL 13 %, Exp>USL 18 %, Obs<LSL 12 %, Obs>USL 16 % (within σ, 2 digits)
    expect(Math.round(r.ppm.expectedWithin!.below / 1e4)).toBe(13);
    expect(Math.round(r.ppm.expectedWithin!.above / 1e4)).toBe(18);
    expect(Math.round(r.ppm.observed.below / 1e4)).toBe(12);
    expect(Math.round(r.ppm.observed.above / 1e4)).toBe(16);
  });
  it('73.99–74.10, target 74.045', () => {
    const r = run({ lsl: 73.99, usl: 74.1 });
    expect(r.spec.target).toBeCloseTo(74.045, 12);
    expect(row(r, 'cp')).toEqual(['1.874', '1.641', '2.106']);
    expect(row(r, 'cpk')).toEqual(['0.381', '0.305', '0.456']);
    expect(row(r, 'cpm')).toEqual(['0.408', '0.338', '0.479']);
    expect(row(run({ lsl: 73.99, usl: 74.1 }, 0.9), 'cpu')).toEqual(['3.367', '3.011', '3.722']);
  });
});
