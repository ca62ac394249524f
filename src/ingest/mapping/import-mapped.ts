import type { Logger } from '../../core/logger.js';
import type { Actor, Store } from '../../store/store.js';
import { importStaged, type ImportReport } from '../import-staged.js';
import { loadMapping } from './load-mapping.js';
import { dropStaged, stageMapping } from './stage-mapping.js';

/** Options for {@link importMapped}. */
export interface MappedImportOptions {
  /** Who imports and why (a reason is required with `replace`). */
  actor: Actor;
  /** Replace stored values that differ, keeping the old ones as prior versions. Default false. */
  replace?: boolean;
  /** Progress and notes. Default: silent. */
  logger?: Logger;
}

/**
 * Imports real exports through a declarative mapping (docs/mapping.md): the mapping is validated,
 * its inputs are read and transformed into the staged tables of the folder format inside DuckDB,
 * and those go through the same validating, transactional, idempotent import as a folder
 * (`importStaged`): any problem and nothing is stored; re-importing the same data changes nothing.
 *
 * @param store - the store to import into.
 * @param file - a file replacing the first input's file(s); `undefined` reads the files the
 *   mapping names (relative to the mapping file).
 * @param mappingPath - the mapping file (YAML or JSON).
 * @param options - actor, replace (default false), logger (default silent).
 * @returns what was imported (counts per file and table; `unchanged` when nothing changed).
 * @example
 * const report = await importMapped(store, undefined, 'examples/zagar2022/mapping.yaml', { actor: { user: 'ana' } });
 * @see docs/mapping.md
 */
export async function importMapped(store: Store, file: string | undefined, mappingPath: string, options: MappedImportOptions): Promise<ImportReport> {
  const loaded = await loadMapping(mappingPath);
  const staged = await stageMapping(store, loaded, { ...(file !== undefined ? { file } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  try {
    return await importStaged(store, staged.staged, {
      actor: options.actor,
      source: [mappingPath, ...staged.files].join(' + '),
      kind: 'mapping',
      replace: options.replace ?? false,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } finally {
    await dropStaged(store, staged.temp);
  }
}
