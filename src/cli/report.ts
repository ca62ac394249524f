import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { jsonReplacer } from '../core/json.js';
import type { ReportModel } from '../report/model/types.js';
import { writeReport } from '../report/output.js';
import { reportDocument, type SignatureLine } from '../report/render/report-document.js';
import { reportContentVerb, reportDefineVerb, reportListVerb, reportRunVerb, reportShowVerb } from '../report/report-verbs.js';
import { runSignatureLines } from '../report/runs/run-signatures.js';
import { getRun, runContent } from '../report/runs/run-store.js';
import { action, cliLogger, output, table, withCommon, withStore, type CommonOptions } from './common.js';
import { verbCommand } from './verb-command.js';

const defRow = (d: { name: string; version: number; kind: string; product: string; sites: string[]; parameters: string[]; roles: string[]; definedBy: string; definedAt: string }) => ({
  name: d.name, version: d.version, kind: d.kind, product: d.product, sites: d.sites.join(',') || 'all',
  parameters: d.parameters.join(',') || `roles ${d.roles.join(',')}`, by: d.definedBy, at: d.definedAt.slice(0, 16),
});

/** Writes a run's model to FILE: .pdf or .html (the printed report) or .json (the model). */
async function writeRun(file: string, model: ReportModel, run: { contentSha256: string }, flags: { json?: boolean }, signatures: SignatureLine[] = []): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') writeFileSync(file, JSON.stringify({ run, model }, jsonReplacer, 2) + '\n');
  else if (ext === '.pdf' || ext === '.html' || ext === '.htm') await writeReport(reportDocument(model, { run, signatures }), file, cliLogger(flags));
  else throw new AppError('bad_format', `cannot tell the report format of '${file}'`, 'end the file name in .pdf, .html or .json');
  return file;
}

/** `causeway report define|list|show|run|content`: report definitions and their runs. */
export function register(program: Command): void {
  program.enablePositionalOptions();
  const report = program.command('report').description('regulatory reports: APR/PQR, CPV and investigation reports from versioned definitions, to PDF or HTML').enablePositionalOptions();
  verbCommand({
    verb: reportDefineVerb, parent: report,
    text: (r) => (r.changed ? `defined ${r.definition.name} version ${r.definition.version}` : `${r.definition.name} is unchanged (version ${r.definition.version}); nothing stored`),
  });
  verbCommand({ verb: reportListVerb, parent: report, text: (r) => table(r.definitions.map(defRow)) });
  verbCommand({
    verb: reportShowVerb, parent: report,
    text: (r) => [
      table([defRow(r.definition)]), `charts ${r.definition.charts.join(',')} · run rules ${r.definition.rules}${r.definition.title ? ` · title "${r.definition.title}"` : ''}`,
      '', 'versions:', table(r.versions.map((v) => ({ version: v.version, by: v.definedBy, at: v.definedAt.slice(0, 16), reason: v.reason }))),
      '', 'latest runs:', table(r.runs.map((x) => ({ run: x.runId, version: x.version, period: x.period ?? x.lot ?? '', at: x.generatedAt.slice(0, 16), by: x.user, sha256: x.contentSha256.slice(0, 16) }))),
    ].join('\n'),
  });
  verbCommand({
    verb: reportRunVerb, parent: report,
    options: [
      new Option('--out <file>', '[string] write the report to FILE: .pdf, .html or .json (the model) (default: a summary on stdout)'),
      new Option('--html <file>', '[string] also write the report as HTML to FILE'),
    ],
    after: async ({ result, flags }) => {
      const files: string[] = [];
      const model = result.model as unknown as ReportModel;
      for (const f of [flags.out, flags.html]) if (typeof f === 'string') files.push(await writeRun(f, model, result.run, flags));
      return { files };
    },
    text: (r, { files }) => {
      const ps = r.model.parameters ?? [];
      return [
        `report ${r.run.runId}: ${r.model.header.definition.title}, ${r.run.period ?? r.run.lot ?? ''} (definition ${r.run.name} v${r.run.version})`,
        ...(r.model.lots ? [`${r.model.lots.total.made} lots, ${r.model.lots.total.released} released, ${r.model.lots.total.rejected} rejected; ${ps.length} parameters; ${ps.reduce((a, p) => a + p.oos.length, 0)} OOS`] : []),
        `content SHA-256 ${r.run.contentSha256}`,
        ...files.map((f) => `wrote ${f}`),
      ].join('\n');
    },
  });
  withCommon(report.command('print').description('print a stored run again, from the content stored with it, with the electronic signatures given to it').argument('<run>', 'id of a report run'))
    .addOption(new Option('--out <file>', '[string] write the report to FILE: .pdf, .html or .json (required)'))
    .action(action(async (runId: string, flags: CommonOptions & { out?: string }) => {
      if (!flags.out) throw new AppError('bad_flag', '--out is required: where to write the report', 'e.g. --out apr-2025.pdf');
      const out = flags.out;
      const r = await withStore(flags, async (store) => {
        const [{ model, matches }, run] = await Promise.all([runContent(store, runId), getRun(store, runId)]);
        const signatures = await runSignatureLines(store, run);
        await writeRun(out, model, run, flags, signatures);
        return { run, matches, signatures: signatures.length, file: out };
      }, true);
      output(flags, r, () => `wrote ${r.file}: ${r.run.runId}, ${r.signatures} signature${r.signatures === 1 ? '' : 's'}${r.matches ? '' : '\nWARNING: the stored content no longer has the SHA-256 stored with it'}`);
    }));
  verbCommand({
    verb: reportContentVerb, parent: report,
    text: (r) => `${r.run.runId}: content SHA-256 ${r.sha256} — ${r.matches ? 'matches the stored hash' : 'DOES NOT MATCH the stored hash ' + r.run.contentSha256}`,
  });
}
