/**
 * `explain` against the planted causes of the demo network (truth.json), on the `small` size
 * (24 final lots, 3 sites): seed 1 was used while developing; seed 20261129 is held out (first
 * run when this test was written, after the candidate and proxy fixes listed in
 * docs/validation.md, and not tuned on; re-run after the later fixes, same result).
 *
 * Criterion, per planted cause (a: API d90 → dissolution_mean; b: peak drying product
 * temperature → impurities_total; c: tooling wear, seen as ejection force → core hardness, at
 * one site): one of the first two drivers
 *   - is the planted column or lists it among its proxies (the same information, grouped), and
 *   - moves the outcome in the planted direction, and
 *   - carries the planted cause: |Spearman rho| ≥ 0.9 between that driver's values and the
 *     truth.json driver values of the same lots.
 * On 24 lots the planted column and its near-copies (API d10/d50/d90; product and exhaust
 * temperatures of the drying phase) cannot be told apart, so which of them is named first is
 * chance; docs/validation.md reports which one was, and the default size (603 lots).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshFeatures } from '../src/context/features.js';
import { explainWithSet } from '../src/explain/drivers/explain.js';
import type { Explanation } from '../src/explain/drivers/explain-types.js';
import type { AnalysisSet } from '../src/context/analysis-set-types.js';
import { writeDemoFolder, type DemoTruth, type TruthCause } from '../src/demo/index.js';
import { PRODUCT } from '../src/demo/network.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { Store } from '../src/store/store.js';
import { plainSpearman as rho } from './support/plain-spearman.js';

interface Built {
  truth: DemoTruth;
  dissolution: { e: Explanation; set: AnalysisSet };
  impurities: { e: Explanation; set: AnalysisSet };
  hardness: { e: Explanation; set: AnalysisSet };
}

async function build(seed: number): Promise<Built> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `causeway-explain-demo-${seed}-`));
  const store = await Store.open(':memory:');
  try {
    await writeDemoFolder({ out: dir, size: 'small', seed });
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as DemoTruth;
    await importFolder(store, dir, { actor: { user: 'test' } });
    // The demo import stores samples and phases; features are computed on request.
    await refreshFeatures(store);
    const run = async (target: string, material = PRODUCT) => {
      const { explanation, set } = await explainWithSet(store, { material, target });
      return { e: explanation, set };
    };
    // hardness is a replicate parameter (10 cores): its lot value is hardness.mean.
    return { truth, dissolution: await run('dissolution_mean'), impurities: await run('impurities_total'), hardness: await run('hardness', 'CORES') };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The planted column of each cause at this size, as the analysis set names it. */
const PLANTED = { a: 'API.d90 (via dispensing)', b: 'drying.product_temp.max', c: 'compression.ejection_force.mean' } as const;

function checkCause(b: Built, id: 'a' | 'b' | 'c'): void {
  const cause = b.truth.causes.find((c) => c.id === id) as TruthCause;
  const { e, set } = id === 'a' ? b.dissolution : id === 'b' ? b.impurities : b.hardness;
  expect(e.target.name).toBe(cause.outcome.parameter);
  const top = e.drivers.slice(0, 2);
  const holder = top.find((d) => d.name === PLANTED[id] || d.proxies.some((p) => p.name === PLANTED[id]));
  expect(holder, `${PLANTED[id]} among the first two drivers or their proxies; drivers: ${e.drivers.map((d) => d.name).join(', ')}`).toBeDefined();
  // Direction of the effect on the outcome, as planted (slope sign) — through the driver's rho.
  const truthByLot = new Map(cause.lots.map((l) => [l.lot, l.driver]));
  const col = set.columns.find((c) => c.name === holder!.name)!;
  expect(col.kind).toBe('numeric');
  const pairs = set.lots.flatMap((lot, i) => {
    const v = col.values[i] as number;
    const t = truthByLot.get(lot);
    return Number.isFinite(v) && t !== undefined ? [[v, t] as const] : [];
  });
  const withTruth = rho(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  expect(Math.abs(withTruth)).toBeGreaterThanOrEqual(0.9);
  // The driver moves the outcome the planted way once its own relation to the true driver is accounted for.
  expect(Math.sign(holder!.rho!) * Math.sign(withTruth)).toBe(Math.sign(cause.slope));
  expect(holder!.q).toBeLessThan(0.05);
  expect(holder!.sentence).toMatch(cause.slope < 0 ? /lower/ : /higher/);
}

describe.each([
  { seed: 1, role: 'development seed' },
  { seed: 20261129, role: 'held-out seed' },
])('explain on the small demo network, $role $seed', ({ seed }) => {
  let b: Built;
  beforeAll(async () => {
    b = await build(seed);
  }, 300_000);

  it('finds cause a (API d90 lowers dissolution) among the first two drivers, its proxies grouped', () => checkCause(b, 'a'));
  it('finds cause b (peak drying temperature raises impurities) among the first two drivers, its proxies grouped', () => checkCause(b, 'b'));
  it('finds cause c (tooling wear lowers core hardness) among the first two drivers', () => checkCause(b, 'c'));

  it('does not list the outcome restated (replicate summaries of the target, other CQAs) as candidates', () => {
    for (const { e } of [b.dissolution, b.impurities]) {
      const names = e.screened.map((s) => s.name);
      expect(names.filter((n) => n.startsWith('dissolution.') || n === 'dissolution_mean' || n === 'assay')).toEqual([]);
    }
  });

  it('groups every API particle size that passes the false-discovery threshold with the d90 driver', () => {
    const e = b.dissolution.e;
    const sizes = ['API.d10 (via dispensing)', 'API.d50 (via dispensing)', 'API.d90 (via dispensing)'];
    const d = e.drivers.find((x) => sizes.includes(x.name))!;
    expect(d).toBeDefined();
    const grouped = [d.name, ...d.proxies.map((p) => p.name)];
    // Proxies are drawn from significant candidates; on 24 lots a weaker size may miss q < 0.05.
    const significant = e.screened.filter((s) => sizes.includes(s.name) && s.q < 0.05).map((s) => s.name);
    expect(significant.length).toBeGreaterThanOrEqual(2);
    for (const s of significant) expect(grouped).toContain(s);
  });
});

