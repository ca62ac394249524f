/**
 * Features in context: refresh the `features` table (automatic candidate features of every
 * tag × phase × lot, replicate parameter × lot and event type × lot) and read it back.
 *
 * refreshFeatures (chosen lots, or all) and refreshImportFeatures (the lots an import touched,
 * called by every import) run as named phases in one transaction:
 *   scope (which lots) → delete their features → continuous → replicate → event → audit.
 * Each kind is one set-based INSERT … SELECT inside DuckDB (see features-sql.ts); the scope's
 * samples are read through its phases' time windows (features-scope.ts).
 */
import { listValue } from '@duckdb/node-api';
import { AppError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { audit } from '../store/audit.js';
import { Store, type Actor } from '../store/store.js';
import { insertContinuousFeatures } from './features-continuous.js';
import { eventFeaturesSql, replicateFeaturesSql } from './features-sql.js';
import { fillImportScope, sampleWindows } from './features-scope.js';

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
 * a phase event. Only the samples inside the chosen lots' phases are read, so the cost follows
 * the lots chosen, not the size of the store.
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
  const t0 = performance.now();
  return store.transaction(async () => {
    const lots = await fillScope(store, opts);
    const scopeText = [opts.lots ? `lots ${opts.lots.join(',')}` : '', opts.materials ? `materials ${opts.materials.join(',')}` : '']
      .filter(Boolean).join('; ') || 'all lots';
    const whole = !opts.lots && !opts.materials;
    // A rebuild of every lot leaves no import's features pending.
    if (whole) await store.run('DELETE FROM features_pending');
    return computeScope(store, { lots, whole, key: scopeText, logger, actor: opts.actor ?? { user: 'causeway' }, t0 });
  });
}

/** Options of {@link refreshImportFeatures} and {@link completeFeatures}. */
export interface ImportFeatureOptions {
  /** Progress (default: silent). */
  logger?: Logger;
  /** Author of the audit entry (default: user 'causeway'). */
  actor?: Actor;
}

/**
 * Marks an import's lots as needing their features recomputed. Call inside the import's
 * transaction; {@link completeFeatures} after it commits. Every import does this
 * (ingest/import-staged.ts), so features are current after every import, whoever calls it.
 *
 * @param store - the store, inside the import's transaction.
 * @param importId - the import.
 */
export async function markFeaturesPending(store: Store, importId: string): Promise<void> {
  await store.run('INSERT INTO features_pending VALUES ($1) ON CONFLICT DO NOTHING', [importId]);
}

/**
 * Recomputes the features of the lots each pending import touched, one transaction per import
 * that also removes its mark (see {@link refreshImportFeatures}). An import calls it right after
 * its own transaction commits; opening a store calls it for imports whose process stopped in
 * between.
 *
 * @param store - an open, writable store.
 * @param opts - `logger` (default silent), `actor` (default user 'causeway').
 * @returns the sum over the imports completed (`lots` counts a lot once per import).
 * @example
 * await store.transaction(async () => { …write…; await markFeaturesPending(store, id); });
 * await completeFeatures(store);
 */
export async function completeFeatures(store: Store, opts: ImportFeatureOptions = {}): Promise<RefreshResult> {
  const t0 = performance.now();
  const pending = await store.all<{ import_id: string }>('SELECT import_id FROM features_pending ORDER BY import_id');
  const sum: RefreshResult = { lots: 0, continuous: 0, replicate: 0, event: 0, seconds: 0 };
  for (const { import_id: id } of pending) {
    const r = await refreshImportFeatures(store, id, opts);
    sum.lots += r.lots; sum.continuous += r.continuous; sum.replicate += r.replicate; sum.event += r.event;
  }
  sum.seconds = (performance.now() - t0) / 1000;
  return sum;
}

/**
 * Recomputes the features of the lots an import touched (see features-scope.ts: its lots,
 * replicates, events, tags, and the phases its samples fall into) and removes the import's
 * pending mark, in one transaction. The cost follows the rows the import wrote and the lots they
 * touch, not the size of the store.
 *
 * It runs after the import's transaction, not inside it: DuckDB reads rows an open transaction
 * has just written 2–4× slower (measured: features of a 0.6 M-sample network took 3.8–10.6 s
 * inside the import's transaction, 1.4–3.7 s right after it).
 *
 * @param store - an open, writable store.
 * @param importId - the import (every row it wrote carries this id).
 * @param opts - `logger` (default silent), `actor` (default user 'causeway').
 * @returns counts of feature rows written per kind; `lots` 0 when the import touched none.
 * @example
 * await refreshImportFeatures(store, report.importId!);   // what every import does itself
 */
