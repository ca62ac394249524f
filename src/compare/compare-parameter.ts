import { AppError } from '../core/errors.js';
import type { SpecLimits } from '../spc/capability.js';
import type { Store } from '../store/store.js';
import { replicateCapability } from '../spc/capability-replicates.js';
import { readChartData } from '../spc/chart-data.js';
import { compareGroups, type GroupComparison } from './compare-groups.js';
import { attempt } from './outcome.js';
import { specificationAt } from '../spc/spec-store.js';
import { factorLabels, parameterValues, type ValueQuery } from './parameter-values.js';

/** Options of {@link compareParameter}. */
export interface CompareParameterOptions extends ValueQuery {
  /** The factor: site, equipment, supplier, campaign, status, a factor column (`<step>.equipment`) or a lot attribute. */
  by: string;
  /** Reference group for equivalence. */
  reference?: string;
  /** Equivalence margin (TOST); none → no equivalence test. */
  margin?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Specification to judge capability against; default the stored one valid at `to` (or now). */
  spec?: SpecLimits;
}

/** A comparison read from the store, with what was left out and why. */
export interface ParameterComparison {
  parameter: string;
  material: string;
  by: string;
  filters: { site?: string; from?: string; to?: string };
  lots: number;
  /** Lots left out: no value of the parameter, or no value of the factor. */
  dropped: { missingValue: number; missingFactor: number };
  spec?: SpecLimits & { source: 'stored' | 'given'; validFrom?: string };
  comparison: GroupComparison;
  /** How values were read (a replicate parameter: lot means compared, capability from every value). */
  notes: string[];
}

/**
 * Compares a parameter (or feature) of a material's lots across the levels of a factor, from
 * the store: values and factors come from the analysis set (own and upstream columns), lots
 * without a value or a factor level are dropped and counted, the specification valid at the
 * end of the range is used for capability, then {@link compareGroups} does the statistics. A
 * replicate parameter is compared by its lot means, and its capability per group comes from
 * every value of the group's lots.
 *
 * @param store - an open store
 * @param o - parameter, by, material, site, from, to, reference, margin, alpha, spec
 * @example await compareParameter(store, { parameter: 'dissolution', by: 'site', margin: 3 })
 * @see ICH Q10 / FDA Process Validation (2011) on technology transfer and continued process verification.
 */
export async function compareParameter(store: Store, o: CompareParameterOptions): Promise<ParameterComparison> {
  const { material, set, column, replicate } = await parameterValues(store, o);
  const factor = await factorLabels(store, set, o.by);
  const values: number[] = [];
  const labels: string[] = [];
  let missingValue = 0;
  let missingFactor = 0;
  set.lots.forEach((_, i) => {
    const v = column.values[i]!;
    const g = factor.labels[i] ?? null;
    if (!Number.isFinite(v)) missingValue++;
    else if (g === null || g === '') missingFactor++;
    else {
      values.push(v);
      labels.push(g);
    }
  });
  if (values.length === 0) {
    throw new AppError('no_data', `no lot of ${material} has both a value of '${o.parameter}' and a '${o.by}' (${set.lots.length} lots in range)`, 'widen the filters or check the data');
  }
  let spec: ParameterComparison['spec'];
  if (o.spec) spec = { ...o.spec, source: 'given' };
  else {
    const found = await specificationAt(store, material, o.parameter, o.to ? new Date(o.to) : new Date());
    if (found && (found.spec.lsl !== undefined || found.spec.usl !== undefined)) {
      const { validFrom, ...limits } = found.spec;
      spec = { ...limits, source: 'stored', validFrom: validFrom.toISOString() };
    }
  }
  const options: Parameters<typeof compareGroups>[2] = {};
  if (o.alpha !== undefined) options.alpha = o.alpha;
  if (o.margin !== undefined) options.margin = o.margin;
  if (o.reference !== undefined) options.reference = o.reference;
  const limits: SpecLimits | undefined = spec && { ...(spec.lsl !== undefined ? { lsl: spec.lsl } : {}), ...(spec.usl !== undefined ? { usl: spec.usl } : {}), ...(spec.target !== undefined ? { target: spec.target } : {}) };
  // The specification of a replicate parameter judges single values, not lot means: its
  // capability per group comes from every value of the group's lots (see replicateCapability).
  if (limits && !replicate) options.spec = limits;
  const filters: ParameterComparison['filters'] = {};
  if (o.site !== undefined) filters.site = o.site;
  if (o.from !== undefined) filters.from = o.from;
  if (o.to !== undefined) filters.to = o.to;
  const out: ParameterComparison = {
    parameter: o.parameter, material, by: factor.name, filters, lots: set.lots.length,
    dropped: { missingValue, missingFactor },
    comparison: compareGroups(Float64Array.from(values), labels, options),
    notes: replicate ? [replicate.note] : [],
  };
  if (replicate && limits) {
    const data = await readChartData(store, { parameter: o.parameter, material, ...filters });
    const groupOf = new Map(set.lots.map((lot, i) => [lot, factor.labels[i] ?? null]));
    for (const g of out.comparison.groups) {
      const rows = data.rows.filter((r) => groupOf.get(r.lot) === g.group);
      g.capability = attempt(() => replicateCapability(rows, limits).result);
    }
    out.notes.push('capability per group from every value of its lots (σ within from the lots as subgroups), as the specification judges single values');
  }
  if (spec) out.spec = spec;
  return out;
}
