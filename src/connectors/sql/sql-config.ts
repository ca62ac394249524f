/**
 * The configuration of a SQL source (docs/connectors.md, "SQL sources"): a connection, and per
 * table or query of the source database what its rows become — lots, results (discrete or
 * replicate), events, genealogy — with templates as in docs/mapping.md: `'{column}'` is a
 * column's value, other text is kept as it is.
 */
import { z } from 'zod';

const text = z.string().trim().min(1, { error: 'must not be empty' });
/** A template: `'{column}'`, a constant, or both (`'LIMS-{id}'`). */
const template = text;

/** Where the database is. `password` is a secret (sealed, or env:NAME / file:PATH). */
export const SqlConnectionSchema = z.strictObject({
  driver: z.enum(['postgres', 'mariadb', 'mysql']),
  host: text.default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535).optional(),
  user: text,
  password: z.string().optional(),
  database: text,
  /** Use TLS. Default false. */
  ssl: z.boolean().default(false),
});

/** How a table is read incrementally: by a time or sequence column, re-reading an overlap. */
export const WatermarkSchema = z.strictObject({
  /** A column that grows with every insert and update (updated_at, a change sequence). */
  column: text,
  /**
   * How far back each pass re-reads, to catch rows committed late: a duration for a time column
   * ('10m', '1h', '30s'), a number for a sequence. Default none.
   */
  overlap: z.union([z.string().regex(/^\d+(s|m|h|d)$/, { error: "must be a duration like '10m'" }), z.number().min(0)]).optional(),
});

/** What each row becomes: the fields of the folder format's files, as templates. */
export const TargetsSchema = z.strictObject({
  lots: z.strictObject({
    lot: template, material: template, site: template, step: template.optional(), equipment: template.optional(),
    start: template.optional(), end: template.optional(), quantity: template.optional(), unit: template.optional(),
    supplier: template.optional(), status: template.optional(),
    /** Lot attributes: name → template. */
    attributes: z.record(z.string(), template).optional(),
  }).optional(),
  discrete: z.strictObject({ lot: template, parameter: template, value: template, time: template.optional() }).optional(),
  replicates: z.strictObject({ lot: template, parameter: template, replicate: template, value: template, time: template.optional() }).optional(),
  events: z.strictObject({
    type: template, name: template, event: template.optional(), lot: template.optional(), equipment: template.optional(),
    start: template, end: template.optional(), severity: template.optional(), text: template.optional(),
  }).optional(),
  genealogy: z.strictObject({ parent_lot: template, child_lot: template, quantity: template.optional() }).optional(),
});

/** One table or query of the source. */
export const SqlTableSchema = z.strictObject({
  /** A name for messages, dead letters and the watermark, e.g. 'results'. */
  name: text.regex(/^[A-Za-z0-9_.-]+$/, { error: 'must be letters, digits, _ . or -' }),
  /** A table (or view) to read whole… */
  table: text.optional(),
  /** …or a SELECT (its columns are what the templates name). */
  query: text.optional(),
  /** The column identifying a row in the source: kept with what it stores, named in dead letters. */
  id: text,
  watermark: WatermarkSchema.optional(),
  /** A column holding why a row was changed (a correction's reason). */
  reason: text.optional(),
  /** Rows read per batch (one transaction each). Default 5000. */
  batchSize: z.number().int().min(1).max(100_000).default(5_000),
  ...TargetsSchema.shape,
}).refine((t) => (t.table === undefined) !== (t.query === undefined), { error: 'give either table or query' })
  .refine((t) => ['lots', 'discrete', 'replicates', 'events', 'genealogy'].some((k) => t[k as keyof typeof t] !== undefined), { error: 'say what its rows become: lots, discrete, replicates, events or genealogy' });

/** A SQL source's configuration. */
export const SqlConfigSchema = z.strictObject({
  connection: SqlConnectionSchema,
  /** Tables in the order they are read (lots before the results that name them). */
  tables: z.array(SqlTableSchema).min(1, { error: 'list at least one table' }),
  /**
   * What a row whose stored values differ from the source's is: 'correct' (default) stores the
   * source's values as corrections, the old ones kept as prior versions, with the row's reason
   * (or "corrected in source <name>"); 'refuse' keeps such rows as dead letters.
   */
  changes: z.enum(['correct', 'refuse']).default('correct'),
});

export type SqlConfig = z.infer<typeof SqlConfigSchema>;
export type SqlTable = z.infer<typeof SqlTableSchema>;
export type Targets = z.infer<typeof TargetsSchema>;

/** A template's value for a row: `'{col}'` alone passes the column's value as it is (a number, an instant); else text. */
export function renderTemplate(template: string, row: Record<string, unknown>): string | number | Date | null {
  const whole = /^\{([^{}]+)\}$/.exec(template);
  if (whole) {
    const v = row[whole[1]!];
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' || v instanceof Date) return v;
    if (typeof v === 'bigint') return Number(v);
    return String(v);
  }
  let missing = false;
  const out = template.replace(/\{\{|\}\}|\{([^{}]+)\}/g, (m, col: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const v = row[col!];
    if (v === null || v === undefined || String(v).trim() === '') missing = true;
    return v instanceof Date ? v.toISOString() : String(v ?? '').trim();
  });
  return missing ? null : out;
}

/** The columns a template names. */
export function templateColumns(template: string): string[] {
  return [...template.replace(/\{\{|\}\}/g, '').matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

/** Milliseconds of an overlap duration ('10m'). */
export function durationMs(d: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(d)!;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
