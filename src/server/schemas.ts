import { z } from 'zod';

/** Shared input shapes of the API (each also documents itself in the OpenAPI document). */

/** A name of a thing in the store (lot, tag, material, parameter…). */
export const name = z.string().min(1).max(200);

/** An ISO 8601 date or date-time, with an optional offset: 2024-03-01, 2024-03-01T08:00, 2024-03-01T08:00:00+01:00. */
export const isoTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/, 'must be an ISO 8601 date or time, e.g. 2024-03-01 or 2024-03-01T08:00:00Z')
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s.replace(' ', 'T'))), 'is not a real date')
  .describe('ISO 8601 date or time');

/** A comma-separated list in a query string. */
export const list = z.string().max(4000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/**
 * A parsed query without its absent fields, for library options that are optional rather than
 * undefined (`exactOptionalPropertyTypes`).
 * @example definedOnly({ material: 'API', site: undefined }) // { material: 'API' }
 */
export function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The reason every write gives for the audit trail (the route layer checks it is there). */
export const reason = z.string().min(3).describe('why, for the audit trail');

/** A finite number from a query string. */
export const finite = z.coerce.number().refine(Number.isFinite, 'must be a finite number');
