import type { ReactNode } from 'react';
import type { Route } from '../router.js';
import { createElement } from 'react';
import { Overview } from './overview.js';
import { Navigator } from './navigator.js';
import { Admin } from './admin.js';

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

/** The views, in menu order. Add a view with one entry. */
export const VIEWS: View[] = [
  { key: 'overview', title: 'Overview', href: '/', menu: true, match: (p) => p === '/', render: (r) => createElement(Overview, { route: r }) },
  { key: 'navigator', title: 'Navigator', href: '/navigator', menu: true, match: at('/navigator'), render: (r) => createElement(Navigator, { route: r }) },
  { key: 'admin', title: 'Admin', href: '/admin', menu: true, permission: 'audit.read', match: at('/admin'), render: (r) => createElement(Admin, { route: r }) },
];
