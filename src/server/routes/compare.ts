import { compareFigureVerb, compareVerb, statsVerb } from '../../compare/compare-verbs.js';
import { verbRoute } from '../verb-route.js';

/** Site-to-site and factor comparison (tech transfer), and descriptive statistics. */
export const compareRoutes = [
  verbRoute(compareVerb, { method: 'get', path: '/compare', tag: 'compare', permission: 'read' }),
  verbRoute(compareFigureVerb, { method: 'get', path: '/compare/svg', tag: 'compare', permission: 'read', document: 'svg' }),
  verbRoute(statsVerb, { method: 'get', path: '/stats', tag: 'compare', permission: 'read' }),
];
