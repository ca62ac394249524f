/**
 * The verbs of reports: define a report (a new version on every change), list and show
 * definitions with their runs, and run one (stored as a record). Requests in
 * `definitions/definition-request.ts`; the CLI (`cli/report.ts`) and the HTTP API
 * (`server/routes/reports.ts`) offer them as they are.
 */
import { defineVerb } from '../core/verb.js';
import { defineFields, defineRules, runFields, runIdFields, runRules, showFields, type ReportChart } from './definitions/definition-request.js';
import { defineReport, getDefinition, listDefinitions, listVersions } from './definitions/definition-store.js';
import { runReport } from './run-report.js';
import { getRun, listRuns, runContent } from './runs/run-store.js';
// Reports are signable records: the reader of `report:…` registers on import.
import './runs/report-records.js';

/** `report define NAME`: store a definition, or its next version when anything changed. */
export const reportDefineVerb = defineVerb({
  name: 'report define',
  summary: 'define a report (APR/PQR, CPV or investigation): product, sites, parameters, charts; a new version on every change, audited',
  fields: defineFields, positional: ['name'], rules: defineRules, writes: true,
  run: (store, v, ctx) => defineReport(store, v.name, {
    kind: v.kind, product: v.product, title: v.title ?? null, sites: v.sites ?? [], parameters: v.parameters ?? [], roles: v.roles, charts: v.charts as ReportChart[], rules: v.rules,
  }, ctx.actor),
});

/** `report list`: the latest version of every definition. */
export const reportListVerb = defineVerb({
  name: 'report list',
  summary: 'report definitions, latest version of each',
  fields: showFields.pick({}),
  run: async (store) => ({ definitions: await listDefinitions(store) }),
});

/** `report show NAME`: a version of a definition, every version, and the latest runs. */
export const reportShowVerb = defineVerb({
  name: 'report show',
  summary: 'a report definition (the latest version or the one asked for), its versions and its latest runs',
  fields: showFields, positional: ['name'],
  run: async (store, v) => ({
    definition: await getDefinition(store, v.name, v.version), versions: await listVersions(store, v.name), runs: await listRuns(store, v.name, 20),
  }),
});

/** `report run NAME --period 2025`: the report's model, stored as a run with its content's SHA-256. */
export const reportRunVerb = defineVerb({
  name: 'report run',
  summary: 'run a report definition over a period (or on a lot): its numbers, tables and charts, stored as a run with the SHA-256 of its content',
  fields: runFields, positional: ['name'], rules: runRules, writes: true,
  run: (store, v, ctx) => runReport(store, {
    name: v.name, ...(v.version !== undefined ? { version: v.version } : {}), ...(v.period !== undefined ? { period: v.period } : {}), ...(v.lot !== undefined ? { lot: v.lot } : {}),
  }, { actor: ctx.actor, logger: ctx.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
});

/** A stored run: its record and its content's SHA-256, recomputed and checked. */
export const reportContentVerb = defineVerb({
  name: 'report content',
  summary: 'a stored report run: its record, and whether its content still has the SHA-256 stored with it',
  fields: runIdFields, positional: ['run'],
  run: async (store, v) => {
    const c = await runContent(store, v.run);
    return { run: await getRun(store, v.run), sha256: c.sha256, matches: c.matches };
  },
});
