/**
 * The demo network goes into a store through importFolder, the path a user's folder takes,
 * and end to end through the built CLI (`node dist/cli/main.js`, built by `npm test`'s pretest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../src/demo/index.js';
import { Store } from '../src/store/store.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-demo-import-'));
const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('demo network: import through importFolder', () => {
  it('imports every row of the small folder, links samples to phases, and a second import changes nothing', async () => {
    const store = await Store.open(':memory:');
    try {
      const out = path.join(root, 'folder');
      const s = await buildDemo({ out, size: 'small', seed: 7, store, actor: { user: 'test' } });
      expect(s.import?.unchanged).toBe(false);
      const n = async (sql: string) => Number(await store.value<bigint>(sql));
      expect(await n('SELECT count(*) FROM lots')).toBe(s.rows.lots);
      expect(await n('SELECT count(*) FROM genealogy')).toBe(s.rows.genealogy);
      expect(await n('SELECT count(*) FROM samples')).toBe(s.rows.continuous);
      expect(await n('SELECT count(*) FROM events')).toBe(s.rows.events);
      expect(await n('SELECT count(*) FROM replicates')).toBe(s.rows.replicates);
      expect(await n('SELECT count(*) FROM tags WHERE signal IS NOT NULL')).toBe(74);
      expect(await n("SELECT count(DISTINCT timezone) FROM sites")).toBe(3);
      // two versions of the total impurities specification
      expect(await n("SELECT count(*) FROM specifications WHERE parameter = 'impurities_total'")).toBe(2);
      // every drying phase has product-temperature samples on its dryer, inside its interval
      const phasesWithoutSamples = await n(`
        SELECT count(*) FROM events e WHERE e.type = 'phase' AND e.name = 'drying' AND e.lot LIKE '%-DR%'
          AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.tag = e.equipment || '.product_temp' AND s.time >= e.start_time AND s.time < e.end_time)`);
      expect(phasesWithoutSamples).toBe(0);
      expect(await n("SELECT count(*) FROM samples WHERE quality = 2")).toBeGreaterThan(0);
      const again = await buildDemo({ out, size: 'small', seed: 7, store, actor: { user: 'test' } });
      expect(again.import?.unchanged).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe.skipIf(!existsSync(CLI))(existsSync(CLI) ? 'demo and start CLI' : 'demo and start CLI: dist/cli/main.js missing; run npm run build', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: root });

  it('causeway demo writes and imports; causeway start on an existing store shows it without rebuilding', () => {
    const db = path.join(root, 'cli.duckdb');
    const r = cli('demo', '--size', 'small', '--seed', '7', '--out', 'cli-demo', '--db', db, '--json');
    expect(r.status, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as { finalLots: number; rows: { lots: number }; import: { unchanged: boolean } };
    expect(demo.finalLots).toBe(24);
    expect(demo.import.unchanged).toBe(false);
    const s = cli('start', '--db', db, '--json', '--no-serve');
    expect(s.status, s.stderr).toBe(0);
    const start = JSON.parse(s.stdout) as { built: unknown; info: { counts: Record<string, number> }; tryNext: unknown[] };
    expect(start.built).toBeNull();
    expect(start.info.counts.lots).toBe(demo.rows.lots);
    expect(start.tryNext.length).toBeGreaterThan(3);
  });

  it('refuses an unknown size with a clear message and exit code 1', () => {
    const r = cli('demo', '--size', 'huge', '--no-import');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--size 'huge' is not a demo size");
  });
});
