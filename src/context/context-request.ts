/**
 * The requests of context: trends, analysis sets, features and genealogy. One schema each, for
 * the CLI, the HTTP API and the web (safe in the browser). Verbs: `context-verbs.ts`.
 */
import { z } from 'zod';
import { field } from '../core/errors.js';
import { flag, int, isoTime, list, oneOf, text, type Issue } from '../core/fields.js';
import { CARRY_RULES } from './analysis-set-types.js';

/** Values of tags for a chart of a given width. */
export const trendFields = z.object({
  tags: list(50).meta({ title: 'Tags', description: 'one or more tags', examples: ['TT101'] }),
  from: isoTime().optional().meta({ title: 'From', description: 'start (default: the lot start with lot)', examples: ['2024-01-01T00:00:00Z'] }),
  to: isoTime().optional().meta({ title: 'To', description: 'end, exclusive (default: the lot end with lot)', examples: ['2024-01-02T00:00:00Z'] }),
  width: int(1, 100000).default(1600).meta({ title: 'Width (px)', description: 'pixel columns of the chart', examples: ['1600'] }),
  lot: text().optional().meta({ title: 'Lot', description: "limit to this lot's time span" }),
  exact: flag().default(false).meta({ title: 'Exact', description: 'M4 over the samples, never the trend levels (slower; exact to the pixel)' }),
});

/** Checks of a trend: a range, or a lot. */
export function trendRules(v: z.output<typeof trendFields>, issue: Issue): void {
  if (v.lot === undefined && (v.from === undefined || v.to === undefined)) issue(v.from === undefined ? 'from' : 'to', `a trend needs ${field('from')} and ${field('to')}, or ${field('lot')}`);
}

/** An analysis set: one row per lot, columns from the lot and its genealogy. */
export const datasetFields = z.object({
  material: text().optional().meta({ title: 'Material', description: 'material whose lots are the rows' }),
  product: text().optional().meta({ title: 'Product', description: 'product: rows are lots of its final material' }),
  step: text().optional().meta({ title: 'Step', description: 'step: rows are lots of the material it makes' }),
  site: text().optional().meta({ title: 'Site', description: 'only lots made at this site (default: all)' }),
  from: isoTime().optional().meta({ title: 'From', description: 'only lots started at or after (default: no limit)' }),
  to: isoTime().optional().meta({ title: 'To', description: 'only lots started before (default: no limit)' }),
  lots: list(20000).optional().meta({ title: 'Lots', description: 'only these lots, comma-separated (default: all)' }),
  rule: oneOf(CARRY_RULES).default('weighted_mean').meta({ title: 'Upstream values', description: 'how upstream values are carried down' }),
  depth: int(1, 1000).optional().meta({ title: 'Depth', description: 'genealogy edges to follow upstream (default: all)', examples: ['2'] }),
});

/** Checks of an analysis set: exactly one of material, product, step. */
export function datasetRules(v: z.output<typeof datasetFields>, issue: Issue): void {
  const given = (['material', 'product', 'step'] as const).filter((k) => v[k] !== undefined);
  if (given.length !== 1) issue(given[1] ?? 'material', `give exactly one of ${field('material')}, ${field('product')} or ${field('step')}`);
}

/** Which features to list (or refresh). */
export const featuresFields = z.object({
  material: list(100).optional().meta({ title: 'Materials', description: 'only lots of these materials, comma-separated (default: all)' }),
  lot: list(20000).optional().meta({ title: 'Lots', description: 'only these lots, comma-separated (default: all)' }),
  name: text().optional().meta({ title: 'Name', description: "feature names matching a pattern, '*' as wildcard, e.g. 'drying.*.max' (default: all)" }),
  limit: int(1, 100000).default(10000).meta({ title: 'Limit', description: 'at most this many rows' }),
});

/** Which features to recompute. */
export const refreshFields = z.object({
  material: list(100).optional().meta({ title: 'Materials', description: 'only lots of these materials, comma-separated (default: all)' }),
  lot: list(20000).optional().meta({ title: 'Lots', description: 'only these lots, comma-separated (default: all)' }),
});

/** The genealogy of a lot: its closure up- or downstream, with contributions. */
export const genealogyFields = z.object({
  lot: text().meta({ title: 'Lot', description: 'the lot to start from', examples: ['L042'] }),
  direction: oneOf(['up', 'down'] as const).default('up').meta({ title: 'Direction', description: 'up: the lots it was made from; down: the lots made from it' }),
  depth: int(1, 1000).optional().meta({ title: 'Depth', description: 'edges to follow (default: all)', examples: ['2'] }),
});
