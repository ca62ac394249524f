/**
 * The verbs of multivariate monitoring: fit (stores a model), score, contributions, and their
 * figures. Requests in `mspc-request.ts`, orchestration in `mspc-monitor.ts`.
 */
import type { z } from 'zod';
import { defineVerb } from '../../core/verb.js';
import { contributionFields, contributionRules, fitFields, fitRules, scoreFields } from './mspc-request.js';
import { contributionsFigure, fitMspcModel, mspcContributions, scoreFigure, scoreMspcModel, type ContributionRequest, type FitRequest, type ScoreRequest } from './mspc-monitor.js';

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** `mspc fit`: a PCA (or PLS) model on an analysis set or tag windows, stored as a new version. */
export const mspcFitVerb = defineVerb({
  name: 'mspc fit',
  summary: 'fit a PCA (or, with y, PLS) model on an analysis set or on time windows of tags and store it as a new version',
  fields: fitFields, rules: fitRules, writes: true,
  normalise: (v: z.output<typeof fitFields>): FitRequest => defined({ ...v, cv: undefined }) as FitRequest,
  run: (store, request, ctx) => fitMspcModel(store, request, ctx.actor, ctx.logger),
});

/** `mspc score`: T², SPE and their limits for lots or time windows. */
export const mspcScoreVerb = defineVerb({
  name: 'mspc score',
  summary: 'score lots or time windows against a stored model: T², SPE and their limits',
  fields: scoreFields, normalise: (v): ScoreRequest => defined(v) as ScoreRequest,
  run: (store, request, ctx) => scoreMspcModel(store, request, ctx.logger),
});

/** The T² and SPE chart of a scoring, as SVG. */
export const mspcScoreFigureVerb = defineVerb({
  name: 'mspc score figure',
  summary: 'the T² and SPE chart of a scoring with both limits, as SVG',
  fields: scoreFields, normalise: (v): ScoreRequest => defined(v) as ScoreRequest,
  run: (store, request, ctx) => scoreFigure(store, request, ctx.logger),
});

/** `mspc contrib`: contributions of each variable to one observation's T² and SPE. */
export const mspcContribVerb = defineVerb({
  name: 'mspc contrib',
  summary: 'contributions of each variable to the T² and SPE of one lot or time window',
  fields: contributionFields, rules: contributionRules, normalise: (v): ContributionRequest => defined(v) as ContributionRequest,
  run: (store, request, ctx) => mspcContributions(store, request, ctx.logger),
});

/** The SPE contributions of one observation as a bar chart. */
export const mspcContribFigureVerb = defineVerb({
  name: 'mspc contrib figure',
  summary: 'the SPE contributions of one lot or time window as a bar chart (SVG)',
  fields: contributionFields, rules: contributionRules, normalise: (v): ContributionRequest => defined(v) as ContributionRequest,
  run: (store, request, ctx) => contributionsFigure(store, request, ctx.logger),
});
