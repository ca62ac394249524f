import { listValue } from '@duckdb/node-api';
import { AppError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { MAX_DEPTH, SHARES_SQL, walkSql, type Direction } from './genealogy-sql.js';

/** Options of {@link upstream} and {@link downstream}. */
export interface ClosureOptions {
  /** Maximum number of genealogy edges to follow (default: no practical bound, 1000). */
  depth?: number;
}

/** One path by which a lot is reached from the seed. */
export interface GenealogyPath {
  /** Lots from the seed to the reached lot, inclusive. */
  lots: string[];
  /** Product of the edge shares along this path. */
  share: number;
  /** True when some edge of the path had its share estimated (missing quantities). */
  estimated: boolean;
}

/** A lot in the closure of a seed lot. */
export interface GenealogyLot {
  /** The lot the walk started from. */
  seed: string;
  lot: string;
  material: string | null;
  step: string | null;
  site: string | null;
  status: string | null;
  /** Fewest edges between the seed and this lot. */
  depth: number;
  /**
   * Upstream: the fraction of the seed made from this lot; downstream: the fraction of this lot
   * made from the seed. Product of shares along each path, summed over paths.
   */
  contribution: number;
  /** True when any path used an estimated (equal) share. */
  estimated: boolean;
  paths: GenealogyPath[];
}

/** The closure of one or more lots in one direction. */
export interface Closure {
  direction: Direction;
  seeds: string[];
  /** Every reached lot (depth ≥ 1), by seed, depth, material, lot. */
  lots: GenealogyLot[];
}

/**
 * The upstream closure of a lot (or lots): every lot it was made from, to any depth, through
 * splits and merges, with its contribution to the seed by mass balance. The share of child C made
 * from parent P is qty(P→C) / Σ qty(·→C) over parents of P's material; contributions multiply
 * along a path and add over paths, so the contributions of one material into a seed sum to 1
 * (per route). Where quantities are missing the shares are equal and `estimated` is true.
 *
 * @param store an open store.
 * @param lots one lot id or several.
 * @param options `depth`: edges to follow (default 1000).
 * @throws AppError `unknown_lot` for a lot not in the store, `genealogy_cycle` naming the lots of a cycle.
 * @example
 * const up = await upstream(store, 'T-001');
 * up.lots.filter((l) => l.material === 'api').map((l) => [l.lot, l.contribution]); // [['A1', 0.1], …]
 * @see ISA-95 Part 2, material lot genealogy (material produced/consumed relations).
 */
export async function upstream(store: Store, lots: string | string[], options: ClosureOptions = {}): Promise<Closure> {
  return closure(store, 'up', lots, options);
}

/**
 * The downstream closure of a lot (or lots): every lot made from it, to any depth, each with the
 * fraction of that lot made from the seed (same mass balance as {@link upstream}).
 *
 * @param store an open store.
 * @param lots one lot id or several.
 * @param options `depth`: edges to follow (default 1000).
 * @example
 * const down = await downstream(store, 'A1'); // every granulation, blend and tablet lot A1 went into
 */
export async function downstream(store: Store, lots: string | string[], options: ClosureOptions = {}): Promise<Closure> {
  return closure(store, 'down', lots, options);
}

interface WalkRow extends Record<string, unknown> {
  seed: string;
  lot: string;
  depth: number;
  share: number;
  path: string[];
  estimated: boolean;
  cycle: boolean;
}

async function closure(store: Store, direction: Direction, lots: string | string[], options: ClosureOptions): Promise<Closure> {
  const seeds = [...new Set(Array.isArray(lots) ? lots : [lots])];
  const depth = checkDepth(options.depth);
  await requireLots(store, seeds);
  const rows = await store.all<WalkRow>(
    `WITH seeds AS (SELECT (row_number() OVER ())::BIGINT AS seed_row, s AS seed FROM unnest($seeds::VARCHAR[]) t(s)),
          shares AS (${SHARES_SQL})
     SELECT * FROM (${walkSql(direction, 'seeds', 'shares', '$depth')}) WHERE depth > 0`,
    { seeds: listValue(seeds), depth },
  );
  throwIfCycle(rows);
  const meta = await lotMeta(store, [...new Set(rows.map((r) => r.lot))]);
  const byKey = new Map<string, GenealogyLot>();
  for (const r of rows) {
    const key = r.seed + '\u0000' + r.lot;
    let g = byKey.get(key);
    if (!g) {
      const m = meta.get(r.lot);
      g = { seed: r.seed, lot: r.lot, material: m?.material ?? null, step: m?.step ?? null, site: m?.site ?? null,
        status: m?.status ?? null, depth: r.depth, contribution: 0, estimated: false, paths: [] };
      byKey.set(key, g);
    }
    g.depth = Math.min(g.depth, r.depth);
    g.contribution += r.share;
    g.estimated ||= r.estimated;
    g.paths.push({ lots: r.path, share: r.share, estimated: r.estimated });
  }
  const order = new Map(seeds.map((s, i) => [s, i]));
  const out = [...byKey.values()].sort(
    (a, b) => order.get(a.seed)! - order.get(b.seed)! || a.depth - b.depth ||
      (a.material ?? '').localeCompare(b.material ?? '') || a.lot.localeCompare(b.lot),
  );
  return { direction, seeds, lots: out };
}

/** Validates a depth option: a whole number ≥ 1 (default {@link MAX_DEPTH}). */
export function checkDepth(depth: number | undefined): number {
  if (depth === undefined) return MAX_DEPTH;
  if (!Number.isInteger(depth) || depth < 1) {
    throw new AppError('bad_depth', `genealogy depth '${depth}' is not a whole number ≥ 1`, 'give e.g. depth 3, or leave it out for the whole genealogy');
  }
  return depth;
}

/** Throws `unknown_lot` naming every lot id not in the store. */
export async function requireLots(store: Store, lots: string[]): Promise<void> {
  if (lots.length === 0) throw new AppError('no_lots', 'no lot was given', 'name at least one lot');
  const missing = await store.all<{ lot: string }>(
    `SELECT s AS lot FROM unnest($1::VARCHAR[]) t(s)
     WHERE s NOT IN (SELECT lot FROM lots) AND s NOT IN (SELECT parent_lot FROM genealogy) AND s NOT IN (SELECT child_lot FROM genealogy)`,
    [listValue(lots)],
  );
  if (missing.length > 0) {
    const names = missing.map((m) => `'${m.lot}'`).join(', ');
    throw new AppError('unknown_lot', `lot ${names} is not in the store`, 'check the lot id (ids are case-sensitive); list lots with the lots file you imported');
  }
}

/**
 * Throws `genealogy_cycle` when any walk row closed a cycle: the message names the lots of the
 * cycle in walk order, e.g. `B → C → B`.
 */
export function throwIfCycle(rows: ReadonlyArray<{ path: string[]; cycle: boolean }>): void {
  const hit = rows.find((r) => r.cycle);
  if (!hit) return;
  const last = hit.path[hit.path.length - 1]!;
  const cycle = hit.path.slice(hit.path.indexOf(last));
  throw new AppError(
    'genealogy_cycle',
    `the genealogy has a cycle through lots ${cycle.join(' → ')}: a lot cannot be made from itself`,
    'correct the genealogy rows between these lots (a parent and child are probably swapped) and import again',
    { lots: [...new Set(cycle)] },
  );
}

interface LotMeta extends Record<string, unknown> {
  lot: string;
  material: string | null;
  step: string | null;
  site: string | null;
  status: string | null;
}

async function lotMeta(store: Store, lots: string[]): Promise<Map<string, LotMeta>> {
  if (lots.length === 0) return new Map();
  const rows = await store.all<LotMeta>(
    'SELECT lot, material, step, site, status FROM lots WHERE lot IN (SELECT unnest($1::VARCHAR[]))',
    [listValue(lots)],
  );
  return new Map(rows.map((r) => [r.lot, r]));
}
