/**
 * Saved analyses as records (a "worksheet"): a named view — trend, control chart, capability,
 * compare, explain, investigate — with its inputs, the data state it saw, the software version
 * and its result. Every change is a new version (the old ones stay), written with its audit
 * entry in one transaction; a saved result never expires.
 */
import { AppError, field } from '../core/errors.js';
import { jsonRoundTrip } from '../core/json.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { parseVerbInput } from '../core/verb.js';
import { SOFTWARE } from '../core/version.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import { contentSha256 } from './canonical.js';
import { dataState, type DataState } from './data-state.js';
import { verbOfView, type WorksheetView } from './worksheet-views.js';

/** One stored version of a worksheet. */
export interface WorksheetVersion {
  worksheet: number;
  version: number;
  name: string;
  view: WorksheetView;
  /** The view's request: the verb's fields by name. */
  inputs: Record<string, unknown>;
  dataState: DataState;
  /** e.g. `causeway 0.1.0`. */
  software: string;
  /** The answer as JSON carries it. */
  result: unknown;
  /** SHA-256 of the result's canonical JSON (records/canonical.ts). */
  resultSha256: string;
  savedBy: string;
  savedAt: string;
  reason: string;
}

/** What {@link saveWorksheet} takes. */
export interface WorksheetInput {
  /** Save a new version of this worksheet; absent: a new worksheet. */
  worksheet?: number;
  name: string;
  view: string;
  inputs: Record<string, unknown>;
  /**
   * A result the server already computed for exactly these inputs (a finished explain job),
   * with the data state it saw; absent: the view's verb runs now.
   */
  computed?: { result: unknown; dataState: DataState };
}

/** Computes a view's answer on the store as it is now, with the data state it saw. */
export async function computeView(store: Store, view: string, inputs: Record<string, unknown>, o: { logger?: Logger; signal?: AbortSignal; actor: Actor }): Promise<{ result: unknown; dataState: DataState }> {
  const verb = verbOfView(view);
  const input = parseVerbInput(verb, inputs);
  const seen = await dataState(store);
  const result = await verb.run(store, input, { logger: o.logger ?? silentLogger, actor: o.actor, ...(o.signal ? { signal: o.signal } : {}) });
  return { result: jsonRoundTrip(result), dataState: seen };
}

/**
 * Saves a worksheet: a new one (number from a sequence) or a new version of one. Records who,
 * when and why in the audit trail in the same transaction.
 *
 * @param actor - who saves; the reason is required for a new version ("what changed").
 * @example await saveWorksheet(store, { name: 'assay I-MR 2025', view: 'spc', inputs: { parameter: 'assay' } }, { user: 'ana' })
 */
export async function saveWorksheet(store: Store, w: WorksheetInput, actor: Actor, o: { logger?: Logger; signal?: AbortSignal } = {}): Promise<WorksheetVersion> {
  const name = w.name.trim();
  if (!name) throw new AppError('bad_request', 'a worksheet needs a name', `give ${field('name', '"assay trend 2025"')}`);
  if (w.worksheet !== undefined && !actor.reason?.trim()) throw new AppError('reason_required', `a new version of worksheet ${w.worksheet} needs a reason`, `give ${field('reason', '"what changed"')}`);
  const verb = verbOfView(w.view);
  parseVerbInput(verb, w.inputs); // refuse bad inputs before computing
  const { result, dataState: seen } = w.computed ?? (await computeView(store, w.view, w.inputs, { ...o, actor }));
  const stored = jsonRoundTrip(result);
  const resultSha256 = contentSha256(stored);
  const reason = actor.reason?.trim() || 'first version';
  return store.transaction(async () => {
    let id: number;
    let version: number;
    if (w.worksheet === undefined) {
      id = Number(await store.value("SELECT nextval('worksheet_seq')"));
      version = 1;
    } else {
      id = w.worksheet;
      const latest = await store.value<number>('SELECT max(version) FROM worksheet_versions WHERE worksheet = $1', [id]);
      if (latest === null || latest === undefined) throw notFound(id);
      version = Number(latest) + 1;
    }
    const savedAt = new Date().toISOString();
    await store.run(
      `INSERT INTO worksheet_versions VALUES ($1, $2, $3, $4, $5::JSON, $6::JSON, $7, $8::JSON, $9, $10, $11::TIMESTAMPTZ, $12)`,
      [id, version, name, w.view, JSON.stringify(w.inputs), JSON.stringify(seen), SOFTWARE, JSON.stringify(stored), resultSha256, actor.user, savedAt, reason],
    );
    await audit(store, { user: actor.user, reason }, {
      action: version === 1 ? 'insert' : 'version', entity: 'worksheet', key: `${id}/v${version}`,
      newValue: JSON.stringify({ name, view: w.view, inputs: w.inputs, dataState: seen, software: SOFTWARE, resultSha256 }),
    });
    return (await getWorksheet(store, id, version))!;
  });
}

