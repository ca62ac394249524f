import { createHash } from 'node:crypto';

/**
 * The canonical JSON of a value: object keys sorted at every depth, no white space, numbers as
 * JSON writes them, non-finite numbers as null. Two equal models give the same bytes on every
 * machine, so the SHA-256 of these bytes identifies a report's content (what a signature binds).
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${walk(o[k])}`).join(',')}}`;
    }
    return JSON.stringify(String(v));
  };
  return walk(value);
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
