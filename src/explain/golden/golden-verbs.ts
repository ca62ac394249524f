/**
 * The verbs of golden batch: build and store an envelope, check a lot against one (data and
 * figure), and read a stored envelope (the trend view draws it behind lot overlays).
 */
import { defineVerb } from '../../core/verb.js';
import { loadModelOfKind, saveModel } from '../mspc/mspc-store.js';
import { buildGolden, goldenDeviation, type GoldenOptions } from './golden.js';
import { goldenBuildFields, goldenBuildRules, goldenCheckFields, goldenModelFields, percentilesOf } from './golden-request.js';
import { goldenSvg } from './golden-svg.js';

/** `golden build`: an envelope from good lots, stored as a model of kind golden. */
export const goldenBuildVerb = defineVerb({
  name: 'golden build',
  summary: 'build an envelope of a signal through a phase from good lots and store it as a model (kind golden)',
  fields: goldenBuildFields, rules: goldenBuildRules, writes: true,
  normalise: (v) => {
    const p = v.percentiles !== undefined ? percentilesOf(v.percentiles) : undefined;
    const o: GoldenOptions = {
      signal: v.signal, phase: v.phase, material: v.material, minLots: v.minLots,
      method: p ? { kind: 'percentile', ...p } : { kind: 'sd', k: v.k ?? 3 },
    };
    if (v.lots) o.lots = v.lots;
    else if (v.status !== undefined) o.status = v.status;
    if (v.step !== undefined) o.step = v.step;
    if (v.dtw) o.dtw = true;
    if (v.band !== undefined) o.band = v.band;
    if (v.reference !== undefined) o.reference = v.reference;
    return { name: v.name ?? `${v.material}.${v.signal}.${v.phase}`, options: o };
  },
  run: async (store, { name, options }: { name: string; options: GoldenOptions }, ctx) => {
    const { model, training } = await buildGolden(store, { ...options, logger: ctx.logger });
    const spec = { method: model.method, step: model.step, alignment: model.alignment, minLots: model.minLots };
    const version = await saveModel(store, ctx.actor, { name, model, spec, training });
    return {
      name, version, ...spec, signal: model.signal, phase: model.phase, material: model.material, lots: model.lots,
      gridPoints: model.envelope.t.length, withEnvelope: model.envelope.low.filter((v) => v !== null).length,
    };
  },
});

/** `golden check`: a lot's deviation from a stored envelope over time. */
export const goldenCheckVerb = defineVerb({
  name: 'golden check',
  summary: "a lot's deviation from a stored envelope over time: points outside, spans and their largest deviation",
  fields: goldenCheckFields,
  run: async (store, v) => {
    const m = await loadModelOfKind(store, v.name, ['golden'], v.modelVersion);
    return { model: m.name, version: m.version, ...(await goldenDeviation(store, m.model, v.lot)) };
  },
});

/** A lot against the envelope, as SVG. */
export const goldenCheckFigureVerb = defineVerb({
  name: 'golden check figure',
  summary: 'a lot against a stored envelope over time, as SVG',
  fields: goldenCheckFields,
  run: async (store, v) => {
    const m = await loadModelOfKind(store, v.name, ['golden'], v.modelVersion);
    return goldenSvg(await goldenDeviation(store, m.model, v.lot));
  },
});

/** A stored envelope: what it was built from and its low, mean and high per grid point. */
export const goldenModelVerb = defineVerb({
  name: 'golden model',
  summary: 'a stored golden envelope: signal, phase, material, good lots, method and the envelope per grid point',
  fields: goldenModelFields,
  run: async (store, v) => {
    const m = await loadModelOfKind(store, v.name, ['golden'], v.modelVersion);
    return { name: m.name, version: m.version, createdBy: m.createdBy, createdAt: m.createdAt, ...m.model };
  },
});
