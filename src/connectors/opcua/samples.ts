/**
 * From an OPC UA DataValue to a causeway sample: value, status code, source time stamp.
 *
 * The status code is kept whole (severity, sub-code and info bits); quality is its severity,
 * as everywhere in causeway (docs/folder-format.md, *Quality*): `00` good, `01` uncertain,
 * `10`/`11` bad. A value with a Bad status is not a measurement: it is refused with its reason
 * and nothing is stored for it.
 *
 * @see OPC UA Part 4, 7.39 StatusCode (severity bits 30–31, InfoType bits 10–11, Overflow bit 7)
 * @see OPC UA Part 4, 7.11 DataValue (SourceTimestamp, SourcePicoseconds)
 */
import { DataType, StatusCodes, type DataValue } from 'node-opcua-client';

/** One sample ready for the store. */
export interface SampleRecord {
  tag: string;
  /** Source time stamp, microseconds since 1970-01-01T00:00:00Z. */
  timeUs: number;
  value: number;
  /** The OPC UA status code, unsigned 32 bit. */
  status: number;
  /** 0 good, 1 uncertain (bad values are refused, never stored). */
  quality: 0 | 1;
  /** Provenance: the NodeId the value came from. */
  item: string;
  /** Provenance: when causeway received it, ms since 1970. */
  receivedMs: number;
  /** How it arrived: a subscription notification or a HistoryRead. */
  via: 'subscription' | 'history';
}

/** A value that was refused, with its reason (kept for the source's health, never stored as a sample). */
export interface RefusedValue {
  tag: string;
  item: string;
  /** Source time stamp (ms) when the server gave one. */
  timeMs: number | undefined;
  status: number;
  reason: string;
}

/**
 * Values may be missing: a monitored item's queue overflowed (`overflow`: values of `tag` before
 * `timeUs` were discarded by the server), or notification messages of the subscription were
 * neither received nor republished (`sequence`: values of any tag between `fromUs` and `timeUs`).
 */
export type DataLossMarker =
  | { kind: 'overflow'; tag: string; item: string; timeUs: number; status: number }
  | { kind: 'sequence'; fromUs: number; timeUs: number; first: number; last: number };

/** InfoType DataValue (bits 10–11 = 01) with the Overflow bit (bit 7). */
const INFO_TYPE_MASK = 0x0c00;
const INFO_TYPE_DATA_VALUE = 0x0400;
const OVERFLOW_BIT = 0x0080;

/** Severity of a status code: 0 good, 1 uncertain, 2 bad. */
export function severityOf(status: number): 0 | 1 | 2 {
  const s = status >>> 30;
  return s === 0 ? 0 : s === 1 ? 1 : 2;
}

/** True when the Overflow info bit is set (only meaningful with InfoType DataValue). */
export function hasOverflow(status: number): boolean {
  return (status & INFO_TYPE_MASK) === INFO_TYPE_DATA_VALUE && (status & OVERFLOW_BIT) !== 0;
}

/** A status code as people read it: `BadSensorFailure (0x808B0000)`. */
export function describeStatus(status: number): string {
  const name = codeNames().get((status & 0xffff0000) >>> 0) ?? 'an unknown status';
  return `${name} (0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')})`;
}

let names: Map<number, string> | undefined;
/** Names of the status codes by their code (the top 16 bits), from the SDK's table of Part 6. */
function codeNames(): Map<number, string> {
  if (names) return names;
  names = new Map();
  for (const [name, code] of Object.entries(StatusCodes)) names.set((code.value & 0xffff0000) >>> 0, name);
  return names;
}

/** The result of converting one DataValue. */
export type Converted = { kind: 'sample'; sample: SampleRecord; overflow: boolean } | { kind: 'refused'; refused: RefusedValue };

/**
 * Converts one DataValue of a tag. Numbers and booleans are samples; a Bad status, a missing
 * source time stamp or a value that is not a number is refused with a reason.
 */
export function convertDataValue(dv: DataValue, tag: string, item: string, via: SampleRecord['via'], receivedMs: number): Converted {
  const status = dv.statusCode.value >>> 0;
  const src = dv.sourceTimestamp;
  const timeMs = src ? src.getTime() : undefined;
  const refuse = (reason: string): Converted => ({ kind: 'refused', refused: { tag, item, timeMs, status, reason } });
  const sev = severityOf(status);
  if (sev === 2) return refuse(`the server reports ${describeStatus(status)} for tag '${tag}' (${item})${timeMs === undefined ? '' : ` at ${new Date(timeMs).toISOString()}`}; nothing is stored for it`);
  if (timeMs === undefined || Number.isNaN(timeMs) || timeMs <= 0)
    return refuse(`tag '${tag}' (${item}): the value has no source time stamp; ask the server for source time stamps (TimestampsToReturn Both)`);
  const value = numberOf(dv);
  if (value === undefined) return refuse(`tag '${tag}' (${item}): a value of type ${DataType[dv.value.dataType] ?? dv.value.dataType} is not a number`);
  // node-opcua keeps the part of the time stamp below one millisecond in picoseconds.
  const timeUs = timeMs * 1000 + Math.floor((dv.sourcePicoseconds ?? 0) / 1e6);
  return { kind: 'sample', sample: { tag, timeUs, value, status, quality: sev, item, receivedMs, via }, overflow: hasOverflow(status) };
}

function numberOf(dv: DataValue): number | undefined {
  const v = dv.value;
  if (v.arrayType !== undefined && v.arrayType !== 0) return undefined;
  switch (v.dataType) {
    case DataType.Double:
    case DataType.Float:
    case DataType.SByte:
    case DataType.Byte:
    case DataType.Int16:
    case DataType.UInt16:
    case DataType.Int32:
    case DataType.UInt32:
      return typeof v.value === 'number' ? v.value : undefined;
    case DataType.Boolean:
      return v.value ? 1 : 0;
    case DataType.Int64:
    case DataType.UInt64: {
      // node-opcua gives 64-bit integers as [high, low] 32-bit words.
      const w = v.value as [number, number];
      if (!Array.isArray(w)) return undefined;
      const hi = v.dataType === DataType.Int64 ? w[0] | 0 : w[0] >>> 0;
      return hi * 2 ** 32 + (w[1] >>> 0);
    }
    default:
      return undefined;
  }
}
