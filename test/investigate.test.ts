import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../src/explain/investigate/investigate.js';
import { Store } from '../src/store/store.js';

/**
 * Twelve tablet lots T01…T12 at one site, each made from one API lot A01…A12 (100 kg each).
 * assay: 100.0 + small steps; T12 has 97.0 against LSL 98 (out of specification).
 * hardness: all near 80 N; T07 has 95 N (robust z far above 3.5, inside any spec).
 * API d90: ~100 µm; A12 (the API lot of T12) has 180 µm.
 * A deviation is linked to T12; an alarm on T12's press while it ran.
 */
let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
  const run = (sql: string, p?: unknown[]) => store.run(sql, p as never);
  await run("INSERT INTO sites VALUES ('LJU', 'Ljubljana', 'Europe/Ljubljana', 'test', 'test')");
  await run("INSERT INTO equipment VALUES ('PRESS1', 'LJU', NULL, 'press', 'Press 1', 'test', 'test')");
  await run("INSERT INTO materials VALUES ('api', 'raw', 'API', 'test', 'test'), ('tablet', 'product', 'Tablet', 'test', 'test')");
  await run("INSERT INTO parameters VALUES ('tablet', 'assay', 'discrete', NULL, '%', 'CQA', NULL, 'test', 'test'), ('tablet', 'hardness', 'discrete', NULL, 'N', 'IPC', NULL, 'test', 'test'), ('api', 'd90', 'discrete', NULL, 'µm', 'RM attribute', NULL, 'test', 'test')");
  await run("INSERT INTO specifications VALUES ('tablet', 'assay', '1970-01-01 00:00:00+00', 98, 102, 100, 'test', 'test')");
  const assay = [100.0, 100.2, 99.8, 100.1, 99.9, 100.3, 99.7, 100.0, 100.2, 99.8, 100.1, 97.0];
  const hardness = [80, 81, 79, 80, 82, 78, 95, 80, 81, 79, 80, 80];
  const d90 = [100, 102, 98, 101, 99, 103, 97, 100, 102, 98, 101, 180];
  for (let i = 0; i < 12; i++) {
    const t = `T${String(i + 1).padStart(2, '0')}`;
    const a = `A${String(i + 1).padStart(2, '0')}`;
    const start = `2024-03-${String(i + 1).padStart(2, '0')}T08:00:00Z`;
    const end = `2024-03-${String(i + 1).padStart(2, '0')}T16:00:00Z`;
    await run(`INSERT INTO lots VALUES ($1, 'api', 'LJU', NULL, NULL, '2024-01-01 00:00:00+00', NULL, 100, 'kg', 'SupA', 'released', 'test', 'test')`, [a]);
    await run(`INSERT INTO lots VALUES ($1, 'tablet', 'LJU', NULL, 'PRESS1', $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, 100, 'kg', NULL, 'released', 'test', 'test')`, [t, start, end]);
    await run('INSERT INTO genealogy VALUES ($1, $2, 100, \'test\', \'test\')', [a, t]);
    await run("INSERT INTO discrete VALUES ($1, 'tablet', 'assay', $2, NULL, 'test', 'test'), ($1, 'tablet', 'hardness', $3, NULL, 'test', 'test')", [t, assay[i]!, hardness[i]!]);
    await run("INSERT INTO discrete VALUES ($1, 'api', 'd90', $2, NULL, 'test', 'test')", [a, d90[i]!]);
  }
  await run("INSERT INTO events VALUES ('DEV-7', 'deviation', 'press force excursion', 'T12', 'PRESS1', '2024-03-12T10:00:00Z', NULL, 'major', 'main force above limit for 4 min', 'test', 'test')");
  await run("INSERT INTO events VALUES ('ALM-1', 'alarm', 'ejection force high', NULL, 'PRESS1', '2024-03-12T11:00:00Z', '2024-03-12T11:01:00Z', 'warning', NULL, 'test', 'test')");
  await run("INSERT INTO events VALUES ('ALM-2', 'alarm', 'ejection force high', NULL, 'PRESS1', '2024-03-13T11:00:00Z', '2024-03-13T11:01:00Z', 'warning', NULL, 'test', 'test')");
});
afterAll(() => store.close());

