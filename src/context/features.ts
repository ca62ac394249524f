/**
 * Features in context: refresh the `features` table (automatic candidate features of every
 * tag × phase × lot, replicate parameter × lot and event type × lot) and read it back.
 *
 * refreshFeatures runs as named phases in one transaction:
 *   scope (which lots) → delete their features → continuous → replicate → event → audit.
 * Each kind is one set-based INSERT … SELECT inside DuckDB (see features-sql.ts).
 */
import { listValue } from '@duckdb/node-api';
import { AppError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import { continuousFeaturesSql, eventFeaturesSql, replicateFeaturesSql } from './features-sql.js';

/** Where a feature comes from. */
export type FeatureSourceKind = 'continuous' | 'replicate' | 'event';

/** One row of the `features` table. `value` null = not computable (n too small, no good sample). */
export interface Feature {
  lot: string;
  name: string;
  sourceKind: FeatureSourceKind;
  step: string | null;
  phase: string | null;
  tag: string | null;
  signal: string | null;
  parameter: string | null;
  fn: string;
  value: number | null;
  n: number;
  excluded: number;
}

/** Options of {@link refreshFeatures}. */
export interface RefreshOptions {
  /** Only these lots (default: all). */
  lots?: string[];
  /** Only lots of these materials (default: all). Combined with `lots` by AND. */
  materials?: string[];
  /** Progress and messages (default: silent). */
  logger?: Logger;
  /** Author of the audit entry (default: user 'causeway'). */
  actor?: Actor;
}

/** What a refresh did. */
export interface RefreshResult {
  lots: number;
  continuous: number;
  replicate: number;
  event: number;
  seconds: number;
}

const SCOPE = '_feature_scope';

/**
 * Recomputes the automatic features of the chosen lots and replaces them in `features`, in one
 * transaction with one audit summary entry. Lots are every lot in `lots` plus every lot named by
 * a phase event.
 *
 * @param store - an open, writable store.
 * @param opts - `lots`, `materials` (default all), `logger` (default silent), `actor`.
 * @returns counts of feature rows written per kind, and the time taken.
 * @example
 * const r = await refreshFeatures(store, { materials: ['granulate'] });
 * // r.continuous rows like 'drying.product_temp.max' for every drying lot
 */
export async function refreshFeatures(store: Store, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const logger = opts.logger ?? silentLogger;
  const actor = opts.actor ?? { user: 'causeway' };
  const t0 = performance.now();
  return store.transaction(async () => {
    const lots = await fillScope(store, opts);
    logger.info(`computing features of ${lots} lot${lots === 1 ? '' : 's'}`);
    await checkSignalsUnique(store);
    await store.run(`DELETE FROM features WHERE lot IN (SELECT lot FROM ${SCOPE})`);
    const count = async (kind: FeatureSourceKind) =>
      Number(await store.value(`SELECT count(*) FROM features WHERE source_kind = $1 AND lot IN (SELECT lot FROM ${SCOPE})`, [kind]));
    logger.progress('features', 0, 3);
    await store.run(`INSERT INTO features ${continuousFeaturesSql({ scope: SCOPE })}`);
    logger.progress('features', 1, 3);
    await store.run(`INSERT INTO features ${replicateFeaturesSql(SCOPE)}`);
    logger.progress('features', 2, 3);
    await store.run(`INSERT INTO features ${eventFeaturesSql(SCOPE)}`);
    logger.progress('features', 3, 3);
    const result: RefreshResult = {
      lots,
      continuous: await count('continuous'),
      replicate: await count('replicate'),
      event: await count('event'),
      seconds: (performance.now() - t0) / 1000,
    };
    const scopeText = [opts.lots ? `lots ${opts.lots.join(',')}` : '', opts.materials ? `materials ${opts.materials.join(',')}` : '']
      .filter(Boolean).join('; ') || 'all lots';
    await audit(store, actor, {
      action: 'replace',
      entity: 'features',
      key: scopeText,
      newValue: `${lots} lots: ${result.continuous} continuous, ${result.replicate} replicate, ${result.event} event features`,
    });
    await store.run(`DROP TABLE IF EXISTS ${SCOPE}`);
    return result;
  });
}

/** Fills the temporary scope table with the chosen lots; returns how many. */
async function fillScope(store: Store, opts: RefreshOptions): Promise<number> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${SCOPE} (lot VARCHAR PRIMARY KEY)`);
  await store.run(
    `INSERT INTO ${SCOPE}
     SELECT DISTINCT a.lot FROM (SELECT lot FROM lots UNION SELECT lot FROM events WHERE type = 'phase' AND lot IS NOT NULL) a
     LEFT JOIN lots l ON l.lot = a.lot
     WHERE ($1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], a.lot))
       AND ($2::VARCHAR[] IS NULL OR list_contains($2::VARCHAR[], l.material))`,
    [opts.lots ? listValue(opts.lots) : null, opts.materials ? listValue(opts.materials) : null],
  );
  const n = Number(await store.value(`SELECT count(*) FROM ${SCOPE}`));
  if (n === 0 && (opts.lots || opts.materials)) {
    throw new AppError(
      'no_lots',
      `no lots match ${opts.lots ? `lots '${opts.lots.join(',')}'` : ''}${opts.lots && opts.materials ? ' and ' : ''}${opts.materials ? `materials '${opts.materials.join(',')}'` : ''}`,
      'check the lot and material names (the features list shows what exists)',
    );
  }
  return n;
}

/** Two tags of one equipment with the same signal would give two features of one name. */
async function checkSignalsUnique(store: Store): Promise<void> {
  const dup = await store.all<{ equipment: string; signal: string; tags: string[] }>(
    `SELECT equipment, coalesce(signal, tag) AS signal, list(tag ORDER BY tag) AS tags FROM tags GROUP BY ALL HAVING count(*) > 1 LIMIT 5`,
  );
  const d = dup[0];
  if (d) {
    throw new AppError(
      'duplicate_signal',
      `equipment '${d.equipment}' has tags ${d.tags.map((t) => `'${t}'`).join(', ')} with the same signal '${d.signal}'`,
      'give each tag of one equipment its own signal (tags file, column signal)',
      { duplicates: dup },
    );
  }
}

/** Filter of {@link listFeatures}. */
export interface FeatureFilter {
  lots?: string[];
  materials?: string[];
  /** A name pattern with `*` as wildcard, e.g. `drying.*.max`. */
  name?: string;
  /** At most this many rows (default 10000). */
  limit?: number;
}

/**
 * Reads features from the `features` table.
 *
 * @param store - the store.
 * @param filter - lots, materials, name pattern (`*` wildcard), limit (default 10000).
 * @example
 * const f = await listFeatures(store, { lots: ['L001'], name: 'drying.*' });
 */
export async function listFeatures(store: Store, filter: FeatureFilter = {}): Promise<Feature[]> {
  const pattern = filter.name === undefined ? null : filter.name.replace(/[\\%_]/g, (c) => '\\' + c).replace(/\*/g, '%');
  const rows = await store.all(
    `SELECT f.lot, f.name, f.source_kind, f.step, f.phase, f.tag, f.signal, f.parameter, f.fn, f.value, f.n, f.excluded
     FROM features f LEFT JOIN lots l ON l.lot = f.lot
     WHERE ($1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], f.lot))
       AND ($2::VARCHAR[] IS NULL OR list_contains($2::VARCHAR[], l.material))
       AND ($3::VARCHAR IS NULL OR f.name LIKE $3 ESCAPE '\\')
     ORDER BY f.lot, f.name LIMIT $4`,
    [filter.lots ? listValue(filter.lots) : null, filter.materials ? listValue(filter.materials) : null, pattern, filter.limit ?? 10000],
  );
  return rows.map((r) => ({
    lot: r.lot as string,
    name: r.name as string,
    sourceKind: r.source_kind as FeatureSourceKind,
    step: (r.step as string | null) ?? null,
    phase: (r.phase as string | null) ?? null,
    tag: (r.tag as string | null) ?? null,
    signal: (r.signal as string | null) ?? null,
    parameter: (r.parameter as string | null) ?? null,
    fn: r.fn as string,
    value: r.value === null ? null : Number(r.value),
    n: Number(r.n),
    excluded: Number(r.excluded),
  }));
}
