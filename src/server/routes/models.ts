import { goldenBuildVerb, goldenCheckFigureVerb, goldenCheckVerb, goldenModelVerb } from '../../explain/golden/golden-verbs.js';
import { mspcContribFigureVerb, mspcContribVerb, mspcFitVerb, mspcScoreFigureVerb, mspcScoreVerb } from '../../explain/mspc/mspc-verbs.js';
import { verbRoute } from '../verb-route.js';

/** Multivariate monitoring (MSPC) and golden batch: fit and store models, score, contributions, envelopes. */
export const modelRoutes = [
  verbRoute(mspcFitVerb, {
    method: 'post', path: '/mspc/models', tag: 'models', permission: 'models.write', job: 'mspc-fit',
    summary: 'Fit a PCA (PLS with y) model on an analysis set or tag windows and store it as a new version: a job; the result describes the model and its limits',
  }),
  verbRoute(mspcScoreVerb, { method: 'get', path: '/mspc/score', tag: 'models', permission: 'read' }),
  verbRoute(mspcScoreFigureVerb, { method: 'get', path: '/mspc/score/svg', tag: 'models', permission: 'read', document: 'svg' }),
  verbRoute(mspcContribVerb, { method: 'get', path: '/mspc/contributions', tag: 'models', permission: 'read' }),
  verbRoute(mspcContribFigureVerb, { method: 'get', path: '/mspc/contributions/svg', tag: 'models', permission: 'read', document: 'svg' }),
  verbRoute(goldenBuildVerb, { method: 'post', path: '/golden', tag: 'models', permission: 'models.write' }),
  verbRoute(goldenModelVerb, { method: 'get', path: '/golden/:name', tag: 'models', permission: 'read' }),
  verbRoute(goldenCheckVerb, { method: 'get', path: '/golden/:name/check', tag: 'models', permission: 'read' }),
  verbRoute(goldenCheckFigureVerb, { method: 'get', path: '/golden/:name/check/svg', tag: 'models', permission: 'read', document: 'svg' }),
];
