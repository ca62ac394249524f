import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { imr } from '../src/spc/variables.js';
import { sharedData, describeWithData } from './support/shared-data.js';

const FILE = ['kgdunn_process_improve', 'monitoring', 'rubber-colour.csv'] as const;
const real = describeWithData(...FILE);

real('rubber colour individuals chart (R qcc xbar.one, as pinned in the process-improve README)', () => {
  it('centre 238.78 and σ = MR̄/1.128 = 10.43234', () => {
    const lines = readFileSync(sharedData(...FILE), 'utf8').trim().split(/\r?\n/).slice(1);
    const values = Float64Array.from(lines, Number);
    expect(values.length).toBe(100);
    const r = imr(values);
    expect(r.center.toFixed(2)).toBe('238.78');
    expect(r.sigma.toPrecision(7)).toBe('10.43234');
  });
});
