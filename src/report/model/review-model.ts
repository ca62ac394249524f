/**
 * Builds the model of a review (APR/PQR or CPV) of a product over a period. Phases, in order:
 * resolve the parameters → lots per site → each parameter reviewed (chart, capability, OOS,
 * OOT) → site-to-site comparison → deviations and CAPAs → specification and limit changes.
 */
import { listValue } from '@duckdb/node-api';
import { AppError, field } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { Store } from '../../store/store.js';
import type { ReportDefinition } from '../definitions/definition-store.js';
import type { ReportPeriod } from '../period.js';
import { reviewParameter, type ReviewedParameter } from './parameter-review.js';
import { changesInPeriod, linkedEvents, lotSites, lotsBySite, processMaterials } from './period-facts.js';
import { compareSites } from './site-comparison.js';
import type { ReportModel } from './types.js';

/**
 * The parameters a definition reviews: those it lists (`NAME` on the product, `MATERIAL/NAME`
 * on another material; a name not among the parameters is taken as a feature), else every
 * parameter of its roles on the product and the materials of its steps, in process order.
 */
export async function resolveParameters(store: Store, def: Pick<ReportDefinition, 'product' | 'parameters' | 'roles'>): Promise<ReviewedParameter[]> {
  const materials = await processMaterials(store, def.product);
  const known = await store.all<{ material: string; parameter: string; role: string | null; unit: string | null }>(
    `SELECT p.material, p.parameter, p.role, p.unit FROM parameters p LEFT JOIN steps s ON s.material = p.material AND s.product = $2
     WHERE list_contains($1::VARCHAR[], p.material) ORDER BY coalesce(s.sequence, 1000), p.material, p.parameter`, [listValue(materials), def.product]);
  if (def.parameters.length === 0) {
    const roles = new Set(def.roles.map((r) => r.toLowerCase()));
    const picked = known.filter((k) => k.role !== null && roles.has(k.role.toLowerCase()));
    if (picked.length === 0) throw new AppError('no_data', `no parameter of ${def.product} or its steps has the role ${def.roles.join(' or ')}`, `list them in ${field('parameters')}, or name other ${field('roles')}`);
    return picked;
  }
  const features = new Set((await store.all<{ name: string }>('SELECT DISTINCT name FROM features')).map((r) => r.name));
  return def.parameters.map((ref) => {
    const slash = ref.indexOf('/');
    const material = slash > 0 ? ref.slice(0, slash) : def.product;
    const parameter = slash > 0 ? ref.slice(slash + 1) : ref;
    const hit = known.find((k) => k.material === material && k.parameter === parameter);
    if (hit) return hit;
    if (features.has(parameter)) return { material, parameter, role: 'feature', unit: null };
    const names = known.filter((k) => k.material === material).map((k) => k.parameter);
    throw new AppError('unknown_parameter', `'${ref}' is not a parameter or feature of ${material}`, names.length ? `name one of ${names.join(', ')}, or MATERIAL/NAME for another material` : `write MATERIAL/NAME with a material of the process: ${materials.join(', ')}`);
  });
}

/** What {@link reviewModel} takes besides the definition. */
export interface ReviewInput {
  period: ReportPeriod;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * The body of an APR or CPV report (the header is added by the run). Statistics come from the
 * library calls of `spc`, `capability` and `compare` with the period as from/to and the
 * definition's site (or none), so they equal what those verbs print for the same inputs.
 */
export async function reviewModel(store: Store, def: ReportDefinition, input: ReviewInput): Promise<Omit<ReportModel, 'header'>> {
  const log = input.logger ?? silentLogger;
  const { from, to } = input.period;
  const site = def.sites.length === 1 ? def.sites[0] : undefined;
  const scope = { product: def.product, from, to, ...(site ? { site } : {}) };
  const parameters = await resolveParameters(store, def);
  const materials = await processMaterials(store, def.product);
  const lots = await lotsBySite(store, scope);
  const notes: string[] = [];
  if (lots.total.made === 0) notes.push(`No lot of ${def.product} started in the period ${from.slice(0, 10)} to ${to.slice(0, 10)}.`);
  const siteOf = await lotSites(store, [...new Set(parameters.map((p) => p.material))]);
  const reviews = [];
  const comparison = [];
  const steps = parameters.length * (site ? 1 : 2);
  for (const [i, p] of parameters.entries()) {
    if (input.signal?.aborted) throw new AppError('cancelled', 'the report was cancelled; nothing was stored', 'run it again when needed');
    log.progress('reviewing parameters', i * (site ? 1 : 2), steps);
    const review = await reviewParameter(store, p, { from, to, ...(site ? { site } : {}), rules: def.rules, charts: def.charts, siteOf });
    if (!site) {
      log.progress('comparing sites', i * 2 + 1, steps);
      const c = await compareSites(store, p, from, to, def.charts.includes('box'), log);
      comparison.push(c.comparison);
      if (c.svg) review.figures.box = c.svg;
    }
    reviews.push(review);
  }
  log.progress('reviewing parameters', steps, steps);
  const events = await linkedEvents(store, scope);
  const changes = await changesInPeriod(store, materials, from, to);
  return { lots, parameters: reviews, comparison, events, changes, notes };
}
