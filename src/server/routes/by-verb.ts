import type { RouteSpec } from '../route.js';

/**
 * The route module of each verb, by the verb's first word, loaded on demand: a command run
 * beside a server needs its own verb's route only, and loading every route module costs about
 * two seconds. `test/cli-beside-server.test.ts` checks that every verb of ROUTES is found here.
 */
export const ROUTES_OF_VERB: Record<string, () => Promise<RouteSpec<any, any, any>[]>> = {
  info: () => import('./lots.js').then((m) => m.lotRoutes),
  lots: () => import('./lots.js').then((m) => m.lotRoutes),
  parameters: () => import('./lots.js').then((m) => m.lotRoutes),
  genealogy: () => import('./lots.js').then((m) => m.lotRoutes),
  features: () => import('./context.js').then((m) => m.contextRoutes),
  trend: () => import('./context.js').then((m) => m.contextRoutes),
  dataset: () => import('./context.js').then((m) => m.contextRoutes),
  spc: () => import('./spc.js').then((m) => m.spcRoutes),
  capability: () => import('./spc.js').then((m) => m.spcRoutes),
  compare: () => import('./compare.js').then((m) => m.compareRoutes),
  stats: () => import('./compare.js').then((m) => m.compareRoutes),
  explain: () => import('./explain.js').then((m) => m.explainRoutes),
  investigate: () => import('./explain.js').then((m) => m.explainRoutes),
  mspc: () => import('./models.js').then((m) => m.modelRoutes),
  golden: () => import('./models.js').then((m) => m.modelRoutes),
  import: () => import('./imports.js').then((m) => m.importRoutes),
  keys: () => import('./keys.js').then((m) => m.keyRoutes),
  report: () => import('./reports.js').then((m) => m.reportRoutes),
};
