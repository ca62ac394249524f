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

/** Serialises with {@link jsonReplacer}. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, jsonReplacer, indent);
}
