/**
 * The content of each kind of record that a signature binds to: what the record says, read
 * from the store as it is now, in a fixed shape whose canonical JSON is hashed
 * (records/canonical.ts). A signed record that was changed afterwards hashes differently.
 */
import { AppError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { formatRef, idPart, idParts, type RecordKind, type RecordRef } from './record-ref.js';
import { getWorksheet } from './worksheets.js';

/** Reads a record's content; undefined when the record (or that version) does not exist. */
export type ContentReader = (store: Store, id: string, version: string) => Promise<unknown>;

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

/** A version of control limits: the numbers, what they came from, who set them and why (not their status, which approval changes). */
async function limitsContent(store: Store, id: string, version: string): Promise<unknown> {
  const [material, parameter, chart] = idParts(id);
  const v = Number(version);
  if (!material || !parameter || !chart || !Number.isInteger(v)) return undefined;
  const r = await store.one(
    `SELECT material, parameter, chart, version, valid_from, center, sigma, lcl, ucl, settings::VARCHAR AS settings, baseline::VARCHAR AS baseline, set_by, set_at, reason
     FROM control_limits WHERE material = $1 AND parameter = $2 AND chart = $3 AND version = $4`,
    [material, parameter, chart, v],
  );
  if (!r) return undefined;
  return {
    record: 'limits', material: r.material, parameter: r.parameter, chart: r.chart, version: Number(r.version), validFrom: iso(r.valid_from),
    center: r.center, sigma: r.sigma, lcl: r.lcl, ucl: r.ucl, settings: JSON.parse(String(r.settings ?? '{}')), baseline: JSON.parse(String(r.baseline ?? '{}')),
    setBy: r.set_by, setAt: iso(r.set_at), reason: r.reason,
  };
}

/** A version of a specification: its limits and target from the instant it is valid. */
async function specificationContent(store: Store, id: string, version: string): Promise<unknown> {
  const [material, parameter] = idParts(id);
  const at = new Date(version);
  if (!material || !parameter || Number.isNaN(at.getTime())) return undefined;
  const r = await store.one(
    'SELECT material, parameter, valid_from, lsl, usl, target FROM specifications WHERE material = $1 AND parameter = $2 AND valid_from = $3::TIMESTAMPTZ',
    [material, parameter, at.toISOString()],
  );
  if (!r) return undefined;
  return { record: 'specification', material: r.material, parameter: r.parameter, validFrom: iso(r.valid_from), lsl: r.lsl, usl: r.usl, target: r.target };
}

/** A version of a worksheet: everything saved with it, its result included. */
async function worksheetContent(store: Store, id: string, version: string): Promise<unknown> {
  const n = Number(id);
  const v = Number(version);
  if (!Number.isInteger(n) || !Number.isInteger(v)) return undefined;
  try {
    return { record: 'worksheet', ...(await getWorksheet(store, n, v)) };
  } catch (e) {
    if (e instanceof AppError && e.code === 'worksheet_not_found') return undefined;
    throw e;
  }
}

/**
 * The reader of each kind. `report` is read by the reports' own module (a report version's
 * canonical content) once it is registered with {@link registerContentReader}.
 */
const READERS: Partial<Record<RecordKind, ContentReader>> = {
  limits: limitsContent,
  specification: specificationContent,
  worksheet: worksheetContent,
};

/**
 * Lets a module that owns a kind of record (the reports) say how its content is read, so that
 * signatures bind to it and verification recomputes it.
 *
 * @example registerContentReader('report', (store, id, version) => reportVersionContent(store, id, Number(version)))
 */
export function registerContentReader(kind: RecordKind, reader: ContentReader): void {
  READERS[kind] = reader;
}

/**
 * The content of a record now.
 * @throws AppError `record_not_found` when it does not exist, `unknown_record_kind` when its kind cannot be read in this build.
 */
export async function recordContent(store: Store, ref: RecordRef): Promise<unknown> {
  const reader = READERS[ref.kind];
  if (!reader) throw new AppError('unknown_record_kind', `records of kind '${ref.kind}' cannot be read by this build`, 'sign limits, specifications or worksheets');
  const content = await reader(store, ref.id, ref.version);
  if (content === undefined) throw new AppError('record_not_found', `record ${formatRef(ref)} does not exist`, 'list the versions of the record to see which exist');
  return content;
}

/** The reference of a version of control limits. */
export const limitsRef = (k: { material: string; parameter: string; chart: string; version: number }): RecordRef =>
  ({ kind: 'limits', id: [k.material, k.parameter, k.chart].map(idPart).join('/'), version: String(k.version) });

/** The reference of a version of a specification. */
export const specificationRef = (k: { material: string; parameter: string; validFrom: Date | string }): RecordRef =>
  ({ kind: 'specification', id: [k.material, k.parameter].map(idPart).join('/'), version: new Date(k.validFrom).toISOString() });

/** The reference of a version of a worksheet. */
export const worksheetRef = (k: { worksheet: number; version: number }): RecordRef => ({ kind: 'worksheet', id: String(k.worksheet), version: String(k.version) });