const notFound = (id: number, version?: number) =>
  new AppError('worksheet_not_found', `worksheet ${id}${version !== undefined ? ` has no version ${version}` : ' does not exist'}`, 'list worksheets to see which exist');

type Row = Record<string, unknown>;

function toVersion(r: Row): WorksheetVersion {
  return {
    worksheet: Number(r.worksheet), version: Number(r.version), name: String(r.name), view: r.view as WorksheetView,
    inputs: JSON.parse(String(r.inputs)) as Record<string, unknown>, dataState: JSON.parse(String(r.data_state)) as DataState,
    software: String(r.software), result: r.result === undefined ? undefined : JSON.parse(String(r.result)), resultSha256: String(r.result_sha256),
    savedBy: String(r.saved_by), savedAt: new Date(Number(r.saved_ms)).toISOString(), reason: String(r.reason),
  };
}

const COLUMNS = `worksheet, version, name, view, inputs::VARCHAR AS inputs, data_state::VARCHAR AS data_state, software,
  result_sha256, saved_by, epoch_ms(saved_at) AS saved_ms, reason`;

/**
 * One version of a worksheet with its result (the latest when `version` is absent).
 * @throws AppError `worksheet_not_found`.
 */
export async function getWorksheet(store: Store, id: number, version?: number): Promise<WorksheetVersion> {
  const r = await store.one(
    `SELECT ${COLUMNS}, result::VARCHAR AS result FROM worksheet_versions WHERE worksheet = $1 ${version !== undefined ? 'AND version = $2' : ''}
     ORDER BY version DESC LIMIT 1`,
    version !== undefined ? [id, version] : [id],
  );
  if (!r) throw notFound(id, version);
  return toVersion(r);
}

/** A worksheet in a list: its latest version without the result, and how many versions it has. */
export type WorksheetSummary = Omit<WorksheetVersion, 'result'> & { versions: number };

/** Every worksheet, latest version each, most recently saved first. */
export async function listWorksheets(store: Store): Promise<WorksheetSummary[]> {
  const rows = await store.all(
    `SELECT ${COLUMNS}, count(*) OVER (PARTITION BY worksheet) AS versions FROM worksheet_versions
     QUALIFY row_number() OVER (PARTITION BY worksheet ORDER BY version DESC) = 1 ORDER BY saved_at DESC, worksheet DESC`,
  );
  return rows.map((r) => {
    const { result: _omit, ...v } = toVersion(r);
    return { ...v, versions: Number(r.versions) };
  });
}

/** Every version of one worksheet, oldest first, without results. */
export async function worksheetHistory(store: Store, id: number): Promise<Omit<WorksheetVersion, 'result'>[]> {
  const rows = await store.all(`SELECT ${COLUMNS} FROM worksheet_versions WHERE worksheet = $1 ORDER BY version`, [id]);
  if (rows.length === 0) throw notFound(id);
  return rows.map((r) => {
    const { result: _omit, ...v } = toVersion(r);
    return v;
  });
}
