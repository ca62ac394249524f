import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { exportFolder } from '../ingest/export-folder.js';
import { exportStoreTable, type ExportFormat } from '../ingest/export-table.js';
import { action, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface ExportFlags extends CommonOptions {
  out: string;
  format?: string;
}

/** `causeway export TABLE --out FILE`: a store table to a file, or `folder` to the open folder format. */
export function register(program: Command): void {
  withCommon(
    program
      .command('export')
      .description('export a store table (lots, samples, audit, …) to CSV, Parquet, JSON or XLSX, or "folder" to write the whole store as an open-format folder')
      .argument('<table>', '[string] a table of the store, or folder'),
  )
    .requiredOption('--out <path>', '[string] file to write (a folder for "folder")')
    .addOption(new Option('--format <format>', '[csv|parquet|json|xlsx] file format; for folder csv or parquet (default: from the extension of --out; csv for folder)'))
    .action(
      action(async (name: string, flags: ExportFlags) => {
        if (name === 'folder') {
          const format = flags.format ?? 'csv';
          if (format !== 'csv' && format !== 'parquet') throw new AppError('bad_format', `a folder is written as csv or parquet, not '${format}'`, 'give --format csv or --format parquet');
          const files = await withStore(flags, (store) => exportFolder(store, flags.out, { format }), true);
          output(flags, { folder: flags.out, files }, () => `${table(files)}\nwrote ${files.length} files to ${flags.out}`);
          return;
        }
        const rows = await withStore(flags, (store) => exportStoreTable(store, name, flags.out, flags.format as ExportFormat | undefined), true);
        output(flags, { table: name, file: flags.out, rows }, () => `wrote ${rows} rows of ${name} to ${flags.out}`);
      }),
    );
}
