/**
 * The requests of comparisons and descriptive statistics of a parameter over lots: one schema
 * each, for the CLI, the HTTP API and the web form (safe in the browser). Verbs: `compare-verbs.ts`.
 */
import { z } from 'zod';
import { field } from '../core/errors.js';
import { num, text, type Issue } from '../core/fields.js';
import { lotFilterFields } from '../context/lot-filter.js';

/** Comparing a parameter across the levels of a factor (tech transfer: site to site). */
export const compareFields = z.object({
  ...lotFilterFields,
  material: text().optional().meta({ title: 'Material', description: 'material whose lots are compared (default: the one that has the parameter)' }),
  by: text().default('site').meta({ title: 'By', description: 'site, equipment, supplier, campaign, status, <step>.equipment or a lot attribute', examples: ['site'] }),
  margin: num({ gt: 0 }).optional().meta({ title: 'Equivalence margin', description: 'equivalence margin for TOST, in the unit of the parameter (default: no equivalence test)', examples: ['2'] }),
  reference: text().optional().meta({ title: 'Reference group', description: 'reference group for equivalence (default: the first group)' }),
  alpha: num({ gt: 0, max: 0.5 }).default(0.05).meta({ title: 'Significance level', description: 'significance level', examples: ['0.05'] }),
  lsl: num().optional().meta({ title: 'LSL', description: 'lower specification limit (default: the stored specification)' }),
  usl: num().optional().meta({ title: 'USL', description: 'upper specification limit (default: the stored specification)' }),
  target: num().optional().meta({ title: 'Target', description: 'target, with lsl or usl (default: midpoint of the limits)' }),
});

/** Checks of a comparison: limits in order; a target goes with given limits. */
export function compareRules(v: z.output<typeof compareFields>, issue: Issue): void {
  if (v.lsl !== undefined && v.usl !== undefined && !(v.lsl < v.usl)) issue('usl', `${field('lsl')} ${v.lsl} must be below ${field('usl')} ${v.usl}`);
  if (v.target !== undefined && v.lsl === undefined && v.usl === undefined) issue('target', `${field('target')} goes with given limits: add ${field('lsl')} and/or ${field('usl')}, or leave it out to use the stored specification`);
}

/** Descriptive statistics of a parameter over lots. */
export const statsFields = z.object({
  ...lotFilterFields,
  confidence: num({ gt: 0, lt: 1 }).default(0.95).meta({ title: 'Confidence', description: 'confidence level of the interval of the mean', examples: ['0.95'] }),
});
