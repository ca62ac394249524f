import { expect, it } from 'vitest';
import { capability } from '../src/spc/capability.js';
import { Store } from '../src/store/store.js';
import { sharedData, describeWithData } from './support/shared-data.js';

const FILE = ['pharma_tablet_zagar2022', 'Laboratory.csv'] as const;
const real = describeWithData(...FILE);

real('real tablet data (Žagar & Mihelič 2022): Ppk of the average drug release', () => {
  it('Ppk of dissolution_av against LSL 80 is the 1.05 of the paper', async () => {
    const store = await Store.open(':memory:');
    try {
      const cols = await store.columns(
        `SELECT dissolution_av FROM read_csv($1, delim = ';', header = true) WHERE dissolution_av IS NOT NULL ORDER BY batch`,
        [sharedData(...FILE)],
      );
      const values = cols.dissolution_av as Float64Array;
      expect(values.length).toBe(1005);
      const r = capability(values, { lsl: 80 });
      // Paper (Figs. 1–2, Minitab "overall capability"): Ppk = 1.05; recomputed value below.
      expect(r.indices.ppk!.value.toFixed(2)).toBe('1.05');
      expect(r.indices.ppk!.value.toFixed(4)).toBe('1.0547'); // (90.6498 − 80)/(3 · 3.36571)
      expect(r.mean.toFixed(2)).toBe('90.65');
      expect(r.sdOverall.toFixed(2)).toBe('3.37');
      // One-sided: only the lower side exists.
      expect(Object.keys(r.indices).sort()).toEqual(['cpk', 'cpl', 'ppk', 'ppl']);
      expect(r.indices.ppk!.value).toBe(r.indices.ppl!.value);
      // The release data are not normal (Anderson–Darling, n = 1005); the log-normal fit wins
      // over Weibull by A², and the percentile method gives a higher Ppk. Recorded, not certified.
      expect(r.normality).toMatchObject({ n: 1005 });
      expect((r.normality as { pValue: number }).pValue).toBeLessThan(0.001);
      expect(r.method).toBe('lognormal');
      expect(r.nonNormal!.ppk.toFixed(3)).toBe('1.115');
    } finally {
      store.close();
    }
  });
});
