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

/** Spearman rank correlation (average ranks for ties). */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
      for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const m = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = m(rx);
  const my = m(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

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
