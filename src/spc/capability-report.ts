import { renderCapability } from '../chart/histogram-svg.js';
import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { capability, type CapabilityResult, type DistributionChoice, type SpecLimits } from './capability.js';
import { replicateCapability, type WithinLots } from './capability-replicates.js';
import { readChartData, type ChartData } from './chart-data.js';
import { specificationAt } from './spec-store.js';

/** What {@link capabilityReport} reads and against which specification. */
export interface CapabilityRequest {
  parameter: string;
  material?: string;
  site?: string;
  from?: string;
  to?: string;
  /** Given limits; default: the stored specification valid at the last lot in range. */
  spec?: SpecLimits;
  distribution?: DistributionChoice;
  confidence?: number;
}

/** Capability of a parameter over the lots in range, with where the specification came from. */
export interface CapabilityReport {
  parameter: string;
  material: string;
  specSource: string;
  /** Where the values came from; 'replicates': every value of every lot, σ within from the lots as subgroups. */
  source: ChartData['source'];
  /** A replicate parameter: how many lots (subgroups) and values per lot σ within came from. */
  subgroups?: WithinLots;
  /** The values capability was computed from (all replicates of a replicate parameter). */
  values: Float64Array;
  result: CapabilityResult;
  notes: string[];
}

/**
 * Reads a parameter's (or feature's) lot values and computes capability against the given
 * specification or the stored one valid at the last lot (saying so when it changed inside the
 * range). A replicate parameter (5 piston-ring diameters per lot) is judged value by value: the
 * indices use every value, σ within comes from the lots as subgroups (R̄/d2 or S̄/c4, as its X̄
 * chart) and σ overall from all values. Shared by the CLI and the HTTP API.
 *
 * @example const r = await capabilityReport(store, { parameter: 'dissolution', material: 'tablet' }); r.result.indices.ppk
 */
export async function capabilityReport(store: Store, req: CapabilityRequest): Promise<CapabilityReport> {
  const data = await readChartData(store, {
    parameter: req.parameter, ...(req.material ? { material: req.material } : {}), ...(req.site ? { site: req.site } : {}),
    ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}),
  });
  let spec: SpecLimits;
  let specSource = 'given';
  if (req.spec && (req.spec.lsl !== undefined || req.spec.usl !== undefined)) spec = req.spec;
  else {
    const times = data.rows.map((r) => r.time).filter((t): t is Date => t !== null);
    const last = times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : new Date();
    const first = times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined;
    const found = await specificationAt(store, data.material, req.parameter, last, first);
    if (!found) throw new AppError('missing_specification', `no specification stored for ${data.material}/${req.parameter} valid at ${last.toISOString().slice(0, 10)}`, `give ${field('lsl')} and/or ${field('usl')}, or store a specification for the parameter`);
    const { validFrom: _from, ...limits } = found.spec;
    spec = { ...limits, ...(req.spec?.target !== undefined ? { target: req.spec.target } : {}) };
    specSource = `stored, valid from ${found.spec.validFrom.toISOString().slice(0, 10)}${found.changedInRange ? '; the specification changed during the period, the latest is used' : ''}`;
  }
  const options = { distribution: req.distribution ?? 'auto', ...(req.confidence ? { confidence: req.confidence } : {}) };
  const base = { parameter: req.parameter, material: data.material, specSource, source: data.source };
  if (data.source === 'replicates') {
    const r = replicateCapability(data.rows, spec, options);
    return { ...base, ...(r.subgroups ? { subgroups: r.subgroups } : {}), values: r.values, result: r.result, notes: [...data.notes, ...r.notes] };
  }
  const values = Float64Array.from(data.rows, (r) => r.value);
  const result = capability(values, spec, options);
  return { ...base, values, result, notes: [...data.notes, ...result.notes] };
}

/**
 * The capability histogram of a request as SVG, with specification limits and the fitted curve:
 * what the CLI writes with `--svg` and the HTTP API answers at `/api/capability/svg`.
 *
 * @example const svg = await capabilityFigure(store, { parameter: 'dissolution', material: 'tablet' });
 */
export async function capabilityFigure(store: Store, req: CapabilityRequest): Promise<string> {
  const r = await capabilityReport(store, req);
  return renderCapability(r.values, r.result, { title: [req.parameter, r.material, req.site ?? 'all sites'].join(' · '), subtitle: `specification ${r.specSource}` });
}
