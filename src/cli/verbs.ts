import type { Command } from 'commander';

/**
 * Every CLI verb registers itself here: one module per verb under `src/cli/`, each exporting
 * `register(program)`. Keep one line per verb so the list reads as the CLI's table of contents.
 */
export const VERBS: Array<() => Promise<{ register: (program: Command) => void }>> = [
  () => import('./serve.js'),
  () => import('./explain.js'),
  () => import('./investigate.js'),
  () => import('./genealogy.js'),
  () => import('./dataset.js'),
  () => import('./features.js'),
  () => import('./trend.js'),
  () => import('./mspc.js'),
  () => import('./golden.js'),
  () => import('./compare.js'),
  () => import('./stats.js'),
  () => import('./import.js'),
  () => import('./info.js'),
  () => import('./lots.js'),
  () => import('./parameters.js'),
  () => import('./export.js'),
  () => import('./spc.js'),
  () => import('./capability.js'),
  () => import('./demo.js'),
  () => import('./start.js'),
];
