import type { RouteSpec } from '../route.js';
import { adminRoutes } from './admin.js';
import { catalogRoutes } from './catalog.js';
import { compareRoutes } from './compare.js';
import { contextRoutes } from './context.js';
import { explainRoutes } from './explain.js';
import { importRoutes } from './imports.js';
import { jobRoutes } from './jobs.js';
import { keyRoutes } from './keys.js';
import { lotRoutes } from './lots.js';
import { modelRoutes } from './models.js';
import { overviewRoutes } from './overview.js';
import { recordRoutes } from './records.js';
import { reportRoutes } from './reports.js';
import { networkRoutes } from './network.js';
import { sessionRoutes } from './session.js';
import { sourceRoutes } from './sources.js';
import { spcRoutes } from './spc.js';

/** Every API route, one module per domain. Add a domain with one line. */
export const ROUTES: RouteSpec<any, any, any>[] = [
  ...sessionRoutes,
  ...adminRoutes,
  ...keyRoutes,
  ...jobRoutes,
  ...catalogRoutes,
  ...overviewRoutes,
  ...lotRoutes,
  ...contextRoutes,
  ...spcRoutes,
  ...compareRoutes,
  ...explainRoutes,
  ...modelRoutes,
  ...importRoutes,
  ...sourceRoutes,
  ...recordRoutes,
  ...reportRoutes,
  ...networkRoutes,
];