export async function refreshImportFeatures(store: Store, importId: string, opts: ImportFeatureOptions = {}): Promise<RefreshResult> {
  const t0 = performance.now();
  return store.transaction(async () => {
    const lots = await fillImportScope(store, importId, SCOPE);
    await store.run('DELETE FROM features_pending WHERE import_id = $1', [importId]);
    if (lots === 0) {
      await store.run(`DROP TABLE IF EXISTS ${SCOPE}`);
      return { lots: 0, continuous: 0, replicate: 0, event: 0, seconds: (performance.now() - t0) / 1000 };
    }
    const logger = opts.logger ?? silentLogger;
    return computeScope(store, { lots, whole: false, key: `lots of import ${importId}`, importId, logger, actor: opts.actor ?? { user: 'causeway' }, t0 });
  });
}

// Imports whose process stopped between their transaction and their features' are completed
// when the store is next opened for writing. A failure there keeps the mark (the next import or
// `features --refresh` completes it and reports the error) rather than make the store unopenable.
Store.onOpen(async (store) => {
  try {
    await completeFeatures(store);
  } catch {
    /* kept pending; see above */
  }
});

/** What {@link computeScope} needs besides the filled scope table. */
interface ScopeRun {
  /** Lots in the scope table. */
  lots: number;
  /** True when the scope is every lot: no sample windows needed. */
  whole: boolean;
  /** What the audit entry names as its key. */
  key: string;
  importId?: string;
  logger: Logger;
  actor: Actor;
  t0: number;
}

/**
 * The named phases of a refresh over the filled scope table, inside the caller's transaction:
 * delete the scope's features → continuous (samples in the scope's windows
 * only) → replicate → event → count → audit.
 */
async function computeScope(store: Store, run: ScopeRun): Promise<RefreshResult> {
  const { logger } = run;
  logger.info(`computing features of ${run.lots} lot${run.lots === 1 ? '' : 's'}`);
  await store.run(`DELETE FROM features WHERE lot IN (SELECT lot FROM ${SCOPE})`);
  logger.progress('features', 0, 3);
  await insertContinuousFeatures(store, SCOPE, run.whole ? undefined : await sampleWindows(store, SCOPE));
  logger.progress('features', 1, 3);
  await store.run(`INSERT INTO features ${replicateFeaturesSql(SCOPE)}`);
  logger.progress('features', 2, 3);
  await store.run(`INSERT INTO features ${eventFeaturesSql(SCOPE)}`);
  logger.progress('features', 3, 3);
  await checkUnique(store);
  const counts = await store.all<{ kind: FeatureSourceKind; n: bigint }>(
    `SELECT source_kind AS kind, count(*) AS n FROM features WHERE lot IN (SELECT lot FROM ${SCOPE}) GROUP BY ALL`,
  );
  const count = (kind: FeatureSourceKind) => Number(counts.find((c) => c.kind === kind)?.n ?? 0);
  const result: RefreshResult = {
    lots: run.lots,
    continuous: count('continuous'),
    replicate: count('replicate'),
    event: count('event'),
    seconds: (performance.now() - run.t0) / 1000,
  };
  await audit(store, run.actor, {
    // An import's own upkeep is derived work, told apart from a user's deliberate rebuild.
    action: run.importId ? 'compute' : 'replace',
    entity: 'features',
    key: run.key,
    newValue: `${run.lots} lots: ${result.continuous} continuous, ${result.replicate} replicate, ${result.event} event features`,
    ...(run.importId ? { importId: run.importId } : {}),
  });
  await store.run(`DROP TABLE IF EXISTS ${SCOPE}`);
  return result;
}

/**
 * Fails the refresh when the scope's lots got one feature name twice. The table has no unique
 * index (migration 12: it cost seconds per rebuild); names are unique by construction (phases run
 * twice get `_2`, tags sharing a signal are named by tag), and this keeps a broken rule from
 * landing quietly.
 */
async function checkUnique(store: Store): Promise<void> {
  const dup = await store.one<{ lot: string; name: string }>(
    `SELECT lot, name FROM features WHERE lot IN (SELECT lot FROM ${SCOPE}) GROUP BY lot, name HAVING count(*) > 1 LIMIT 1`,
  );
  if (dup) {
    throw new AppError('duplicate_feature', `lot '${dup.lot}' got feature '${dup.name}' twice; nothing was changed`, 'report this as a bug, with the lot and feature named here');
  }
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
