/**
 * `explain` on real data: the 1005 tablet batches of Žagar & Mihelič (2022), Scientific Data 9,
 * 99 (doi:10.1038/s41597-022-01203-x), imported with examples/zagar2022/mapping.yaml (its
 * Laboratory.csv input only: the press series add no lot-level candidate and take most of the
 * import time). Targets: the average and the minimum drug release (dissolution_av,
 * dissolution_min). Checked against a Spearman rho computed plainly here (own rank function):
 *
 * 1. every numeric candidate's rho equals the plain rho over the same lots (|Δ| < 1e-9), and its
 *    n equals the number of lots with both values;
 * 2. every numeric driver, proxy and also-associated candidate has the direction of the sign of
 *    the plain rho;
 * 3. among the numeric candidates measured on every lot (same n, so p falls as |rho| rises), the
 *    ten with the smallest screening p, in p order, have non-increasing plain |rho|, and the
 *    first of them is the numeric candidate with the largest plain |rho|;
 * 4. the numeric driver ranked highest by explain is that same candidate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisSet } from '../src/context/analysis-set-types.js';
import { explainWithSet } from '../src/explain/drivers/explain.js';
import type { Explanation } from '../src/explain/drivers/explain-types.js';
import { importMapped } from '../src/ingest/mapping/import-mapped.js';
import { Store } from '../src/store/store.js';
import { hasSharedData, PROJECT_ROOT, sharedData, SHARED_DATA_MISSING } from './support/shared-data.js';
import { plainSpearmanComplete as plainRho } from './support/plain-spearman.js';

const DIR = 'pharma_tablet_zagar2022';
const HERE = hasSharedData(DIR, 'Laboratory.csv');

let tmp: string;
const results = new Map<string, { e: Explanation; set: AnalysisSet }>();

beforeAll(async () => {
  if (!HERE) return;
  // The example mapping, its table input only, pointed at the reference data wherever it is.
  const mapping = parse(readFileSync(path.join(PROJECT_ROOT, 'examples', 'zagar2022', 'mapping.yaml'), 'utf8')) as { inputs: { kind: string; file: string | string[] }[] };
  mapping.inputs = mapping.inputs.filter((i) => i.kind === 'table');
  for (const i of mapping.inputs) i.file = sharedData(DIR, 'Laboratory.csv');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'causeway-explain-zagar-'));
  const file = path.join(tmp, 'mapping.yaml');
  writeFileSync(file, stringify(mapping));
  const store = await Store.open(':memory:');
  try {
    await importMapped(store, undefined, file, { actor: { user: 'test' } });
    for (const target of ['dissolution_av', 'dissolution_min']) {
      const { explanation, set } = await explainWithSet(store, { material: 'FCT', target });
      results.set(target, { e: explanation, set });
    }
  } finally {
    store.close();
  }
}, 600_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!HERE)('explain on the Žagar tablet batches', () => {
  if (!HERE) it.skip(SHARED_DATA_MISSING, () => undefined);

  describe.each(['dissolution_av', 'dissolution_min'])('%s', (target) => {
    const get = () => results.get(target)!;
    const column = (name: string) => get().set.columns.find((c) => c.name === name)!;
    const y = () => column(target).values as Float64Array;

    it('reads 1005 lots and finds drivers', () => {
      expect(get().e.target.n).toBe(1005);
      expect(get().e.drivers.length).toBeGreaterThan(0);
    });

    it('has, for every numeric candidate, the plain Spearman rho and n', () => {
      const numeric = get().e.screened.filter((s) => s.rho !== null);
      expect(numeric.length).toBeGreaterThan(20);
      for (const s of numeric) {
        const plain = plainRho(column(s.name).values as Float64Array, y());
        expect(s.n, s.name).toBe(plain.n);
        expect(Math.abs(s.rho! - plain.rho), s.name).toBeLessThan(1e-9);
      }
    });

    it('gives every numeric driver, proxy and also-associated candidate the direction of the plain rho', () => {
      const e = get().e;
      const names = [...e.drivers.flatMap((d) => [d.name, ...d.proxies.map((p) => p.name)]), ...e.alsoAssociated.map((s) => s.name)];
      const numeric = names.map((n) => e.screened.find((s) => s.name === n)!).filter((s) => s.rho !== null);
      expect(numeric.length).toBeGreaterThan(5);
      for (const s of numeric) expect(s.direction, s.name).toBe(plainRho(column(s.name).values as Float64Array, y()).rho > 0 ? 'up' : 'down');
    });

    it('orders the complete numeric candidates by screening p as by plain |rho|', () => {
      const e = get().e;
      const complete = e.screened.filter((s) => s.rho !== null && s.n === 1005);
      const byP = complete.slice(0, 10).map((s) => Math.abs(plainRho(column(s.name).values as Float64Array, y()).rho));
      for (let i = 1; i < byP.length; i++) expect(byP[i]!).toBeLessThanOrEqual(byP[i - 1]! + 1e-12);
      const strongest = Math.max(...complete.map((s) => Math.abs(plainRho(column(s.name).values as Float64Array, y()).rho)));
      expect(byP[0]).toBe(strongest);
      const topNumericDriver = e.drivers.find((d) => d.rho !== null)!;
      expect(topNumericDriver.name).toBe(complete[0]!.name);
    });
  });
});
