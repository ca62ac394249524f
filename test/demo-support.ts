/**
 * Helpers of the demo-network tests: read the generated CSV/Parquet files with DuckDB, walk the
 * genealogy, rank-correlate — each written plainly here so the tests check the generator with
 * code independent of it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../src/store/store.js';

/** sha256 of every file under `dir`, by relative path. */
export function folderHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out[r] = createHash('sha256').update(readFileSync(path.join(dir, r))).digest('hex');
    }
  };
  walk('');
  return out;
}

/** All rows of a CSV file of the folder, every value as text. */
export async function readCsv(store: Store, file: string): Promise<Record<string, string | null>[]> {
  return store.all(`SELECT * FROM read_csv($1, header = true, all_varchar = true)`, [file]) as Promise<Record<string, string | null>[]>;
}

/** Spearman rank correlation (average ranks for ties), written plainly: see support/plain-spearman. */
export { plainSpearman as spearman } from './support/plain-spearman.js';

/**
 * Contribution-weighted mean of `value` over the ancestors of `lot`: a parent's share in a child
 * is its quantity over all parents' quantities; shares multiply along paths.
 */
export function weightedUpstream(
  links: Array<{ parent: string; child: string; quantity: number }>,
  lot: string,
  value: (ancestor: string) => number | undefined,
): number {
  const parents = new Map<string, Array<{ parent: string; quantity: number }>>();
  for (const l of links) parents.set(l.child, [...(parents.get(l.child) ?? []), l]);
  let sw = 0;
  let s = 0;
  const walk = (child: string, w: number) => {
    const ps = parents.get(child) ?? [];
    const total = ps.reduce((a, p) => a + p.quantity, 0);
    for (const p of ps) {
      const wp = (w * p.quantity) / total;
      const v = value(p.parent);
      if (v !== undefined) {
        sw += wp;
        s += wp * v;
      }
      walk(p.parent, wp);
    }
  };
  walk(lot, 1);
  return s / sw;
}
