/**
 * The message a site agent sends to the hub: one {@link Batch} as gzip'd JSON, with headers
 * that say which site sent it, when its data reached the site (the agent's clock), and the
 * version of this format. Its id comes from its content and key range, so the same data sent
 * twice — an agent restarted before it learned the first send was stored, a folder dropped
 * twice — has the same id: JetStream's duplicate window drops the second copy, and the hub's
 * apply (idempotent by batch id, then by the data's own keys) changes nothing if one gets past.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../core/errors.js';
import { IMPORT_ORDER } from '../ingest/folder-files.js';
import type { Batch, RowFile } from '../ingest/batch/batch-types.js';
import { siteSubject } from './names.js';

/**
 * The version of this message format. A hub reads every version up to its own (older ones
 * through {@link UPGRADES}); a message of a newer version is parked with a reason that says
 * to upgrade the hub. Raise it when a change would make an older hub misread a message.
 */
export const WIRE_SCHEMA = 1;

/** Upgrades of an older message body to the current one, by the version they start from. */
const UPGRADES: Record<number, (body: WireBody) => WireBody> = {};

/** Header names (NATS headers are case-sensitive as written). */
export const HEADERS = {
  msgId: 'Nats-Msg-Id',
  schema: 'Causeway-Schema',
  site: 'Causeway-Site',
  kind: 'Causeway-Kind',
  /** When the data reached the agent: epoch ms, agent clock. */
  queued: 'Causeway-Queued',
  encoding: 'Content-Encoding',
  /** On a parked message: why, and the code of the check that refused it. */
  reason: 'Causeway-Reason',
  code: 'Causeway-Code',
  /** On a parked message: the stream sequence it had in its site's stream. */
  seq: 'Causeway-Seq',
} as const;

/** What a message carries: a batch without its id and arrival times (those are the hub's). */
export type WireBody = Omit<Batch, 'id' | 'received' | 'samples'> & {
  samples?: { tag: string[]; time: number[]; value: (number | null)[]; quality?: number[]; status?: (number | null)[] };
};

/** A message ready to publish. */
export interface WireMessage {
  subject: string;
  msgId: string;
  kind: 'samples' | 'rows';
  headers: Record<string, string>;
  data: Uint8Array;
  /** Rows it carries (samples included). */
  rows: number;
}

/**
 * Encodes a batch of site `site` for the wire.
 *
 * @param site - the site's name (a NATS subject token).
 * @param batch - the batch; its `id` and `received` are not sent.
 * @param queuedAt - when its data reached the agent (agent clock).
 * @example
 * const m = encodeBatch('LJ', { source: 'lims', discrete: [{ lot: 'L1', parameter: 'assay', value: 99.1 }] }, new Date());
 * // m.subject === 'causeway.site.LJ.rows'
 */
export function encodeBatch(site: string, batch: Batch, queuedAt: Date): WireMessage {
  const body = canonical(batch);
  const json = JSON.stringify(body);
  const kind = Object.keys(body).some((k) => k !== 'source' && k !== 'samples' && k !== 'items') ? 'rows' : 'samples';
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 24);
  const msgId = `${site}.${kind}.${keyRange(body)}.${hash}`;
  const rows = (body.samples?.tag.length ?? 0) + IMPORT_ORDER.reduce((n, f) => n + (f === 'continuous' ? 0 : ((body[f as RowFile] as unknown[] | undefined)?.length ?? 0)), 0);
  return {
    subject: siteSubject(site, kind), msgId, kind, rows,
    headers: {
      [HEADERS.msgId]: msgId, [HEADERS.schema]: String(WIRE_SCHEMA), [HEADERS.site]: site, [HEADERS.kind]: kind,
      [HEADERS.queued]: String(queuedAt.getTime()), [HEADERS.encoding]: 'gzip',
    },
    data: gzipSync(json),
  };
}

/** A decoded message: the batch (without id and arrival), its format version and when it was queued. */
export interface DecodedMessage {
  body: WireBody;
  schema: number;
  /** Agent clock, epoch ms; null when the header is missing. */
  queuedAt: number | null;
}

/**
 * Decodes a message from its headers and data, upgrading an older format.
 *
 * @throws AppError `newer_schema` for a format newer than this build reads; `bad_message` when it cannot be read.
 */
export function decodeMessage(header: (name: string) => string | undefined, data: Uint8Array): DecodedMessage {
  const schemaText = header(HEADERS.schema);
  const schema = Number(schemaText ?? NaN);
  if (!Number.isInteger(schema) || schema < 1)
    throw new AppError('bad_message', `the message has no valid ${HEADERS.schema} header (value '${schemaText ?? ''}')`, 'send batches through `causeway agent`, which sets it');
  if (schema > WIRE_SCHEMA)
    throw new AppError('newer_schema', `the batch was sent in message format ${schema}, made by a newer causeway than this hub (which reads up to format ${WIRE_SCHEMA})`, 'upgrade the hub to the release of the site agent (or newer); the batch waits on the dead-letter subject and can be replayed afterwards');
  let body: WireBody;
  try {
    const bytes = header(HEADERS.encoding) === 'gzip' ? gunzipSync(data) : data;
    body = JSON.parse(Buffer.from(bytes).toString('utf8')) as WireBody;
  } catch (e) {
    throw new AppError('bad_message', `the message cannot be read: ${(e as Error).message}`, 'the agent sends gzip\'d JSON; check what else publishes on the site\'s subjects');
  }
  if (typeof body !== 'object' || body === null || typeof body.source !== 'string' || body.source === '')
    throw new AppError('bad_message', 'the message is not a batch: it names no source', 'a batch is an object with a source name and samples or rows (docs/network.md)');
  for (let v = schema; v < WIRE_SCHEMA; v++) body = UPGRADES[v]?.(body) ?? body;
  const queued = Number(header(HEADERS.queued));
  return { body, schema, queuedAt: Number.isFinite(queued) ? queued : null };
}

/** The batch's content in a fixed key order, times as epoch ms, so equal data gives equal text. */
function canonical(batch: Batch): WireBody {
  const out: WireBody = { source: batch.source };
  if (batch.samples && batch.samples.tag.length > 0) {
    const s = batch.samples;
    out.samples = {
      tag: [...s.tag], time: Array.from(s.time), value: Array.from(s.value, (v) => (v === null || Number.isNaN(v) ? null : v)),
      ...(s.quality ? { quality: Array.from(s.quality) } : {}), ...(s.status ? { status: Array.from(s.status) } : {}),
    };
  }
  for (const file of IMPORT_ORDER) {
    if (file === 'continuous') continue;
    const rows = batch[file as RowFile];
    if (rows && rows.length > 0) (out as Record<string, unknown>)[file] = rows;
  }
  if (batch.items && batch.items.length > 0) out.items = batch.items;
  return out;
}

/** The source-time span of the samples (epoch ms, `first-last`), or the row count for rows only. */
function keyRange(body: WireBody): string {
  const times = body.samples?.time ?? [];
  if (times.length === 0) return 'rows';
  let first = Infinity, last = -Infinity;
  for (const t of times) { if (t < first) first = t; if (t > last) last = t; }
  return `${first}-${last}`;
}
