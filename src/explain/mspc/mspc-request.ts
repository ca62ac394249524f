/**
 * The requests of multivariate monitoring: fit a model, score against it, contributions of one
 * observation. One schema each, for the CLI, the HTTP API and the web (safe in the browser).
 */
import { z } from 'zod';
import { field } from '../../core/errors.js';
import { flag, int, isoTime, list, num, oneOf, text, type Issue } from '../../core/fields.js';

const modelName = text(100).meta({ title: 'Model', description: 'stored model name', examples: ['dryer-pca'] });
const modelVersion = int(1).optional().meta({ title: 'Model version', description: 'model version (default: the latest; --version is the program version)' });

/** Fitting a PCA (or, with y, PLS) model and storing it as a new version. */
export const fitFields = z.object({
  name: modelName.meta({ title: 'Model', description: 'model name (a new version is stored when it exists)' }),
  material: text().optional().meta({ title: 'Material', description: 'analysis set: lots of this material are the rows' }),
  lots: list(20000).optional().meta({ title: 'Lots', description: 'analysis set: only these lots, comma-separated' }),
  columns: list(2000).optional().meta({ title: 'Columns', description: 'analysis set: the columns to use (default: numeric columns with ≤ 10 % missing)' }),
  tags: list(500).optional().meta({ title: 'Tags', description: 'time windows: these tags are the columns, comma-separated' }),
  from: isoTime().optional().meta({ title: 'From', description: 'start: of the windows, or of lot start for an analysis set', examples: ['2025-03-01T00:00Z'] }),
  to: isoTime().optional().meta({ title: 'To', description: 'end, exclusive', examples: ['2025-03-08T00:00Z'] }),
  window: text(20).default('1m').meta({ title: 'Window', description: 'time window length, e.g. 30s, 1m, 1h' }),
  y: list(100).optional().meta({ title: 'Y columns', description: 'Y columns: fit PLS of the other columns on these' }),
  components: int(1, 100).optional().meta({ title: 'Components', description: 'number of components (default: by cross-validation)', examples: ['3'] }),
  cv: flag().default(false).meta({ title: 'Cross-validation', description: 'choose the number of components by 7-group cross-validation, minimum PRESS (also when components is not given)' }),
  confidence: num({ gt: 0, lt: 1 }).default(0.99).meta({ title: 'Confidence', description: 'confidence of the limits', examples: ['0.99'] }),
});

/** Checks of a fit: one source of rows; a range for tag windows; components or cross-validation. */
export function fitRules(v: z.output<typeof fitFields>, issue: Issue): void {
  if (v.material !== undefined && v.tags !== undefined) issue('tags', `give ${field('material')} (an analysis set) or ${field('tags')} (time windows), not both`);
  else if (v.material === undefined && v.tags === undefined) issue('material', `no training data: give ${field('material')} (an analysis set) or ${field('tags')} with ${field('from')} and ${field('to')} (time windows)`);
  if (v.tags !== undefined && (v.from === undefined || v.to === undefined)) issue(v.from === undefined ? 'from' : 'to', `${field('tags')} needs ${field('from')} and ${field('to')}`);
  if (v.components !== undefined && v.cv) issue('cv', `give ${field('components')} or ${field('cv')}, not both`);
}

/** Scoring lots or time windows against a stored model. */
export const scoreFields = z.object({
  name: modelName,
  modelVersion,
  lots: list(20000).optional().meta({ title: 'Lots', description: 'lots to score (analysis-set models; default: every lot in from/to)' }),
  from: isoTime().optional().meta({ title: 'From', description: 'start', examples: ['2025-03-09T00:00Z'] }),
  to: isoTime().optional().meta({ title: 'To', description: 'end, exclusive', examples: ['2025-03-10T00:00Z'] }),
  confidence: num({ gt: 0, lt: 1 }).optional().meta({ title: 'Confidence', description: 'confidence of the limits (default: the one the model was fitted with)' }),
  limit: oneOf(['phase2', 'training'] as const).default('phase2').meta({ title: 'T² limit', description: 'T² limit form: phase2 (new observations) or training (the rows the model was fitted on)' }),
});

/** Contributions of each variable to one lot's or window's T² and SPE. */
export const contributionFields = z.object({
  name: modelName,
  modelVersion,
  lot: text().optional().meta({ title: 'Lot', description: 'the lot (analysis-set models)' }),
  time: isoTime().optional().meta({ title: 'Window start', description: 'start of the window (tag-window models)', examples: ['2025-03-09T06:00:00Z'] }),
  confidence: num({ gt: 0, lt: 1 }).optional().meta({ title: 'Confidence', description: 'confidence of the limits (default: the one the model was fitted with)' }),
});

/** Checks of contributions: the observation to explain. */
export function contributionRules(v: z.output<typeof contributionFields>, issue: Issue): void {
  if (v.lot === undefined && v.time === undefined) issue('lot', `give ${field('lot')} (analysis-set model) or ${field('time')} (tag-window model): the observation to explain`);
}
