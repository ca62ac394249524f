import { existsSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { importFolder } from '../ingest/import-folder.js';
import type { ImportReport } from '../ingest/import-staged.js';
import type { Actor, Store } from '../store/store.js';
import { action, actorOf, cliLogger, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface ImportFlags extends CommonOptions {
  replace?: boolean;
  mapping?: string;
}

/** The mapped import, written in its own module; loaded by name so this verb builds without it. */
type ImportMapped = (store: Store, file: string | undefined, mapping: string, options: { actor: Actor; replace?: boolean; logger?: Logger }) => Promise<ImportReport>;

async function loadMapped(): Promise<ImportMapped> {
  const modulePath = '../ingest/mapping/import-mapped.js';
  try {
    const mod = (await import(modulePath)) as { importMapped?: ImportMapped };
    if (typeof mod.importMapped === 'function') return mod.importMapped;
  } catch {
    /* reported below */
  }
  throw new AppError('mapping_unavailable', 'this build of causeway has no mapped import (ingest/mapping/import-mapped.js is missing)', 'import a folder of the open folder format instead, or update causeway');
}

/** Text rendering of an import report. */
export function reportText(r: ImportReport): string {
  const rows = Object.entries(r.files).map(([file, c]) => ({ file, source: c!.source, rows: c!.rows, inserted: c!.inserted, unchanged: c!.unchanged, replaced: c!.replaced }));
  const head = r.unchanged
    ? `nothing changed: the store already holds this data (${r.total.rows} rows read)`
    : `import ${r.importId}: ${r.total.inserted} inserted, ${r.total.replaced} replaced, ${r.total.unchanged} unchanged (${r.total.rows} rows read)`;
  return `${table(rows)}\n${head}`;
}

/** `causeway import PATH`: a folder of the open folder format, or a file with --mapping. */
export function register(program: Command): void {
  withCommon(
    program
      .command('import')
      .description('import a folder of the open folder format (docs/folder-format.md), or an export file with --mapping; all or nothing')
      .argument('[path]', '[string] folder to import; with --mapping, an export file read instead of the first input the mapping names (default: with --mapping, the files the mapping names)'),
  )
    .addOption(new Option('--replace', '[boolean] replace stored values that differ, keeping the old ones as prior versions; needs --reason (default: false)'))
    .addOption(new Option('--mapping <file>', '[string] mapping (YAML or JSON) that reads PATH as an export of another system (default: none, PATH is a folder)'))
    .action(
      action(async (target: string | undefined, flags: ImportFlags) => {
        if (target === undefined && !flags.mapping) throw new AppError('missing_path', 'no folder given', 'give the path of a folder, or --mapping MAP (with or without an export file)');
        if (target !== undefined && !existsSync(target)) throw new AppError('not_found', `'${target}' does not exist`, 'give the path of a folder (or a file with --mapping)');
        const logger = cliLogger(flags);
        const actor = actorOf(flags);
        const replace = flags.replace ?? false;
        if (replace && !flags.reason) throw new AppError('reason_required', '--replace needs --reason', 'add --reason "why the stored values are corrected"');
        const report = await withStore(flags, async (store) => {
          if (flags.mapping) {
            const importMapped = await loadMapped();
            return importMapped(store, target, flags.mapping, { actor, replace, logger });
          }
          if (target === undefined || !statSync(target).isDirectory()) {
            throw new AppError('not_a_folder', `'${target}' is a file`, 'give a folder of the open folder format, or add --mapping MAP to import a file');
          }
          return importFolder(store, target, { actor, replace, logger });
        });
        output(flags, report, () => reportText(report));
      }),
    );
}
