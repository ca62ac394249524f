/**
 * The verbs of statistical process control: control charts and their figures, capability,
 * and stored limits (list, propose from a baseline, approve). Their requests are in
 * `spc-request.ts`; the CLI (`cli/spc.ts`, `cli/capability.ts`) and the HTTP API
 * (`server/routes/spc.ts`) offer them as they are.
 */
import { z } from 'zod';
import { defineVerb } from '../core/verb.js';
import { filtersOf } from '../context/lot-filter.js';
import { capabilityFigure, capabilityReport, type CapabilityRequest } from './capability-report.js';
import type { DistributionChoice } from './capability.js';
import { controlChart } from './control-chart.js';
import { controlChartFigure } from './control-chart-figure.js';
import { proposeFromBaseline } from './limits-propose.js';
import { approveLimits, listLimits } from './limits-store.js';
import {
  approveFields, capabilityFields, capabilityRules, chartFields, chartFigureFields, chartRequestOf, chartRules, DISTRIBUTIONS,
  limitsListFields, proposeFields, proposeRules,
} from './spc-request.js';

// The request's distributions are exactly the library's.
void (DISTRIBUTIONS satisfies readonly DistributionChoice[]);

/** `spc PARAMETER`: a control chart over lots in time order, judged by run rules. */
export const spcVerb = defineVerb({
  name: 'spc',
  summary: 'control chart of a parameter over lots in time order, with limits, run-rule violations and their sentences',
  fields: chartFields, positional: ['parameter'], rules: chartRules, normalise: chartRequestOf,
  run: (store, request) => controlChart(store, request),
});

/** One panel of the control chart as SVG (with the specification on charts of individual values). */
export const spcFigureVerb = defineVerb({
  name: 'spc figure',
  summary: 'the control chart as SVG: the first panel, or the panel named by panel',
  fields: chartFigureFields, positional: ['parameter'], rules: chartRules,
  normalise: (v) => ({ request: chartRequestOf(v), ...(v.panel !== undefined ? { panel: v.panel } : {}) }),
  run: (store, i: { request: ReturnType<typeof chartRequestOf>; panel?: string }) => controlChartFigure(store, i.request, i.panel),
});

function capabilityRequestOf(v: z.output<typeof capabilityFields>): CapabilityRequest {
  const spec = { ...(v.lsl !== undefined ? { lsl: v.lsl } : {}), ...(v.usl !== undefined ? { usl: v.usl } : {}), ...(v.target !== undefined ? { target: v.target } : {}) };
  return {
    parameter: v.parameter, spec, distribution: v.distribution, confidence: v.confidence, ...filtersOf(v),
  };
}

/** `capability PARAMETER`: capability against the given or the stored specification. */
export const capabilityVerb = defineVerb({
  name: 'capability',
  summary: 'process capability (Cp, Cpk, Pp, Ppk, Cpm with confidence intervals), normality check, non-normal methods, ppm',
  fields: capabilityFields, positional: ['parameter'], rules: capabilityRules, normalise: capabilityRequestOf,
  run: async (store, request) => {
    const r = await capabilityReport(store, request);
    return { parameter: r.parameter, material: r.material, specSource: r.specSource, source: r.source, ...(r.subgroups ? { subgroups: r.subgroups } : {}), ...r.result, notes: r.notes };
  },
});

/** The capability histogram as SVG. */
export const capabilityFigureVerb = defineVerb({
  name: 'capability figure',
  summary: 'the capability histogram with specification limits and fitted curve, as SVG',
  fields: capabilityFields, positional: ['parameter'], rules: capabilityRules, normalise: capabilityRequestOf,
  run: (store, request) => capabilityFigure(store, request),
});

/** `spc limits list`: stored versions with who set and approved them. */
export const limitsListVerb = defineVerb({
  name: 'spc limits list',
  summary: 'stored control-limit versions (proposed and approved), with who, when, why',
  fields: limitsListFields, positional: ['parameter'],
  run: async (store, f) => ({
    limits: await listLimits(store, { ...(f.material !== undefined ? { material: f.material } : {}), ...(f.parameter !== undefined ? { parameter: f.parameter } : {}), ...(f.chart !== undefined ? { chart: f.chart } : {}) }),
  }),
});

/** `spc limits propose`: limits computed from a phase I baseline, stored as a new proposed version. */
export const limitsProposeVerb = defineVerb({
  name: 'spc limits propose',
  summary: 'compute control limits from a phase I baseline and store them as a new proposed version (never rewrites an old one)',
  fields: proposeFields, positional: ['parameter'], rules: proposeRules, writes: true,
  normalise: (v) => ({ request: chartRequestOf(v), ...(v.validFrom !== undefined ? { validFrom: v.validFrom } : {}) }),
  run: (store, i: { request: ReturnType<typeof chartRequestOf>; validFrom?: string }, ctx) => proposeFromBaseline(store, i.request, ctx.actor, i.validFrom),
});

/** `spc limits approve`: a second person approves a proposed version. */
export const limitsApproveVerb = defineVerb({
  name: 'spc limits approve',
  summary: 'approve a proposed version of control limits (a second person; recorded with the reason)',
  fields: approveFields, positional: ['parameter'], writes: true,
  run: (store, key, ctx) => approveLimits(store, key, ctx.actor),
});
