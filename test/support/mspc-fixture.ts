/** The MSPC and golden fixture of the CLI and HTTP tests: tag windows, golden lots, tablet lots. */
import type { Store } from '../../src/store/store.js';

export const T0 = Date.parse('2025-03-01T00:00:00Z');
/** The instant `s` seconds after T0, ISO 8601. */
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/**
 * Tags A, B, C every 10 s: B = 2A plus a small wiggle, C independent. For 80 minutes the
 * relation holds; in minutes 85–89 B turns into −2A, which breaks the correlation the model knows.
 */
export async function writeMspcFixture(store: Store): Promise<void> {
  {
    await store.run("INSERT INTO tags (tag, equipment, signal) VALUES ('A', 'E1', NULL), ('B', 'E1', NULL), ('C', 'E1', NULL), ('TT1', 'D1', 'product_temp')");
    await store.run(`INSERT INTO samples (tag, time, value, quality)
      SELECT tag, $1::TIMESTAMPTZ + to_seconds(k * 10), CASE tag
        WHEN 'A' THEN sin(k / 9.0)
        WHEN 'B' THEN (CASE WHEN k >= 510 THEN -2 ELSE 2 END) * sin(k / 9.0) + 0.05 * cos(k * 1.7)
        ELSE cos(k / 13.0) + 0.05 * sin(k * 2.3) END, 0
      FROM range(0, 540) r(k), (VALUES ('A'), ('B'), ('C')) t(tag)`, [at(0)]);
    // Golden: three released lots (drying, one sample a minute) and a lot that runs hot in minutes 2–3.
    const lots: [string, string, number[]][] = [
      ['G1', 'released', [20, 30, 40, 50, 60]], ['G2', 'released', [21, 31, 41, 51, 61]], ['G3', 'released', [19, 29, 39, 49, 59]],
      ['HOT', 'rejected', [20, 30, 48, 58, 60]],
    ];
    for (const [i, [lot, status, values]] of lots.entries()) {
      const start = T0 + 86400_000 + i * 3600_000;
      await store.run("INSERT INTO lots (lot, material, site, status, equipment) VALUES ($1, 'granulate', 'S1', $2, 'D1')", [lot, status]);
      await store.run("INSERT INTO events (event, type, name, lot, equipment, start_time, end_time) VALUES ($1, 'phase', 'drying', $2, 'D1', $3, $4)",
        [`${lot}-d`, lot, new Date(start).toISOString(), new Date(start + values.length * 60_000).toISOString()]);
      for (const [k, v] of values.entries()) await store.run("INSERT INTO samples (tag, time, value, quality) VALUES ('TT1', $1, $2, 0)", [new Date(start + k * 60_000).toISOString(), v]);
    }
    // Ten tablet lots with three parameters: w2 = 2·w1 plus a little, h independent; T10 breaks w2 = 2·w1.
    await store.run("INSERT INTO materials (material, type) VALUES ('tablet', 'product')");
    for (const p of ['w1', 'w2', 'h']) await store.run("INSERT INTO parameters (material, parameter, kind) VALUES ('tablet', $1, 'discrete')", [p]);
    const h = [5, 3, 6, 4, 5, 7, 3, 6, 4, 5];
    const wiggle = [0.1, -0.2, 0.05, 0.2, -0.1, 0, 0.15, -0.05, 0.1, 0];
    for (let k = 0; k < 10; k++) {
      const lot = `T${k + 1}`;
      await store.run("INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'tablet', 'S1', $2)", [lot, at(k * 3600)]);
      const w2 = k === 9 ? 2 : 2 * (k + 1) + wiggle[k]!;
      for (const [p, v] of [['w1', k + 1], ['w2', w2], ['h', h[k]!]] as const) {
        await store.run("INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'tablet', $2, $3)", [lot, p, v]);
      }
    }
  }
}

