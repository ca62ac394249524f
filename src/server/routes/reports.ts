import { z } from 'zod';
import { renderReport } from '../../report/output.js';
import { reportDocument } from '../../report/render/report-document.js';
import { reportContentVerb, reportDefineVerb, reportListVerb, reportRunVerb, reportShowVerb } from '../../report/report-verbs.js';
import { runSignatureLines } from '../../report/runs/run-signatures.js';
import { getRun, runContent } from '../../report/runs/run-store.js';
import { route } from '../route.js';
import { verbRoute } from '../verb-route.js';

const TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;

/** Report definitions, runs as jobs with progress, and the printed report of a stored run. */
export const reportRoutes = [
  verbRoute(reportListVerb, { method: 'get', path: '/reports', tag: 'reports', permission: 'read' }),
  verbRoute(reportDefineVerb, { method: 'post', path: '/reports', tag: 'reports', permission: 'reports.define' }),
  // Runs first: '/reports/runs/…' is not a definition named 'runs'.
  verbRoute(reportContentVerb, { method: 'get', path: '/reports/runs/:run', tag: 'reports', permission: 'read' }),
  route({
    method: 'get', path: '/reports/runs/:run/:format', tag: 'reports', permission: 'read', produces: 'application/pdf',
    summary: 'The printed report of a stored run, as PDF or HTML, rendered from the content stored with the run (its SHA-256 on the cover), with the electronic signatures given to it',
    params: z.object({ run: z.string().min(1).max(120), format: z.enum(['pdf', 'html']) }),
    handler: async ({ store, params }) => {
      const [{ model }, run] = await Promise.all([runContent(store, params.run), getRun(store, params.run)]);
      const bytes = await renderReport(reportDocument(model, { run, signatures: await runSignatureLines(store, run) }), params.format);
      const file = `${run.name}-${run.period ?? run.lot ?? ''}-${run.runId}.${params.format}`.replace(/[^A-Za-z0-9._-]+/g, '_');
      return new Response(Buffer.from(bytes), { headers: { 'content-type': TYPES[params.format], ...(params.format === 'pdf' ? { 'content-disposition': `attachment; filename="${file}"` } : {}) } });
    },
  }),
  verbRoute(reportShowVerb, { method: 'get', path: '/reports/:name', tag: 'reports', permission: 'read' }),
  verbRoute(reportRunVerb, {
    method: 'post', path: '/reports/:name/run', tag: 'reports', permission: 'reports.run', job: 'report', needsReason: false,
    summary: 'Run a report definition over a period (or on a lot) as a job with progress; the result names the stored run, whose PDF or HTML is at /api/reports/runs/{run}/pdf',
  }),
];
