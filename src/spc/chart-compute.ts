import { AppError, field } from '../core/errors.js';
import { attributeChart } from './attributes.js';
import { cusum, ewma } from './time-weighted.js';
import type { ChartKind, ChartOptions, ChartResult } from './types.js';
import { imr, xbar } from './variables.js';

/** The data of one chart: a value per point, optionally the subgroup values and sizes. */
export interface ChartInput {
  values: Float64Array;
  /** Subgroup values per point (X̄ charts; EWMA/CUSUM of subgroup means). */
  groups?: Float64Array[];
  /** Units inspected per point (attribute charts). */
  sizes?: Float64Array;
}

/** Settings of time-weighted charts and limit width. */
export interface ChartSettings {
  nsigmas?: number;
  lambda?: number;
  k?: number;
  h?: number;
}

/** Dispatches to the chart function of `kind`. @example computeChart('imr', { values }, {}) */
export function computeChart(kind: ChartKind, input: ChartInput, settings: ChartSettings, options: ChartOptions): ChartResult {
  const opts = { ...options, ...(settings.nsigmas !== undefined ? { nsigmas: settings.nsigmas } : {}) };
  const needGroups = () => {
    if (!input.groups) throw new AppError('no_subgroups', `a ${kind} chart needs subgroups`, `store replicates per lot, or group consecutive lots with ${field('subgroup', 'N')}`);
    return input.groups;
  };
  const needSizes = () => {
    if (!input.sizes) throw new AppError('no_sizes', `a ${kind} chart needs the units inspected per lot`, `give ${field('size', 'N')} (a constant) or ${field('size', 'PARAMETER')} (the parameter holding each lot’s count)`);
    return input.sizes;
  };
  switch (kind) {
    case 'imr':
      return imr(input.values, opts);
    case 'xbar-r':
      return xbar(needGroups(), 'R', opts);
    case 'xbar-s':
      return xbar(needGroups(), 'S', opts);
    case 'p':
    case 'np':
    case 'c':
    case 'u':
      return attributeChart(kind, input.values, kind === 'c' && !input.sizes ? new Float64Array(input.values.length).fill(1) : needSizes(), opts);
    case 'ewma':
      return ewma(input.groups ?? input.values, { ...opts, ...(settings.lambda !== undefined ? { lambda: settings.lambda } : {}) });
    case 'cusum':
      return cusum(input.groups ?? input.values, { ...opts, ...(settings.k !== undefined ? { k: settings.k } : {}), ...(settings.h !== undefined ? { h: settings.h } : {}) });
  }
}
