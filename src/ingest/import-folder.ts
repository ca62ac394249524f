/**
 * Import of an open-format folder: stage its files, then the validating transactional import.
 */
import { silentLogger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { importStaged, type ImportOptions, type ImportReport } from './import-staged.js';
import { dropStaged, stageFolder } from './stage-folder.js';

/** Options of {@link importFolder}: those of importStaged minus source and kind. */
export type ImportFolderOptions = Omit<ImportOptions, 'source' | 'kind'>;

/**
 * Imports the folder `dir` (see docs/folder-format.md): everything or, on any problem,
 * nothing, with all problems listed. Re-importing the same folder changes nothing.
 *
 * @param store the store
 * @param dir folder of `<name>.csv` / `<name>.parquet` files (and optionally `continuous/`)
 * @param options actor, replace (default false), logger (default silent), maxIssues (default 50)
 * @example
 * const report = await importFolder(store, 'examples/folder', { actor: { user: 'ana' } });
 * if (report.unchanged) console.log('already imported');
 */
export async function importFolder(store: Store, dir: string, options: ImportFolderOptions): Promise<ImportReport> {
  const log = options.logger ?? silentLogger;
  log.progress('reading files', 0);
  const staged = await stageFolder(store, dir);
  try {
    log.progress('reading files', 1, 1);
    return await importStaged(store, staged, { ...options, source: dir, kind: 'folder' });
  } finally {
    await dropStaged(store, staged);
  }
}
