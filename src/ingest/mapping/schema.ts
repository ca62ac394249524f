import { z } from 'zod';

/**
 * The mapping format: a declarative description of how a wide export (a LIMS table, a historian
 * time-series export) becomes lots, genealogy, parameters, tags, samples and phase events.
 * This zod schema is the one definition of the format; `docs/mapping.md` documents every key.
 *
 * Text fields that name things (lot ids, sites, materials, suppliers, equipment, tags) are
 * **templates**: `{column}` is replaced by that column's value of the row (trimmed; an empty
 * field makes the whole value missing), anything else is literal text, `{{`/`}}` are literal
 * braces. `'LJ'` is a constant, `'{batch}'` a column, `'API-{api_code}-{api_batch}'` a mix.
 *
 * @example
 * const m = MappingSchema.parse(yaml.parse(text));
 */

const text = z.string().trim().min(1, { error: 'must not be empty' });

/** A template: literal text with `{column}` references (see the module doc). */
export const TemplateSchema = text;

/** One declared site (when the export does not carry it). */
export const SiteSchema = z.strictObject({ site: text, name: text.optional(), timezone: text });

/** One declared material. */
export const MaterialSchema = z.strictObject({
  material: text,
  type: z.enum(['raw', 'intermediate', 'product']),
  name: text.optional(),
});

/** One declared step of a product's process. */
export const StepSchema = z.strictObject({
  step: text,
  product: text,
  sequence: z.number().int(),
  material: text,
  name: text.optional(),
});

/** One declared piece of equipment. */
export const EquipmentSchema = z.strictObject({
  equipment: text,
  site: text,
  parent: text.optional(),
  class: text.optional(),
  name: text.optional(),
});

/**
 * A local time read from a column: `format` is a strptime format (`%d.%m.%Y %H:%M`,
 * `%Y-%m-%d %H:%M:%S`, `%b.%y`); `months` gives the 12 month abbreviations `%b` stands for
 * when they are not English (e.g. Slovenian `jan … maj … avg … okt …`); `timezone` defaults to
 * the time zone of the row's site (or of the series' equipment's site).
 */
export const TimeSchema = z.strictObject({
  column: text,
  format: text,
  months: z.array(text).length(12, { error: 'must list exactly 12 month abbreviations, January first' }).optional(),
  timezone: text.optional(),
});

/** A parameter measured in one column (wide → long): one value per row. */
export const ParameterSchema = z.strictObject({
  column: text,
  /** The parameter's name in the store; default: the column name. */
  parameter: text.optional(),
  unit: text.optional(),
  role: text.optional(),
  description: text.optional(),
  lsl: z.number().optional(),
  usl: z.number().optional(),
  target: z.number().optional(),
  /** Date the specification is valid from (ISO 8601). */
  valid_from: text.optional(),
});

/** A column list entry: a bare column name or a full parameter object. */
const ParameterEntry = z.union([text, ParameterSchema]);

/** The main lot of each row of a table input. */
export const LotSchema = z.strictObject({
  lot: TemplateSchema,
  material: TemplateSchema,
  site: TemplateSchema,
  start: TimeSchema.optional(),
  end: TimeSchema.optional(),
  /** Column holding the lot quantity (a number). */
  quantity: text.optional(),
  unit: TemplateSchema.optional(),
  supplier: TemplateSchema.optional(),
  status: TemplateSchema.optional(),
  /** Lot attributes: `{ name: column }`, or a list of columns (the attribute takes the column's name). */
  attributes: z.union([z.array(text), z.record(z.string(), text)]).optional(),
});

/**
 * Upstream (e.g. raw-material) lots named on each row, linked into the row's main lot by
 * genealogy, with the parameters measured on them. The same upstream lot appears on many rows;
 * its values are taken once. `conflicts` says what differing values for one upstream lot mean:
 * `error` (default) refuses them, naming both lines; `split` keeps each distinct set of values
 * as its own lot (`<lot>`, `<lot>#2`, `<lot>#3`… in order of first appearance).
 */
export const UpstreamSchema = z.strictObject({
  material: TemplateSchema,
  lot: TemplateSchema,
  supplier: TemplateSchema.optional(),
  /** Column with the quantity of this lot consumed by the main lot. */
  quantity: text.optional(),
  conflicts: z.enum(['error', 'split']).default('error'),
  parameters: z.array(ParameterEntry).default([]),
});

