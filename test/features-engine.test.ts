/**
 * The automatic continuous features are computed in TypeScript (context/phase-stats.ts); the SQL
 * statement of context/features-sql.ts (ASOF join, windows) is the reference they must equal.
 * Both run here on the small demo network (every tag × phase × lot of three sites), and again on
 * the same samples stored out of time order, as a store can hold them after interleaved imports.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshFeatures } from '../src/context/features.js';
import { continuousFeaturesSql } from '../src/context/features-sql.js';
import { Store } from '../src/store/store.js';
import { smallDemoStore } from './support/demo-store.js';

let db: string;
let store: Store;

/** How the engine's rows (table `features`) and the reference's (temp table `ref`) compare. */
async function compare(): Promise<{ engine: number; reference: number; matched: number; equal: number; maxAbs: number; maxRel: number }> {
  await store.run(`CREATE OR REPLACE TEMP TABLE _ref_scope AS SELECT DISTINCT lot FROM events WHERE type = 'phase' AND lot IS NOT NULL`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ref AS ${continuousFeaturesSql({ scope: '_ref_scope' })}`);
  const r = await store.one<Record<string, number | bigint>>(
    `WITH e AS (SELECT * FROM features WHERE source_kind = 'continuous' OR fn = 'alarm_count'),
     j AS (SELECT e.value AS a, ref.value AS b, e.n = ref.n AND e.excluded = ref.excluded AND e.fn = ref.fn AND e.tag IS NOT DISTINCT FROM ref.tag AS same_counts
           FROM e JOIN ref USING (lot, name))
     SELECT (SELECT count(*) FROM e) AS engine, (SELECT count(*) FROM ref) AS reference, count(*) AS matched,
       count(*) FILTER (WHERE same_counts AND ((a IS NULL AND b IS NULL) OR (isnan(a) AND isnan(b))
         OR abs(a - b) <= 1e-9 * greatest(1, abs(b)))) AS equal,
       max(abs(a - b)) FILTER (WHERE NOT isnan(a)) AS max_abs,
       max(abs(a - b) / abs(b)) FILTER (WHERE NOT isnan(a) AND abs(b) > 1e-6) AS max_rel
     FROM j`,
  );
  return { engine: Number(r!.engine), reference: Number(r!.reference), matched: Number(r!.matched), equal: Number(r!.equal), maxAbs: Number(r!.max_abs), maxRel: Number(r!.max_rel) };
}

beforeAll(async () => {
  db = await smallDemoStore(3);
  store = await Store.open(db);
}, 120_000);
afterAll(() => {
  store.close();
  rmSync(path.dirname(db), { recursive: true, force: true });
});

describe('continuous features computed in TypeScript', () => {
  it('equal the SQL reference on every tag × phase × lot of the small demo', async () => {
    await refreshFeatures(store);
    const c = await compare();
    expect(c.reference).toBeGreaterThan(5000);
    expect(c.engine).toBe(c.reference);
    expect(c.matched).toBe(c.reference);
    // n, excluded and every value (NULL and NaN where the reference has them) agree to 1e-9.
    expect(c.equal).toBe(c.reference);
    expect(c.maxRel).toBeLessThan(1e-9);
  });

  // Two runs per tag (every other sample first, then the rest: the merge of sorted runs), and
  // scrambled (thousands of runs per tag: sorted outright).
  it.each([
    ['in two sorted runs per tag', '(epoch(time)::BIGINT // 20) % 2, time', 2, 2],
    ['scrambled', 'hash(tag, time)', 1000, Infinity],
  ])('are the same when the samples are stored %s', async (_, order, mostAtLeast, mostAtMost) => {
    const before = await store.all(`SELECT lot, name, value, n, excluded FROM features ORDER BY lot, name`);
    await store.run(`CREATE OR REPLACE TEMP TABLE ordered AS SELECT * FROM samples`);
    await store.run(`DELETE FROM samples`);
    await store.run(`INSERT INTO samples SELECT * FROM ordered ORDER BY tag, ${order}`);
    const runs = await store.one<{ most: bigint; least: bigint }>(
      `SELECT max(r) AS most, min(r) AS least FROM (
         SELECT tag, 1 + count(*) FILTER (WHERE descent) AS r
         FROM (SELECT tag, time < lag(time) OVER (PARTITION BY tag ORDER BY rowid) AS descent FROM samples) GROUP BY tag)`,
    );
    expect(Number(runs!.least)).toBeGreaterThanOrEqual(2);
    expect(Number(runs!.most)).toBeGreaterThanOrEqual(mostAtLeast);
    expect(Number(runs!.most)).toBeLessThanOrEqual(mostAtMost);
    await refreshFeatures(store);
    const after = await store.all(`SELECT lot, name, value, n, excluded FROM features ORDER BY lot, name`);
    expect(after.length).toBe(before.length);
    const differ = after.filter((r, i) => {
      const b = before[i]!;
      const close = r.value === b.value || (Number.isNaN(r.value) && Number.isNaN(b.value)) ||
        Math.abs(Number(r.value) - Number(b.value)) <= 1e-9 * Math.max(1, Math.abs(Number(b.value)));
      return !(r.lot === b.lot && r.name === b.name && r.n === b.n && r.excluded === b.excluded && close);
    });
    expect(differ).toEqual([]);
    const c = await compare();
    expect(c.equal).toBe(c.reference);
  });
});
