import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { formatRef } from '../records/record-ref.js';
import { worksheetRef } from '../records/record-content.js';
import { VIEW_NAMES } from '../records/worksheet-views.js';
import { rerunWorksheet } from '../records/worksheet-rerun.js';
import { getWorksheet, listWorksheets, saveWorksheet, worksheetHistory } from '../records/worksheets.js';
import { signatureLine } from '../signatures/signature.js';
import { signaturesOf } from '../signatures/signatures-read.js';
import { action, actorOf, cliLogger, intFlag, jsonReplacer, output, table, withCommon, withStore, type CommonOptions } from './common.js';

const idArg = (id: string) => intFlag('worksheet', id);

function inputsOf(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new AppError('bad_flag', `--inputs '${text}' is not JSON`, `give the view's request as a JSON object, e.g. --inputs '{"parameter":"assay"}'`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AppError('bad_flag', `--inputs '${text}' is not a JSON object`, `e.g. --inputs '{"parameter":"assay"}'`);
  return v as Record<string, unknown>;
}

/** `causeway worksheets list|show|versions|save|run`: saved analyses as records. */
export function register(program: Command): void {
  const ws = program.command('worksheets').description('saved analyses (worksheets): a named view with its inputs, data state, software version and result, kept in versions');

  withCommon(ws.command('list').description('every worksheet, its latest version'))
    .action(action(async (flags: CommonOptions) => {
      const list = await withStore(flags, (store) => listWorksheets(store), true);
      output(flags, list, () => (list.length === 0 ? 'no worksheets yet; save one with `causeway worksheets save` or "Save view" in the workbench'
        : table(list.map((w) => ({ id: w.worksheet, version: w.version, versions: w.versions, name: w.name, view: w.view, 'saved by': w.savedBy, saved: w.savedAt, 'latest import': w.dataState.latestImport ?? '' })))));
    }));

  withCommon(ws.command('show').description('one version (the latest by default): inputs, data state, software, result hash and signatures; --out writes the whole record as JSON').argument('<id>', '[number] the worksheet'))
    .addOption(new Option('--version <n>', '[number] which version (default: the latest)'))
    .addOption(new Option('--out <file>', '[string] write the version with its result to FILE as JSON'))
    .action(action(async (id: string, flags: CommonOptions & { version?: string; out?: string }) => {
      const shown = await withStore(flags, async (store) => {
        const w = await getWorksheet(store, idArg(id), flags.version ? intFlag('version', flags.version) : undefined);
        return { ...w, record: formatRef(worksheetRef(w)), signatures: await signaturesOf(store, worksheetRef(w)) };
      }, true);
      if (flags.out) writeFileSync(flags.out, JSON.stringify(shown, jsonReplacer, 2) + '\n');
      output(flags, shown, () => [
        `worksheet ${shown.worksheet} version ${shown.version}: ${shown.name} (${shown.view})`,
        `record     ${shown.record}`,
        `inputs     ${JSON.stringify(shown.inputs)}`,
        `data state ${shown.dataState.imports} imports, latest ${shown.dataState.latestImport ?? '–'} (${shown.dataState.latestImportAt ?? '–'})`,
        `software   ${shown.software}`,
        `saved      ${shown.savedAt} by ${shown.savedBy}: ${shown.reason}`,
        `result     SHA-256 ${shown.resultSha256}${flags.out ? ` (written to ${flags.out})` : ' (--json or --out for the whole result)'}`,
        ...(shown.signatures.length ? shown.signatures.map((s) => `signed     ${signatureLine(s)}`) : ['signed     (not signed)']),
      ].join('\n'));
    }));

  withCommon(ws.command('versions').description('every version of a worksheet, oldest first, with who saved it, when and why').argument('<id>', '[number] the worksheet'))
    .action(action(async (id: string, flags: CommonOptions) => {
      const list = await withStore(flags, (store) => worksheetHistory(store, idArg(id)), true);
      output(flags, list, () => table(list.map((v) => ({ version: v.version, name: v.name, 'saved by': v.savedBy, saved: v.savedAt, reason: v.reason, 'result SHA-256': v.resultSha256.slice(0, 16) + '…' }))));
    }));

  withCommon(ws.command('save').description('compute a view now and save it as a new worksheet, or as a new version of one (--worksheet, with --reason)'))
    .addOption(new Option('--name <name>', '[string] a name people recognise (required)').makeOptionMandatory())
    .addOption(new Option('--view <view>', `[${VIEW_NAMES.join('|')}] which view (required)`).makeOptionMandatory())
    .addOption(new Option('--inputs <json>', `[string] the view's request as JSON: the fields of its command, e.g. '{"parameter":"assay"}' (default: {})`))
    .addOption(new Option('--worksheet <id>', '[number] save a new version of this worksheet (needs --reason)'))
    .action(action(async (flags: CommonOptions & { name: string; view: string; inputs?: string; worksheet?: string }) => {
      const w = await withStore(flags, (store) => saveWorksheet(store, {
        name: flags.name, view: flags.view, inputs: inputsOf(flags.inputs ?? '{}'), ...(flags.worksheet ? { worksheet: intFlag('worksheet', flags.worksheet) } : {}),
      }, actorOf(flags), { logger: cliLogger(flags) }));
      output(flags, w, () => `saved worksheet ${w.worksheet} version ${w.version}: ${w.name} (${w.view}); result SHA-256 ${w.resultSha256}; data state: ${w.dataState.imports} imports, latest ${w.dataState.latestImport ?? '–'}`);
    }));

  withCommon(ws.command('run').description('run a saved version again on the data as it is now: does the result reproduce? (exit code 1 when it differs on the same data)').argument('<id>', '[number] the worksheet'))
    .addOption(new Option('--version <n>', '[number] which version (default: the latest)'))
    .action(action(async (id: string, flags: CommonOptions & { version?: string }) => {
      const r = await withStore(flags, (store) => rerunWorksheet(store, idArg(id), flags.version ? intFlag('version', flags.version) : undefined, { logger: cliLogger(flags), actor: actorOf(flags) }), true);
      const { result: _result, ...summary } = r;
      output(flags, summary, () => [
        `worksheet ${r.worksheet} version ${r.version}: ${r.verdict}`,
        `saved: result ${r.saved.resultSha256.slice(0, 16)}…, ${r.saved.dataState.imports} imports (latest ${r.saved.dataState.latestImport ?? '–'}), ${r.saved.software}`,
        `now:   result ${r.now.resultSha256.slice(0, 16)}…, ${r.now.dataState.imports} imports (latest ${r.now.dataState.latestImport ?? '–'}), ${r.now.software}`,
      ].join('\n'));
      if (!r.reproduced && r.sameDataState) process.exitCode = 1;
    }));
}