/** The file layout: CSV (delimiter, decimal separator, UTF-8, header row) or an XLSX sheet. */
export const FormatSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('csv'),
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    decimal: z.enum(['.', ',']).default('.'),
    encoding: z.enum(['utf-8']).default('utf-8'),
  }),
  z.strictObject({
    type: z.literal('xlsx'),
    /** Sheet name; default: the first sheet. */
    sheet: text.optional(),
    decimal: z.enum(['.', ',']).default('.'),
  }),
]);

/** A table input: one row per main lot (a LIMS export). */
export const TableInputSchema = z.strictObject({
  kind: z.literal('table'),
  /** File path(s) relative to the mapping file; several files must share the layout. */
  file: z.union([text, z.array(text).min(1)]),
  format: FormatSchema.optional(),
  lots: LotSchema,
  upstream: z.array(UpstreamSchema).default([]),
  parameters: z.array(ParameterEntry).default([]),
});

/** A tag column of a wide time-series export. */
export const TagColumnSchema = z.strictObject({
  column: text,
  unit: text.optional(),
  description: text.optional(),
  lsl: z.number().optional(),
  usl: z.number().optional(),
});

/** A wide time-series input: one time column, one column per tag. */
export const SeriesInputSchema = z.strictObject({
  kind: z.literal('series'),
  file: z.union([text, z.array(text).min(1)]),
  format: FormatSchema.optional(),
  time: TimeSchema,
  /** Equipment the tags belong to (template; usually a constant). */
  equipment: TemplateSchema,
  /** Tag name template; `{column}` is the tag column's name, `{equipment}` the equipment. */
  tag: TemplateSchema.default('{equipment}.{column}'),
  columns: z.array(z.union([text, TagColumnSchema])).min(1, { error: 'list at least one tag column' }),
  /**
   * Phase events derived from the series: one per lot (template over the row, e.g.
   * `'{batch}'`) spanning its first to last time stamp, on the series' equipment.
   */
  phases: z.strictObject({ lot: TemplateSchema, name: text }).optional(),
});

/** One input of a mapping. */
export const InputSchema = z.discriminatedUnion('kind', [TableInputSchema, SeriesInputSchema]);

/** A whole mapping file. */
export const MappingSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only mapping version so far)' }),
  description: z.string().optional(),
  sites: z.array(SiteSchema).default([]),
  materials: z.array(MaterialSchema).default([]),
  steps: z.array(StepSchema).default([]),
  equipment: z.array(EquipmentSchema).default([]),
  inputs: z.array(InputSchema).min(1, { error: 'list at least one input' }),
});

/** A validated mapping. */
export type Mapping = z.infer<typeof MappingSchema>;
/** One validated input of a mapping. */
export type MappingInput = z.infer<typeof InputSchema>;
/** A table input. */
export type TableInput = z.infer<typeof TableInputSchema>;
/** A time-series input. */
export type SeriesInput = z.infer<typeof SeriesInputSchema>;
/** An upstream-lot declaration. */
export type Upstream = z.infer<typeof UpstreamSchema>;
/** A parameter declaration (bare column names are normalised to this by {@link parameterOf}). */
export type ParameterSpec = z.infer<typeof ParameterSchema>;
/** A tag column declaration. */
export type TagColumn = z.infer<typeof TagColumnSchema>;
/** A time column declaration. */
export type TimeSpec = z.infer<typeof TimeSchema>;
/** A file layout. */
export type Format = z.infer<typeof FormatSchema>;

/** Normalises a parameter entry: a bare column name becomes `{ column }`. */
export function parameterOf(entry: string | ParameterSpec): ParameterSpec {
  return typeof entry === 'string' ? { column: entry } : entry;
}

/** Normalises a tag column entry: a bare column name becomes `{ column }`. */
export function tagColumnOf(entry: string | TagColumn): TagColumn {
  return typeof entry === 'string' ? { column: entry } : entry;
}

/** Type guard: a table input. */
export function isTableInput(i: MappingInput): i is TableInput {
  return i.kind === 'table';
}

/** Type guard: a series input. */
export function isSeriesInput(i: MappingInput): i is SeriesInput {
  return i.kind === 'series';
}

/**
 * The mapping format as JSON Schema (draft 2020-12), for editors that validate YAML/JSON as you
 * type. `docs/mapping.schema.json` holds this output; a test keeps the two equal.
 *
 * @example
 * writeFileSync('mapping.schema.json', JSON.stringify(mappingJsonSchema(), null, 2));
 */
export function mappingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(MappingSchema, { io: 'input' }) as Record<string, unknown>;
}
