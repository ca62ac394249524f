import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { seedStore } from './compare-fixture.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-compare-cli-'));
const db = path.join(dir, 'plant.duckdb');

function causeway(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npm run build; npm test does it)`);
  const store = await Store.open(db);
  try {
    await seedStore(store);
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('causeway compare (built CLI)', () => {
  it('--json: groups LJ (mean 100) and NM (mean 102), ANOVA F 6, TOST against LJ with margin 3', () => {
    const r = causeway('compare', 'assay', '--by', 'site', '--margin', '3', '--reference', 'LJ', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.comparison.groups.map((g: { group: string; mean: number }) => [g.group, g.mean])).toEqual([['LJ', 100], ['NM', 102]]);
    expect(j.comparison.anova.result.f).toBeCloseTo(6, 12);
    expect(j.dropped.missingValue).toBe(1);
    expect(j.comparison.equivalence.tests[0].result.equivalent).toBe(false);
    expect(j.comparison.summary.at(-1)).toMatch(/^Equivalence of NM and LJ within \(-3, 3\) is not shown/);
  });

  it('text output, SVG and PNG box plots', () => {
    const svg = path.join(dir, 'box.svg');
    const png = path.join(dir, 'box.png');
    const r = causeway('compare', 'assay', '--by', 'granulator', '--svg', svg, '--png', png);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^assay of tablet by granulator: 6 lots in 2 groups \(left out: 1 without a value/);
    expect(r.stdout).toContain('specification (stored): LSL 95, USL 105');
    const s = readFileSync(svg, 'utf8');
    expect(s.match(/class="box"/g)).toHaveLength(2);
    expect(s).toContain('n = 3');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('a bad flag is one clear line and exit code 1', () => {
    const r = causeway('compare', 'assay', '--margin', 'wide');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: --margin 'wide' is not a number/);
    const u = causeway('compare', 'assay', '--by', 'coater');
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/'coater' is not a factor of lots of tablet/);
  });
});

describe('causeway stats (built CLI)', () => {
  it('--json: n 6, mean 101, sd √2, CI from t(0.975, 5), missing counted', () => {
    const r = causeway('stats', 'assay', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // values 99, 100, 101, 101, 102, 103: mean 101, Σd² = 4+1+0+0+1+4 = 10, s² = 2
    expect(j.n).toBe(6);
    expect(j.mean).toBe(101);
    expect(j.sd).toBeCloseTo(Math.SQRT2, 14);
    expect(j.missing).toBe(1);
    expect(j.ci.upper - 101).toBeCloseTo(2.570581835636314 * Math.sqrt(2 / 6), 12); // t(0.975, 5), R qt
    expect(j.median).toBe(101);
  });
  it('text output with --site', () => {
    const r = causeway('stats', 'assay', '--site', 'LJ');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^assay of tablet: 3 lots/);
    expect(r.stdout).toMatch(/mean\s+100\n/);
  });
});
