import type { RouteSpec } from '../route.js';
import { adminRoutes } from './admin.js';
import { catalogRoutes } from './catalog.js';
import { jobRoutes } from './jobs.js';
import { sessionRoutes } from './session.js';

/** Every API route, one module per domain. Add a domain with one line. */
export const ROUTES: RouteSpec<any, any, any>[] = [
  ...sessionRoutes,
  ...adminRoutes,
  ...jobRoutes,
  ...catalogRoutes,
];
