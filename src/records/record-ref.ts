import { AppError } from '../core/errors.js';

/** The kinds of record causeway keeps and signs. */
export const RECORD_KINDS = ['limits', 'specification', 'worksheet', 'report'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * Which record, exactly: its kind, its id and the version signed. A signature binds to one
 * version; a later version of the same record is another record to sign.
 *
 * - `limits`: id `MATERIAL/PARAMETER/CHART`, version the limits version (`3`);
 * - `specification`: id `MATERIAL/PARAMETER`, version the valid-from instant (ISO 8601, UTC);
 * - `worksheet`: id the worksheet number, version its version;
 * - `report`: id the report definition, version its version.
 */
export interface RecordRef {
  kind: RecordKind;
  id: string;
  version: string;
}

const isKind = (k: string): k is RecordKind => (RECORD_KINDS as readonly string[]).includes(k);

/** A part of a composite id, with `/` and `%` escaped so the parts split back unambiguously. */
export const idPart = (s: string): string => s.replace(/%/g, '%25').replace(/\//g, '%2F');

/** The parts of a composite id (see {@link idPart}). */
export const idParts = (id: string): string[] => id.split('/').map((p) => p.replace(/%2F/gi, '/').replace(/%25/g, '%'));

/**
 * The text form of a reference, as the CLI and links write it: `KIND:ID@VERSION`.
 *
 * @example formatRef({ kind: 'limits', id: 'TAB/assay/imr', version: '2' }) // 'limits:TAB/assay/imr@2'
 */
export function formatRef(r: RecordRef): string {
  return `${r.kind}:${r.id}@${r.version}`;
}

/**
 * Parses `KIND:ID@VERSION` (the version after the last `@`).
 *
 * @example parseRef('worksheet:12@3') // { kind: 'worksheet', id: '12', version: '3' }
 * @throws AppError `bad_record` naming what is missing.
 */
export function parseRef(text: string): RecordRef {
  const colon = text.indexOf(':');
  const at = text.lastIndexOf('@');
  const example = 'e.g. limits:TAB/assay/imr@2, specification:TAB/assay@2024-01-01T00:00:00.000Z, worksheet:12@1 or report:apr-2025@1';
  if (colon <= 0 || at <= colon + 1 || at === text.length - 1) throw new AppError('bad_record', `record '${text}' is not KIND:ID@VERSION`, example);
  const kind = text.slice(0, colon);
  if (!isKind(kind)) throw new AppError('unknown_record_kind', `record kind '${kind}' does not exist`, `use ${RECORD_KINDS.join(', ')}; ${example}`);
  return { kind, id: text.slice(colon + 1, at), version: text.slice(at + 1) };
}