describe('investigate', () => {
  it('puts the out-of-specification result first, then the deviation, the rule violation and the unusual upstream API lot', async () => {
    const inv = await investigate(store, 'T12');
    expect(inv.lot).toMatchObject({ lot: 'T12', material: 'tablet', site: 'LJU' });
    const kinds = inv.findings.map((f) => f.kind);
    expect(kinds[0]).toBe('out_of_spec');
    expect(inv.findings[0]!.sentence).toBe('assay is 97%, below the lower limit 98 (OOS).'.replace('97%', '97 %'));
    expect(inv.findings[1]).toMatchObject({ kind: 'deviation', lot: 'T12', score: 85 });
    // assay 97 is beyond 3σ on the I chart (one finding; the moving-range chart is not repeated).
    expect(inv.findings[2]).toMatchObject({ kind: 'rule_violation', title: 'assay: Western Electric 1', score: 65 });
    expect(inv.findings.filter((f) => f.kind === 'rule_violation')).toHaveLength(1);
    // A12: |z| = 35.7 → min(90, 357) = 90, · (0.6 + 0.4 · contribution 1) = 90, · relevance weight
    // (0.4 + 0.6 · |ρ(d90, assay)|), ρ = 0.5319 over the 12 lots → 64.72.
    const up = inv.findings[3]!;
    expect(up).toMatchObject({ kind: 'upstream', lot: 'A12' });
    expect(up.relevance).toBeCloseTo(0.5319148936, 8);
    expect(up.score).toBeCloseTo(90 * (0.4 + 0.6 * up.relevance!), 8);
    expect(up).toMatchObject({ lot: 'A12', material: 'api', value: 180 });
    // median of the 12 d90 values is 100.5; MAD = 1.5 → scale 2.2239; z = (180 − 100.5)/2.2239
    expect(up.z).toBeCloseTo((180 - 100.5) / (1.4826 * 1.5), 6);
    expect(up.sentence).toContain('of api lot A12');
    // Only the alarm during T12's run counts, not the one the next day.
    const alarm = inv.findings.find((f) => f.kind === 'alarm')!;
    expect(alarm.sentence).toBe("1 alarm 'ejection force high' on PRESS1 while lot T12 ran.");
    expect(inv.checked.upstreamLots).toBe(1);
  });

  it('finds a value unusual against the history though inside every limit', async () => {
    const inv = await investigate(store, 'T07');
    const f = inv.findings.find((x) => x.kind === 'unusual_value')!;
    expect(f.title).toBe('hardness unusually high');
    // hardness median 80, |x − 80| values → MAD = 1 → scale 1.4826; z = 15 / 1.4826
    expect(f.z).toBeCloseTo(15 / 1.4826, 6);
    expect(inv.findings.some((x) => x.kind === 'out_of_spec')).toBe(false);
  });

  it('lists the most similar past lots with their outcomes', async () => {
    const inv = await investigate(store, 'T12');
    expect(inv.similar).toHaveLength(5);
    expect(inv.similar[0]!.outcomes).toHaveProperty('assay');
    for (let i = 1; i < inv.similar.length; i++) expect(inv.similar[i]!.distance).toBeGreaterThanOrEqual(inv.similar[i - 1]!.distance);
  });

  it('takes similar lots only from lots started before (regression: later lots were listed as past ones)', async () => {
    // T06 started on 2024-03-06: only T01…T05 are past lots.
    const inv = await investigate(store, 'T06');
    expect(inv.checked.comparableLots).toBe(5);
    expect(inv.similar.map((s) => s.lot).sort()).toEqual(['T01', 'T02', 'T03', 'T04', 'T05']);
    const first = await investigate(store, 'T01');
    expect(first.similar).toEqual([]);
    expect(first.checked.comparableLots).toBe(0);
  });

  it('names a lot that is not in the store and suggests close ones', async () => {
    await expect(investigate(store, 'T1')).rejects.toThrow(/lot 'T1' is not in the store/);
  });
});
