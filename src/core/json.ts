/**
 * JSON for machines (CLI --json, HTTP bodies): bigint → number (string when unsafe), typed
 * arrays → arrays, non-finite numbers → null (JSON has no NaN), Dates → ISO 8601.
 */
export function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array) return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
  return v;
}

/**
 * Serialises as {@link jsonReplacer} would, text for text, faster: the value is first copied with
 * typed arrays as plain arrays and bigints converted, then stringified without a replacer, whose
 * call for every number of a typed array cost as much as the rest (a trend answer of 12 000
 * numbers: 1.5 ms against 2.5 ms). JSON itself writes non-finite numbers as null.
 *
 * @example
 * toJson({ t: Float64Array.of(1, NaN), n: 3n }) // '{"t":[1,null],"n":3}'
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(plain('', value), undefined, indent);
}

/** `v` (under `key`) with what {@link jsonReplacer} converts already converted, as JSON.stringify walks it. */
function plain(key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return jsonReplacer(key, v);
  if (v === null || typeof v !== 'object') return v;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return plain(key, (v as { toJSON: (k: string) => unknown }).toJSON(key));
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array) return Array.from(v);
  if (Array.isArray(v)) return Array.from(v, (x, i) => plain(String(i), x));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = plain(k, (v as Record<string, unknown>)[k]);
  return out;
}

/**
 * The type of a value after a JSON round trip ({@link toJson} then `JSON.parse`): dates become
 * ISO strings, typed arrays plain arrays (a non-finite number becomes null), bigints numbers.
 * The CLI formats every result from this form, so a result computed here and one received from
 * a server print the same.
 */
export type Json<T> = T extends Date
  ? string
  : T extends Float64Array | Float32Array | Int32Array
    ? (number | null)[]
    : T extends bigint
      ? number
      : T extends string | number | boolean | null | undefined
        ? T
        : T extends readonly (infer U)[]
          ? Json<U>[]
          : T extends object
            ? { [K in keyof T]: Json<T[K]> }
            : T;

/** A value as JSON carries it: {@link toJson}, then parsed again. */
export function jsonRoundTrip<T>(value: T): Json<T> {
  const text = toJson(value);
  return (text === undefined ? undefined : JSON.parse(text)) as Json<T>;
}
