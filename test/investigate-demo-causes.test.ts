/**
 * `investigate` of the lot each planted cause of the demo network hit hardest (largest |effect|
 * in truth.json) names the cause among its first three findings. Small size (24 final lots),
 * seed 1 (used while developing) and the held-out seed 20261129 (not tuned on).
 *
 * "Names the cause": the finding is about the planted measurement or one that carries the same
 * information and is named for it (explain-demo.test.ts shows these are interchangeable on 24
 * lots): a — the API's particle size (API.d10/d50/d90); b — the drying phase's product or exhaust
 * temperature; c — the press's ejection force (tooling wear).
 *
 * Cause a is left out here: on 24 lots the hardest-hit lot's dissolution is not far enough off,
 * nor its API coarse enough against the other lots, for a lead (seed 1: HYD-T0006's first three
 * findings are coating temperatures). On the default network (603 lots) both of its hardest-hit
 * lots name API d90/d50 first — docs/validation.md has the table.
 *
 * Also on these stores: the cause-c lot hit hardest lies below the lower limit of its site's
 * core-hardness X̄-R chart (computed plainly here) and investigate names that X̄ finding; the
 * "most similar past lots" of a lot all started before it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshFeatures } from '../src/context/features.js';
import { investigate } from '../src/explain/investigate/investigate.js';
import { writeDemoFolder, type DemoTruth } from '../src/demo/index.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { Store } from '../src/store/store.js';

const NAMES: Record<string, RegExp> = {
  a: /^API\.d(10|50|90) /,
  b: /^drying\.(\w+\.)?(product|exhaust)_temp\./,
  c: /^compression\.(\w+\.)?ejection_force\./,
};

for (const seed of [1, 20261129]) {
  describe(`investigate the hardest-hit lots, demo small, seed ${seed}`, () => {
    let store: Store;
    let truth: DemoTruth;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-inv-demo-'));
      await writeDemoFolder({ out: path.join(dir, 'demo'), size: 'small', seed });
      truth = JSON.parse(readFileSync(path.join(dir, 'demo', 'truth.json'), 'utf8')) as DemoTruth;
      store = await Store.open(':memory:');
      await importFolder(store, path.join(dir, 'demo'), { actor: { user: 'test' } });
      await refreshFeatures(store, {});
    }, 300_000);
    afterAll(() => {
      store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds the hardness X̄ finding on the cause-c lot hit hardest (regression: replicate parameters were not charted)', async () => {
      const cause = truth.causes.find((c) => c.id === 'c')!;
      const hardest = [...cause.lots].sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect))[0]!;
      // The X̄-R chart of core hardness at the lot's site, computed here plainly: each lot's 10
      // tablets one subgroup, σ = R̄/d2 with d2(10) = 3.078 (Montgomery, Appendix VI), limits
      // grand mean ± 3σ/√10. The hardest-hit lot lies below the lower limit.
      const rows = await store.all<{ lot: string; mean: number; range: number; n: bigint }>(
        `SELECT r.lot, avg(r.value) AS mean, max(r.value) - min(r.value) AS range, count(*) AS n
         FROM replicates r JOIN lots l USING (lot) WHERE r.parameter = 'hardness' AND l.site = $1 GROUP BY r.lot`,
        [hardest.site],
      );
      expect(rows.every((r) => Number(r.n) === 10)).toBe(true);
      const grand = rows.reduce((a, r) => a + r.mean, 0) / rows.length;
      const sigma = rows.reduce((a, r) => a + r.range, 0) / rows.length / 3.078;
      const lcl = grand - (3 * sigma) / Math.sqrt(10);
      const mine = rows.find((r) => r.lot === hardest.lot)!;
      expect(mine.mean, `${hardest.lot} X̄ against LCL ${lcl}`).toBeLessThan(lcl);

      const inv = await investigate(store, hardest.lot);
      const f = inv.findings.find((x) => x.kind === 'rule_violation' && x.title === 'hardness X̄: Western Electric 1');
      expect(f, inv.findings.map((x) => x.title).join(' | ')).toBeDefined();
      expect(f!.lot).toBe(hardest.lot);
      expect(f!.value).toBeCloseTo(mine.mean, 9);
      expect(f!.sentence).toMatch(new RegExp(`^X̄-R chart of hardness at ${hardest.site}: Lot ${hardest.lot} \\(.*\\) is below the lower control limit`));
      expect(f!.link).toMatchObject({ view: 'spc', params: { parameter: 'hardness', site: hardest.site, chart: 'xbar-r' } });
    });

    it('lists as similar past lots only lots started before the lot under investigation', async () => {
      const lot = (await store.one<{ lot: string; start_time: Date }>("SELECT lot, start_time FROM lots WHERE material = 'CWX-50-FCT' ORDER BY start_time, lot LIMIT 1 OFFSET 12"))!;
      const inv = await investigate(store, lot.lot);
      expect(inv.similar.length).toBeGreaterThan(0);
      for (const s of inv.similar) expect(Date.parse(s.start!), s.lot).toBeLessThan(lot.start_time.getTime());
      const earlier = Number(await store.value("SELECT count(*) FROM lots WHERE material = 'CWX-50-FCT' AND start_time < $1::TIMESTAMPTZ", [lot.start_time.toISOString()]));
      expect(inv.checked.comparableLots).toBe(earlier);
    });

    for (const id of ['b', 'c']) {
      it(`names cause ${id} among the first three findings`, async () => {
        const cause = truth.causes.find((c) => c.id === id)!;
        const hardest = [...cause.lots].sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect))[0]!;
        const inv = await investigate(store, hardest.lot);
        const top = inv.findings.slice(0, 3).map((f) => f.title);
        expect(top.some((t) => NAMES[id]!.test(t)), `${hardest.lot}: ${top.join(' | ')}`).toBe(true);
      });
    }
  });
}
