/**
 * The requests of report definitions and runs: one schema each, for the CLI, the HTTP API and
 * the web form (safe in the browser: zod only). The verbs are in `report/report-verbs.ts`.
 */
import { z } from 'zod';
import { field } from '../../core/errors.js';
import { int, list, oneOf, text, type Issue } from '../../core/fields.js';
import { isPeriod } from '../period.js';

/** Kinds of report: Annual Product Review / Product Quality Review, Continued Process Verification, investigation of one lot. */
export const REPORT_KINDS = ['apr', 'cpv', 'investigation'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Figures a review can show per parameter. */
export const REPORT_CHARTS = ['control', 'histogram', 'box'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

/** Roles picked by default: the product's critical quality attributes and critical process parameters. */
export const DEFAULT_ROLES = ['CQA', 'CPP'];

/** Defining (a new version of) a report. */
export const defineFields = z.object({
  name: text(80).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, dot, dash or underscore').meta({ title: 'Name', description: 'name of the definition, e.g. apr-cwx', examples: ['apr-cwx'] }),
  kind: oneOf(REPORT_KINDS).meta({ title: 'Kind', description: 'apr (Annual Product Review / PQR), cpv (Continued Process Verification) or investigation (one lot)' }),
  product: text().meta({ title: 'Product', description: 'the product (or material) whose lots are reviewed', examples: ['CWX-50-FCT'] }),
  title: text().optional().meta({ title: 'Title', description: 'title printed on the report (default: from kind and product)' }),
  sites: list(50).optional().meta({ title: 'Sites', description: 'sites reviewed, comma-separated: one site, or leave out for every site (default: all)', examples: ['LJU'] }),
  parameters: list(500).optional().meta({ title: 'Parameters', description: 'parameters or features, comma-separated; MATERIAL/NAME for one of another material of the process (default: every parameter of the roles, on the product and the materials of its steps)', examples: ['assay,CORES/hardness'] }),
  roles: list(20).default(DEFAULT_ROLES).meta({ title: 'Roles', description: 'roles of the parameters picked when none are listed' }),
  charts: list(3).default([...REPORT_CHARTS]).meta({ title: 'Charts', description: 'figures per parameter: control, histogram, box' }),
  rules: text().default('we').meta({ title: 'Run rules', description: 'run rules of the control charts: we1…we4, nelson1…nelson8, we, nelson, all or none', examples: ['nelson'] }),
});

/** Checks of a definition: known figures. */
export function defineRules(v: z.output<typeof defineFields>, issue: Issue): void {
  const bad = v.charts.filter((c) => !(REPORT_CHARTS as readonly string[]).includes(c));
  if (bad.length) issue('charts', `${field('charts')} '${bad.join(',')}' must be among ${REPORT_CHARTS.join(', ')}`);
}

/** A definition's name, and optionally one version. */
export const showFields = z.object({
  name: text(80).meta({ title: 'Name', description: 'name of the definition', examples: ['apr-cwx'] }),
  version: int(1).optional().meta({ title: 'Version', description: 'a version (default: the latest)' }),
});

/** Running a report. */
export const runFields = z.object({
  name: text(80).meta({ title: 'Definition', description: 'name of the definition to run', examples: ['apr-cwx'] }),
  period: text(40).optional().meta({ title: 'Period', description: 'lots started in: a year, 2025-Q2, 2025-03 or 2025-01-01..2025-07-01 (end exclusive); required for apr and cpv', examples: ['2025'] }),
  lot: text().optional().meta({ title: 'Lot', description: 'investigation: the lot to investigate', examples: ['LJU-T0004'] }),
  version: int(1).optional().meta({ title: 'Version', description: 'version of the definition (default: the latest)' }),
});

/** Checks of a run request that need no store: a period or a lot. */
export function runRules(v: z.output<typeof runFields>, issue: Issue): void {
  if (v.period === undefined && v.lot === undefined) issue('period', `give ${field('period', '2025')} (apr, cpv) or ${field('lot')} (investigation)`);
  if (v.period !== undefined && !isPeriod(v.period)) {
    issue('period', `${field('period')} '${v.period}' is not a year, quarter, month or date range, e.g. ${field('period', '2025')}, ${field('period', '2025-Q2')}, ${field('period', '2025-03')} or ${field('period', '2025-01-01..2025-07-01')}`);
  }
}

/** A stored run. */
export const runIdFields = z.object({
  run: text(120).meta({ title: 'Run', description: 'id of a report run', examples: ['R-20250105-…'] }),
});
