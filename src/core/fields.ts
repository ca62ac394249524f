import { z } from 'zod';

/**
 * The building blocks of request schemas (one per verb, in its domain folder). Each accepts a
 * value as every edge gives it — text from a command-line flag or a query string, a JSON number
 * or boolean from a body — so one schema validates all of them. Metadata on a field is what the
 * edges show: `title` is the label of the web form, `description` the help text (with the
 * default in words where it is not a value), `examples` the value hints show.
 *
 * Messages are short predicates ("is not a number"): the edge puts the field and the value
 * in front of them ("--lambda 'x' is not a number", "'lambda' 'x' is not a number").
 */

/** Adds a cross-field problem to a request's problems, on the field `name` (a verb's rules). */
export type Issue = (name: string, message: string) => void;

const fromText = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : v;
};

/** A name of a thing in the store (lot, tag, material, parameter…), or any short text. */
export function text(max = 200) {
  return z.string({ error: 'is not text' }).trim().min(1, 'must not be empty').max(max, `is longer than ${max} characters`);
}

/** An ISO 8601 date or date-time, with an optional offset: 2024-03-01, 2024-03-01T08:00, 2024-03-01T08:00:00+01:00. */
export function isoTime() {
  return z
    .string({ error: 'is not a date or time' })
    .trim()
    .max(40, 'is not a date or time')
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/, 'is not an ISO 8601 date or time, e.g. 2024-03-01 or 2024-03-01T08:00:00Z')
    .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s.replace(' ', 'T'))), 'is not a real date')
    .meta({ format: 'date-time' });
}

/** Bounds of a number field. */
export interface NumBounds {
  int?: boolean;
  min?: number;
  max?: number;
  /** Strictly greater than. */
  gt?: number;
  /** Strictly less than. */
  lt?: number;
}

/** A finite number (from text or JSON), with optional bounds; an empty text is not 0. */
export function num(b: NumBounds = {}) {
  let s = z.number({ error: b.int ? 'is not a whole number' : 'is not a number' });
  if (b.int) s = s.int('is not a whole number');
  if (b.min !== undefined) s = s.min(b.min, `must be at least ${b.min}`);
  if (b.max !== undefined) s = s.max(b.max, `must be at most ${b.max}`);
  if (b.gt !== undefined) s = s.gt(b.gt, `must be greater than ${b.gt}`);
  if (b.lt !== undefined) s = s.lt(b.lt, `must be less than ${b.lt}`);
  return z.preprocess(fromText, s).meta({ type: b.int ? 'integer' : 'number' });
}

/** A whole number, with optional bounds. */
export function int(min?: number, max?: number) {
  return num({ int: true, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
}

/** true or false (a bare CLI flag, a JSON boolean, 'true'/'false' in a query). */
export function flag() {
  return z
    .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: 'must be true or false' }))
    .meta({ type: 'boolean' });
}

/** A list: comma-separated text (CLI, query) or a JSON array; items trimmed, empty ones dropped. */
export function list(maxItems = 5000, maxLength = 200) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '') : v),
      z.array(z.string({ error: 'must be a list of names' }).max(maxLength, `has an item longer than ${maxLength} characters`), { error: 'must be a list, e.g. a,b' })
        .min(1, 'must name at least one')
        .max(maxItems, `names more than ${maxItems}`),
    )
    .meta({ type: 'array', items: { type: 'string' } });
}

/** One of a fixed set of words. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** A number or a name (e.g. an attribute chart's size: a constant, or the parameter holding it). */
export function numberOrName() {
  return z
    .preprocess(fromText, z.union([z.number().positive('must be positive'), text()], { error: 'must be a number or a name' }))
    .meta({ anyOf: [{ type: 'number' }, { type: 'string' }] });
}

/** What an edge needs to know of one field. */
export interface FieldInfo {
  name: string;
  /** string | number | integer | boolean | array | enum | number-or-name */
  type: string;
  /** Label of the web form. */
  title: string;
  description: string;
  required: boolean;
  /** The default value, when the schema has one. */
  default?: unknown;
  /** The allowed words of an enum. */
  values?: readonly string[];
  /** A value to show in hints and help. */
  example?: string;
  /** 'date-time' for times. */
  format?: string;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; defaultValue?: unknown; entries?: Record<string, string> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The field `name` of a fields object, read through its wrappers (optional, default, preprocess). */
export function fieldInfo(fields: z.ZodObject, name: string): FieldInfo | undefined {
  const schema = fields.shape[name] as z.ZodType | undefined;
  if (!schema) return undefined;
  const meta: Record<string, unknown> = {};
  let required = true;
  let dflt: unknown;
  let hasDefault = false;
  let s: z.ZodType | undefined = schema;
  let type = 'string';
  let values: readonly string[] | undefined;
  while (s) {
    const m = z.globalRegistry.get(s) as Record<string, unknown> | undefined;
    if (m) for (const [k, v] of Object.entries(m)) if (!(k in meta)) meta[k] = v;
    const d = defOf(s);
    if (d.type === 'optional') required = false;
    if (d.type === 'default') {
      required = false;
      hasDefault = true;
      dflt = d.defaultValue;
    }
    if (d.type === 'enum') {
      type = 'enum';
      values = Object.values(d.entries ?? {});
    } else if (['string', 'number', 'boolean', 'array'].includes(d.type)) type = d.type;
    s = d.innerType ?? d.out;
  }
  if (typeof meta.type === 'string') type = meta.type;
  if (meta.anyOf) type = 'number-or-name';
  const examples = meta.examples as unknown[] | undefined;
  return {
    name, type, required,
    title: typeof meta.title === 'string' ? meta.title : name,
    description: typeof meta.description === 'string' ? meta.description : '',
    ...(hasDefault ? { default: dflt } : {}),
    ...(values ? { values } : {}),
    ...(examples?.length ? { example: String(examples[0]) } : {}),
    ...(typeof meta.format === 'string' ? { format: meta.format } : {}),
  };
}

/** The labels of fields, for spelling them on the web. */
export function labelsOf(...objects: z.ZodObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of objects) for (const n of Object.keys(o.shape)) out[n] ??= fieldInfo(o, n)!.title;
  return out;
}
