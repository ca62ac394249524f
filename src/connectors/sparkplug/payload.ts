/**
 * Sparkplug B payloads: the protobuf messages of the specification, decoded and encoded with
 * protobufjs from the schema below. Only the parts a host application reads are declared;
 * protobuf skips the fields it does not know (DataSet, Template, MetaData values), so a payload
 * carrying them still decodes.
 *
 * @see Eclipse Sparkplug Specification 3.0.0, §6.4 (payload), §6.4.16 (data types)
 */
import protobuf from 'protobufjs';
import { AppError } from '../../core/errors.js';

/**
 * The schema, written from the specification's field numbers (§6.4.1–6.4.10). proto2, so that
 * an absent optional field is told from a zero one.
 */
const SCHEMA = `
syntax = "proto2";
package sparkplug;
message PropertyValue {
  optional uint32 type = 1;
  optional bool is_null = 2;
  oneof value {
    uint32 int_value = 3; uint64 long_value = 4; float float_value = 5; double double_value = 6;
    bool boolean_value = 7; string string_value = 8;
  }
}
message PropertySet {
  repeated string keys = 1;
  repeated PropertyValue values = 2;
}
message Metric {
  optional string name = 1;
  optional uint64 alias = 2;
  optional uint64 timestamp = 3;
  optional uint32 datatype = 4;
  optional bool is_historical = 5;
  optional bool is_transient = 6;
  optional bool is_null = 7;
  optional PropertySet properties = 9;
  oneof value {
    uint32 int_value = 10; uint64 long_value = 11; float float_value = 12; double double_value = 13;
    bool boolean_value = 14; string string_value = 15; bytes bytes_value = 16;
  }
}
message Payload {
  optional uint64 timestamp = 1;
  repeated Metric metrics = 2;
  optional uint64 seq = 3;
  optional string uuid = 4;
  optional bytes body = 5;
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;
const PayloadType = root.lookupType('sparkplug.Payload');

/** Data types of metrics (§6.4.16). */
export const DataType = {
  Int8: 1, Int16: 2, Int32: 3, Int64: 4, UInt8: 5, UInt16: 6, UInt32: 7, UInt64: 8,
  Float: 9, Double: 10, Boolean: 11, String: 12, DateTime: 13, Text: 14,
} as const;

/** The data types stored as sample values: numbers and booleans (1/0). */
const NUMERIC = new Set<number>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

/** True when a metric of this data type has a number for a value. */
export function isNumericType(datatype: number | undefined): boolean {
  return datatype !== undefined && NUMERIC.has(datatype);
}

/** A metric as decoded: a number where the data type is numeric (booleans 1/0), else text or null. */
export interface Metric {
  name?: string;
  alias?: number;
  /** Epoch ms. */
  timestamp?: number;
  datatype?: number;
  isHistorical: boolean;
  isNull: boolean;
  value: number | string | null;
  /** Properties whose value is a number or text (e.g. engUnit, Quality). */
  properties: Record<string, number | string>;
}

/** A decoded payload. */
export interface Payload {
  /** Epoch ms. */
  timestamp?: number;
  seq?: number;
  metrics: Metric[];
}

type Raw = Record<string, unknown>;

/** uint64 as a number (protobufjs gives a Long or a number). */
function num(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && 'toNumber' in (v as object)) return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

/**
 * A signed integer stored in the unsigned int_value (§6.4.16): sign-extended to 32 bits by most
 * edge nodes, or as the type's own two's complement by some; both read back as the same value.
 */
function signed(v: number, bits: number): number {
  if (v >= 2 ** 31) return v - 2 ** 32;
  return v >= 2 ** (bits - 1) && v < 2 ** bits && bits < 32 ? v - 2 ** bits : v;
}

/** The value of a metric as its data type says. */
function metricValue(m: Raw, datatype: number | undefined): number | string | null {
  switch (datatype) {
    case DataType.Int8: return signed(num(m.int_value) ?? 0, 8);
    case DataType.Int16: return signed(num(m.int_value) ?? 0, 16);
    case DataType.Int32: return signed(num(m.int_value) ?? 0, 32);
    case DataType.Int64: {
      const l = m.long_value as { toNumber?: () => number; toSigned?: () => { toNumber(): number } } | number | undefined;
      if (l === undefined) return null;
      return typeof l === 'number' ? l : l.toSigned ? l.toSigned().toNumber() : Number(l);
    }
    case DataType.UInt8: case DataType.UInt16: case DataType.UInt32: return num(m.int_value) ?? null;
    case DataType.UInt64: case DataType.DateTime: return num(m.long_value) ?? null;
    case DataType.Float: return (m.float_value as number | undefined) ?? null;
    case DataType.Double: return (m.double_value as number | undefined) ?? null;
    case DataType.Boolean: return m.boolean_value === undefined ? null : m.boolean_value ? 1 : 0;
    default: return (m.string_value as string | undefined) ?? null;
  }
}

/**
 * True when a field was on the wire: protobufjs keeps defaults on the prototype, so a decoded
 * message holds as its own properties only the fields that were sent.
 */
function has(m: Raw, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, field);
}

/** The value of a oneof `value` that was sent, whichever member it is; undefined when none. */
function oneofValue(m: Raw): unknown {
  const member = ['int_value', 'long_value', 'float_value', 'double_value', 'boolean_value', 'string_value', 'bytes_value'].find((f) => has(m, f));
  return member === undefined ? undefined : member === 'boolean_value' ? (m[member] ? 1 : 0) : member === 'long_value' ? num(m[member]) : m[member];
}

function properties(p: Raw | undefined): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const keys = (p?.keys as string[] | undefined) ?? [];
  const values = (p?.values as Raw[] | undefined) ?? [];
  keys.forEach((k, i) => {
    const v = values[i];
    if (!v || (has(v, 'is_null') && v.is_null)) return;
    const x = oneofValue(v);
    if (typeof x === 'number' || typeof x === 'string') out[k] = x;
  });
  return out;
}

/**
 * Decodes a Sparkplug B payload.
 *
 * @throws AppError `bad_payload` naming what is wrong (not protobuf, or not a Sparkplug payload).
 */
export function decodePayload(bytes: Uint8Array): Payload {
  let raw: Raw;
  try {
    raw = PayloadType.decode(bytes) as unknown as Raw;
  } catch (e) {
    throw new AppError('bad_payload', `not a Sparkplug B payload: ${(e as Error).message}`, 'check that the edge node publishes Sparkplug B (protobuf) payloads on spBv1.0 topics');
  }
  const metrics = ((raw.metrics as Raw[] | undefined) ?? []).map((m): Metric => {
    const datatype = has(m, 'datatype') ? (m.datatype as number) : undefined;
    const isNull = has(m, 'is_null') && Boolean(m.is_null);
    return {
      ...(has(m, 'name') ? { name: m.name as string } : {}),
      ...(has(m, 'alias') ? { alias: num(m.alias)! } : {}),
      ...(has(m, 'timestamp') ? { timestamp: num(m.timestamp)! } : {}),
      ...(datatype !== undefined ? { datatype } : {}),
      isHistorical: has(m, 'is_historical') && Boolean(m.is_historical), isNull,
      value: isNull || oneofValue(m) === undefined ? null : metricValue(m, datatype), properties: properties(has(m, 'properties') ? (m.properties as Raw) : undefined),
    };
  });
  const seq = has(raw, 'seq') ? num(raw.seq) : undefined;
  const timestamp = has(raw, 'timestamp') ? num(raw.timestamp) : undefined;
  return { metrics, ...(seq !== undefined ? { seq } : {}), ...(timestamp !== undefined ? { timestamp } : {}) };
}

/** A metric to encode: a number or boolean value, with its data type. */
export interface MetricInput {
  name?: string;
  alias?: number;
  timestamp?: number;
  datatype: number;
  value: number | boolean | string | null;
  isHistorical?: boolean;
  properties?: Record<string, string | number>;
}

/** The oneof field a value of this data type goes into. */
function valueField(datatype: number, value: number | boolean | string): Raw {
  switch (datatype) {
    case DataType.Int8: case DataType.Int16: case DataType.Int32:
      return { int_value: (value as number) < 0 ? (value as number) + 2 ** 32 : value };
    case DataType.UInt8: case DataType.UInt16: case DataType.UInt32: return { int_value: value };
    case DataType.Int64: case DataType.UInt64: case DataType.DateTime: // Two's complement in the unsigned field (§6.4.16), given as decimal text so no bit is lost.
      return { long_value: BigInt.asUintN(64, BigInt(Math.trunc(value as number))).toString() };
    case DataType.Float: return { float_value: value };
    case DataType.Double: return { double_value: value };
    case DataType.Boolean: return { boolean_value: Boolean(value) };
    default: return { string_value: String(value) };
  }
}

/**
 * Encodes a Sparkplug B payload (an edge node's messages in tests, and the host's rebirth
 * command).
 *
 * @example
 * encodePayload({ timestamp: Date.now(), seq: 0, metrics: [{ name: 'Temperature', alias: 1, datatype: DataType.Double, value: 61.2 }] });
 */
export function encodePayload(p: { timestamp?: number; seq?: number; metrics: MetricInput[] }): Uint8Array {
  const metrics = p.metrics.map((m) => ({
    ...(m.name !== undefined ? { name: m.name } : {}),
    ...(m.alias !== undefined ? { alias: m.alias } : {}),
    ...(m.timestamp !== undefined ? { timestamp: m.timestamp } : {}),
    datatype: m.datatype,
    ...(m.isHistorical ? { is_historical: true } : {}),
    ...(m.value === null ? { is_null: true } : valueField(m.datatype, m.value)),
    ...(m.properties ? {
      properties: {
        keys: Object.keys(m.properties),
        values: Object.values(m.properties).map((v) => (typeof v === 'number' ? { type: DataType.Double, double_value: v } : { type: DataType.String, string_value: v })),
      },
    } : {}),
  }));
  const message = PayloadType.fromObject({ ...(p.timestamp !== undefined ? { timestamp: p.timestamp } : {}), ...(p.seq !== undefined ? { seq: p.seq } : {}), metrics });
  return PayloadType.encode(message).finish();
}
