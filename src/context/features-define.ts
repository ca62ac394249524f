/**
 * Declared features: a named number (source, function, phase, threshold) computed for every lot
 * of a material and stored as a parameter of that material (kind discrete, role 'feature'), so
 * it charts and exports like any measured parameter. Its values carry the provenance import id
 * `feature:<name>`.
 *
 * defineFeature runs as named phases in one transaction:
 *   resolve the source → compute (same SQL as the automatic features) → store definition,
 *   parameter and values (replaced values move to prior_values) → audit.
 */
import { AppError, field } from '../core/errors.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import {
  CONTINUOUS_FNS, EVENT_FNS, PHASE_FNS, REPLICATE_FNS, THRESHOLD_FNS,
  continuousFeaturesSql, eventFeaturesSql, replicateFeaturesSql,
} from './features-sql.js';

/** A feature declaration. */
export interface FeatureDefinition {
  /** Parameter name to store the values under, e.g. 'drying_time_above_45'. */
  name: string;
  /** Material whose lots get the value. */
  material: string;
  /** A tag or signal (continuous), a replicate parameter, or `events.<type>`. */
  source: string;
  /** Function: continuous (mean, sd, …, time_above, time_below, duration, alarm_count), replicate (mean, rsd, …), event (count, hours). */
  fn: string;
  /** Phase (required for continuous sources), as in feature names, e.g. 'drying' or 'wet_massing'. */
  phase?: string;
  /** Threshold for time_above / time_below. */
  threshold?: number;
  /** Unit of the value (default none). */
  unit?: string;
  /** Why the feature is declared (stored with the definition and in the audit trail). */
  reason?: string;
}

/** What {@link defineFeature} stored. */
export interface DefineResult {
  name: string;
  sourceKind: 'continuous' | 'replicate' | 'event';
  /** Lots that got a value. */
  stored: number;
  /** Lots of the material without a computable value (no such phase, no good samples, n too small). */
  notComputable: string[];
  /** True when an earlier definition of the same name was replaced. */
  replaced: boolean;
}

const SCOPE = '_define_scope';
const RESULT = '_define_values';

/**
 * Declares a feature and stores its value for every lot of the material.
 *
 * @param store - a writable store.
 * @param def - the declaration (see {@link FeatureDefinition}).
 * @param actor - who declares it (and why: required when replacing an earlier definition).
 * @example
 * await defineFeature(store, { name: 'drying_hot_h', material: 'granulate', source: 'product_temp',
 *   fn: 'time_above', phase: 'drying', threshold: 45, unit: 'h', reason: 'degradation above 45 °C' }, { user: 'ana' });
 */
export async function defineFeature(store: Store, def: FeatureDefinition, actor: Actor): Promise<DefineResult> {
  const kind = await resolveSource(store, def);
  return store.transaction(async () => {
    const existing = await store.one<{ role: string | null }>('SELECT role FROM parameters WHERE material = $1 AND parameter = $2', [def.material, def.name]);
    if (existing && existing.role !== 'feature') {
      throw new AppError('name_taken', `material '${def.material}' already has a measured parameter '${def.name}'`, 'choose another feature name');
    }
    const reason = def.reason ?? actor.reason;
    if (existing && !reason) throw new AppError('reason_required', `feature '${def.name}' exists; replacing it needs a reason`, `give a ${field('reason')}: why it is replaced`);
    await compute(store, def, kind);
    const importId = `feature:${def.name}`;
    await store.run(`DELETE FROM feature_definitions WHERE name = $1`, [def.name]);
    await store.run(
      `INSERT INTO feature_definitions (name, material, source, fn, phase, threshold, unit, created_by, created_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9)`,
      [def.name, def.material, def.source, def.fn, def.phase ?? null, def.threshold ?? null, def.unit ?? null, actor.user, reason ?? null],
    );
    await store.run(`DELETE FROM imports WHERE import_id = $1`, [importId]);
    await store.run(
      `INSERT INTO imports (import_id, source, kind, user_name, reason, started_at, finished_at) VALUES ($1, $2, 'feature', $3, $4, now(), now())`,
      [importId, `${def.fn} of ${def.source}${def.phase ? ' in ' + def.phase : ''}`, actor.user, reason ?? null],
    );
    await store.run(`DELETE FROM parameters WHERE material = $1 AND parameter = $2`, [def.material, def.name]);
    await store.run(
      `INSERT INTO parameters (material, parameter, kind, unit, role, description, import_id, source)
       VALUES ($1, $2, 'discrete', $3, 'feature', $4, $5, 'feature')`,
      [def.material, def.name, def.unit ?? null, `${def.fn} of ${def.source}${def.phase ? ' in phase ' + def.phase : ''}${def.threshold !== undefined ? ' vs ' + def.threshold : ''}`, importId],
    );
    if (existing) {
      await store.run(
        `INSERT INTO prior_values (entity, entity_key, old_value, new_value, old_import_id, new_import_id, replaced_at, user_name, reason)
         SELECT 'discrete', d.lot || '/' || d.parameter, d.value::VARCHAR, r.value::VARCHAR, d.import_id, $3, now(), $4, $5
         FROM discrete d LEFT JOIN ${RESULT} r ON r.lot = d.lot WHERE d.material = $1 AND d.parameter = $2`,
        [def.material, def.name, importId, actor.user, reason ?? ''],
      );
    }
    await store.run(`DELETE FROM discrete WHERE material = $1 AND parameter = $2`, [def.material, def.name]);
    await store.run(
      `INSERT INTO discrete (lot, material, parameter, value, import_id, source)
       SELECT lot, $1, $2, value, $3, 'feature' FROM ${RESULT} WHERE value IS NOT NULL`,
      [def.material, def.name, importId],
    );
    const stored = Number(await store.value(`SELECT count(*) FROM ${RESULT} WHERE value IS NOT NULL`));
    const missing = await store.all<{ lot: string }>(
      `SELECT s.lot FROM ${SCOPE} s LEFT JOIN ${RESULT} r ON r.lot = s.lot WHERE r.value IS NULL ORDER BY s.lot`,
    );
    await audit(store, { ...actor, ...(reason ? { reason } : {}) }, [
      { action: existing ? 'replace' : 'insert', entity: 'feature_definitions', key: def.name, newValue: JSON.stringify(def), importId },
      { action: 'insert', entity: 'discrete', key: `${def.material}/${def.name}`, newValue: `${stored} lot values`, importId },
    ]);
    await store.run(`DROP TABLE IF EXISTS ${RESULT}`);
    await store.run(`DROP TABLE IF EXISTS ${SCOPE}`);
    return { name: def.name, sourceKind: kind, stored, notComputable: missing.map((m) => m.lot), replaced: Boolean(existing) };
  });
}

