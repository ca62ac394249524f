import type { ReactNode } from 'react';
import type { Route } from '../router.js';
import { createElement } from 'react';
import { Overview } from './overview.js';
import { Navigator } from './navigator.js';
import { Lots } from './lots.js';
import { Lot } from './lot.js';
import { Trend } from './trend.js';
import { Spc } from './spc.js';
import { Capability } from './capability.js';
import { Compare } from './compare.js';
import { Explain } from './explain.js';
import { Investigate } from './investigate.js';
import { Admin } from './admin.js';
import { Worksheets } from './worksheets.js';
import { Keys } from './keys.js';
import { Reports } from './reports.js';

/** One view of the workbench: where it lives, its menu entry, who may open it. */
export interface View {
  key: string;
  title: string;
  href: string;
  menu: boolean;
  permission?: string;
  match: (path: string) => boolean;
  render: (route: Route) => ReactNode;
}

const at = (prefix: string) => (path: string) => path === prefix || path.startsWith(prefix + '/');
const view = (key: string, title: string, href: string, C: (p: { route: Route }) => ReactNode, extra: Partial<View> = {}): View => ({
  key, title, href, menu: true, match: at(href), render: (r) => createElement(C as never, { route: r }), ...extra,
});

/** The views, in menu order. Add a view with one entry. */
export const VIEWS: View[] = [
  view('overview', 'Overview', '/', Overview, { match: (p) => p === '/' }),
  view('navigator', 'Navigator', '/navigator', Navigator),
  view('lots', 'Lots', '/lots', Lots),
  view('lot', 'Lot', '/lot', Lot, { menu: false }),
  view('trend', 'Trend', '/trend', Trend),
  view('spc', 'Control chart', '/spc', Spc),
  view('capability', 'Capability', '/capability', Capability),
  view('compare', 'Compare', '/compare', Compare),
  view('explain', 'Explain', '/explain', Explain),
  view('investigate', 'Investigate', '/investigate', Investigate),
  view('worksheets', 'Worksheets', '/worksheets', Worksheets),
  view('reports', 'Reports', '/reports', Reports),
  view('admin', 'Admin', '/admin', Admin, { permission: 'audit.read' }),
  view('keys', 'API keys', '/keys', Keys, { menu: false }),
];
