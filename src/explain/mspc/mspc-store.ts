/**
 * Stored, versioned analysis models (MSPC PCA/PLS and golden envelopes) in the `models` table.
 * A model is never overwritten: saving under an existing name adds the next version, with who
 * saved it, when and why, and an audit entry written in the same transaction.
 */
import { AppError } from '../../core/errors.js';
import { audit } from '../../store/audit.js';
import type { Actor, Store } from '../../store/store.js';
import type { GoldenModel } from '../golden/golden-types.js';
import type { MspcModel } from './mspc-types.js';

/** Any model the `models` table holds, told apart by `kind`. */
export type AnyModel = MspcModel | GoldenModel;

/** What the model was trained on, so it can be re-created and judged. */
export interface TrainingRef {
  /** `analysis-set` (lots of a material), `tags` (time windows of tags), `lots` (golden), `table` (given by a program). */
  source: 'analysis-set' | 'tags' | 'lots' | 'table';
  material?: string;
  lots?: string[];
  tags?: string[];
  signal?: string;
  phase?: string;
  from?: string;
  to?: string;
  window?: string;
  /** Columns (variables) the model uses. */
  columns: string[];
  /** Rows used and rows left out. */
  rows: number;
  excluded?: number;
  /** How the data were scaled, in words. */
  scaling: string;
}

/** A model as stored: the model plus its name, version, settings, training reference and author. */
export interface StoredModel<M extends AnyModel = AnyModel> {
  name: string;
  version: number;
  kind: M['kind'];
  /** The settings it was built with (components, confidence, k…). */
  spec: Record<string, unknown>;
  training: TrainingRef;
  model: M;
  createdBy: string;
  createdAt: Date;
  reason: string | null;
}

/**
 * Saves `model` as the next version of `name` (1 for a new name) with its settings and training
 * reference, and records an audit entry in the same transaction.
 *
 * @param store - the store
 * @param actor - who saves it and why (reason recommended)
 * @param entry - name, model, spec, training reference
 * @returns the version number written
 * @example const v = await saveModel(store, { user: 'ana', reason: 'CPV 2025' }, { name: 'dryer-pca', model, spec: { components: 3 }, training });
 */
export async function saveModel(
  store: Store,
  actor: Actor,
  entry: { name: string; model: AnyModel; spec: Record<string, unknown>; training: TrainingRef },
): Promise<number> {
  if (!/^[\w.-]{1,100}$/.test(entry.name)) {
    throw new AppError('bad_model_name', `model name '${entry.name}' is not allowed`, 'use letters, digits, dot, dash or underscore (up to 100)');
  }
  return store.transaction(async () => {
    const last = await store.value<number | bigint>('SELECT coalesce(max(version), 0) FROM models WHERE model = $1', [entry.name]);
    const version = Number(last ?? 0) + 1;
    await store.run(
      `INSERT INTO models (model, version, kind, spec, training, payload, created_by, created_at, reason)
       VALUES ($1, $2, $3, $4::JSON, $5::JSON, $6::JSON, $7, now(), $8)`,
      [entry.name, version, entry.model.kind, JSON.stringify(entry.spec), JSON.stringify(entry.training), JSON.stringify(entry.model), actor.user, actor.reason ?? null],
    );
    await audit(store, actor, {
      action: 'insert',
      entity: 'models',
      key: `${entry.name}/${version}`,
      newValue: `${entry.model.kind} model on ${entry.training.columns.length} columns, ${entry.training.rows} rows (${entry.training.source})`,
    });
    return version;
  });
}

function parse(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/**
 * Loads a stored model: the given version, else the latest.
 *
 * @param store - the store
 * @param name - model name
 * @param version - default: the latest
 * @example const { model } = await loadModel(store, 'dryer-pca');
 */
export async function loadModel(store: Store, name: string, version?: number): Promise<StoredModel> {
  const row = await store.one(
    `SELECT model, version, kind, spec::VARCHAR AS spec, training::VARCHAR AS training, payload::VARCHAR AS payload, created_by, created_at, reason
     FROM models WHERE model = $1 AND ($2::INTEGER IS NULL OR version = $2::INTEGER) ORDER BY version DESC LIMIT 1`,
    [name, version ?? null],
  );
  if (!row) {
    const names = (await store.all<{ model: string }>('SELECT DISTINCT model FROM models ORDER BY 1')).map((r) => r.model);
    throw new AppError(
      'unknown_model',
      version === undefined ? `no model named '${name}'` : `model '${name}' has no version ${version}`,
      names.length ? `stored models: ${names.join(', ')}` : 'no models are stored yet; fit one first',
    );
  }
  return {
    name: String(row.model),
    version: Number(row.version),
    kind: String(row.kind) as AnyModel['kind'],
    spec: parse(row.spec) as Record<string, unknown>,
    training: parse(row.training) as TrainingRef,
    model: parse(row.payload) as AnyModel,
    createdBy: String(row.created_by),
    createdAt: row.created_at as Date,
    reason: row.reason === null ? null : String(row.reason),
  };
}

/**
 * Loads a model and checks it is of one of the expected kinds (a golden model is not an MSPC model).
 *
 * @example const { model } = await loadModelOfKind(store, 'dryer', ['pca', 'pls']);
 */
export async function loadModelOfKind<K extends AnyModel['kind']>(store: Store, name: string, kinds: K[], version?: number): Promise<StoredModel<Extract<AnyModel, { kind: K }>>> {
  const m = await loadModel(store, name, version);
  if (!kinds.includes(m.kind as K)) {
    throw new AppError('wrong_model_kind', `model '${name}' is a ${m.kind} model, not ${kinds.join(' or ')}`, 'give the name of a model of the right kind');
  }
  return m as StoredModel<Extract<AnyModel, { kind: K }>>;
}