/** Which kind of data the source names, with the function checked against that kind. */
async function resolveSource(store: Store, def: FeatureDefinition): Promise<DefineResult['sourceKind']> {
  if (!/^[A-Za-z0-9_.\-]+$/.test(def.name)) {
    throw new AppError('bad_feature_name', `feature name '${def.name}' has characters other than letters, digits, '_', '.', '-'`, 'e.g. drying_time_above_45');
  }
  const fnOk = (list: readonly string[], kind: string) => {
    if (!list.includes(def.fn)) throw new AppError('bad_fn', `'${def.fn}' is not a function of a ${kind} feature`, `use one of ${list.join(', ')}`);
  };
  const isTag = await store.value<boolean>('SELECT count(*) > 0 FROM tags WHERE tag = $1 OR signal = $1', [def.source]);
  if (isTag) {
    fnOk([...CONTINUOUS_FNS, ...THRESHOLD_FNS, ...PHASE_FNS], 'continuous');
    if (!def.phase) throw new AppError('phase_required', `feature '${def.name}' of tag or signal '${def.source}' needs a phase`, `give ${field('phase')}, e.g. ${field('phase', 'drying')}`);
    if ((THRESHOLD_FNS as readonly string[]).includes(def.fn) && (def.threshold === undefined || !Number.isFinite(def.threshold))) {
      throw new AppError('threshold_required', `${def.fn} needs a finite threshold (got ${String(def.threshold)})`, `give ${field('threshold')}, e.g. ${field('threshold', '45')}`);
    }
    return 'continuous';
  }
  const isParam = await store.value<boolean>('SELECT count(*) > 0 FROM replicates WHERE material = $1 AND parameter = $2', [def.material, def.source]);
  if (isParam) return fnOk(REPLICATE_FNS, 'replicate'), 'replicate';
  if (def.source.startsWith('events.')) return fnOk(EVENT_FNS, 'event'), 'event';
  throw new AppError('unknown_source', `source '${def.source}' is no tag, signal, replicate parameter of '${def.material}' or events.<type>`,
    'name a tag or signal (tags file), a replicate parameter, or e.g. events.deviation');
}

/** Computes the feature for every lot of the material into a temp table (lot, value). */
async function compute(store: Store, def: FeatureDefinition, kind: DefineResult['sourceKind']): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${SCOPE} AS SELECT lot FROM lots WHERE material = $1`, [def.material]);
  if (Number(await store.value(`SELECT count(*) FROM ${SCOPE}`)) === 0) {
    throw new AppError('no_lots', `material '${def.material}' has no lots`, 'check the material name');
  }
  let sql: string;
  let params: (string | number | null)[];
  if (kind === 'continuous') {
    const inner = continuousFeaturesSql({ scope: SCOPE, thresholdParam: '$1::DOUBLE', tagCondition: '(t.tag = $2 OR t.signal = $2)' });
    const phaseLevel = (PHASE_FNS as readonly string[]).includes(def.fn);
    sql = `SELECT lot, any_value(value) AS value, count(*) AS k FROM (${inner}) f
      WHERE f.phase = $3 AND f.fn = $4 ${phaseLevel ? '' : 'AND (f.tag = $2 OR f.signal = $2)'} GROUP BY lot`;
    params = [def.threshold ?? null, def.source, def.phase ?? null, def.fn];
  } else if (kind === 'replicate') {
    sql = `SELECT lot, value, 1 AS k FROM (${replicateFeaturesSql(SCOPE)}) f WHERE f.parameter = $1 AND f.fn = $2`;
    params = [def.source, def.fn];
  } else {
    sql = `SELECT lot, value, 1 AS k FROM (${eventFeaturesSql(SCOPE)}) f WHERE f.name = $1`;
    params = [`${def.source}.${def.fn}`];
  }
  await store.run(`CREATE OR REPLACE TEMP TABLE ${RESULT} AS ${sql}`, params);
  const dup = await store.one<{ lot: string }>(`SELECT lot FROM ${RESULT} WHERE k > 1 LIMIT 1`);
  if (dup) {
    throw new AppError('ambiguous_source', `lot '${dup.lot}' has '${def.source}' on several tags in phase '${def.phase}'`, 'name one tag as the source');
  }
}
