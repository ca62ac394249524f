/**
 * The requests of golden batch: build an envelope from good lots, a lot against it, the stored
 * envelope. One schema each, for the CLI, the HTTP API and the web (safe in the browser).
 */
import { z } from 'zod';
import { field } from '../../core/errors.js';
import { flag, int, list, num, text, type Issue } from '../../core/fields.js';

/** Building an envelope of a signal through a phase from good lots. */
export const goldenBuildFields = z.object({
  name: text(100).optional().meta({ title: 'Model', description: 'model name (default: material.signal.phase)' }),
  signal: text().meta({ title: 'Signal', description: 'signal (tags.signal) or tag name', examples: ['product_temp'] }),
  phase: text().meta({ title: 'Phase', description: 'phase name', examples: ['drying'] }),
  material: text().meta({ title: 'Material', description: 'material of the lots' }),
  lots: list(20000).optional().meta({ title: 'Good lots', description: 'good lots, comma-separated', examples: ['L1,L2,L3'] }),
  status: text().optional().meta({ title: 'Status of good lots', description: 'or every lot of the material with this status, e.g. released', examples: ['released'] }),
  k: num({ gt: 0 }).optional().meta({ title: 'k (sd)', description: 'envelope mean ± k·sd (default: 3)', examples: ['3'] }),
  percentiles: text(40).optional().meta({ title: 'Percentiles', description: 'envelope between two percentiles instead, e.g. 0.05,0.95', examples: ['0.05,0.95'] }),
  step: num({ gt: 0 }).optional().meta({ title: 'Grid step (s)', description: 'grid step in seconds (default: the median sampling interval)' }),
  dtw: flag().default(false).meta({ title: 'DTW', description: 'align lots by dynamic time warping to a reference lot' }),
  reference: text().optional().meta({ title: 'DTW reference lot', description: 'DTW reference lot (default: the good lot of median duration)' }),
  band: int(1).optional().meta({ title: 'DTW band', description: 'DTW Sakoe–Chiba band in grid points (default: 10 % of the reference length)' }),
  minLots: int(1).default(2).meta({ title: 'Fewest lots', description: 'fewest lots for a grid point to have an envelope' }),
});

/** The parsed percentiles 'low,high', or undefined when they are not two probabilities in order. */
export function percentilesOf(text: string): { low: number; high: number } | undefined {
  const [low, high, more] = text.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  return more === undefined && low !== undefined && high !== undefined && low >= 0 && low < high && high <= 1 ? { low, high } : undefined;
}

/** Checks of a build: good lots named; one envelope method; DTW settings with DTW. */
export function goldenBuildRules(v: z.output<typeof goldenBuildFields>, issue: Issue): void {
  if (v.lots === undefined && v.status === undefined) issue('lots', `no good lots: give ${field('lots', 'L1,L2,…')} or ${field('status', 'released')}; the envelope is built from lots you trust`);
  if (v.lots !== undefined && v.status !== undefined) issue('status', `give ${field('lots')} or ${field('status')}, not both`);
  if (v.percentiles !== undefined && !percentilesOf(v.percentiles)) issue('percentiles', `${field('percentiles')} '${v.percentiles}' is not two probabilities low,high with low < high, e.g. 0.05,0.95`);
  if (v.percentiles !== undefined && v.k !== undefined) issue('k', `give ${field('k')} (mean ± k·sd) or ${field('percentiles')}, not both`);
  if (!v.dtw && (v.reference !== undefined || v.band !== undefined)) issue(v.reference !== undefined ? 'reference' : 'band', `${field('reference')} and ${field('band')} go with ${field('dtw')}`);
}

/** Which stored envelope. */
export const goldenModelFields = z.object({
  name: text(100).meta({ title: 'Model', description: 'golden model name' }),
  modelVersion: int(1).optional().meta({ title: 'Model version', description: 'model version (default: the latest; --version is the program version)' }),
});

/** A lot against a stored envelope. */
export const goldenCheckFields = goldenModelFields.extend({
  lot: text().meta({ title: 'Lot', description: 'the lot to check', examples: ['L042'] }),
});
