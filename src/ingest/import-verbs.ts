/**
 * The verb of importing: a folder of the open folder format, or an export file read through a
 * mapping. All or nothing, audited, with progress; cancelling rolls it back.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { AppError, field } from '../core/errors.js';
import { flag, text } from '../core/fields.js';
import { cancellingLogger, defineVerb } from '../core/verb.js';
import { importFolder } from './import-folder.js';
import { importMapped } from './mapping/import-mapped.js';

/** What to import. */
export const importFields = z.object({
  folder: text(4096).optional().meta({
    title: 'Folder',
    description: 'folder to import; with mapping, an export file read instead of the first input the mapping names (default: with mapping, the files the mapping names)',
  }),
  mapping: text(4096).optional().meta({ title: 'Mapping', description: 'mapping (YAML or JSON) that reads the folder argument as an export of another system (default: none, it is a folder)' }),
  replace: flag().default(false).meta({ title: 'Replace', description: 'replace stored values that differ, keeping the old ones as prior versions; needs a reason' }),
});

/** `import FOLDER` (or `import FILE --mapping MAP`): one transaction, all or nothing. */
export const importVerb = defineVerb({
  name: 'import',
  summary: 'import a folder of the open folder format (docs/folder-format.md), or an export file with a mapping; all or nothing',
  fields: importFields, positional: ['folder'], writes: true,
  rules: (v, issue) => {
    if (v.folder === undefined && v.mapping === undefined) issue('folder', `no folder given: give the path of a folder, or ${field('mapping')} (with or without an export file)`);
  },
  run: async (store, v, ctx) => {
    if (v.replace && !ctx.actor.reason) throw new AppError('reason_required', `${field('replace')} needs a reason`, `add a ${field('reason')}: why the stored values are corrected`);
    const options = { actor: ctx.actor, replace: v.replace, logger: cancellingLogger(ctx) };
    if (v.folder !== undefined && !existsSync(v.folder)) throw new AppError('not_found', `'${v.folder}' does not exist`, 'give the path of a folder (or of a file with a mapping)');
    if (v.mapping !== undefined) return importMapped(store, v.folder, v.mapping, options);
    if (!statSync(v.folder!).isDirectory()) throw new AppError('not_a_folder', `'${v.folder}' is a file`, `give a folder of the open folder format, or a ${field('mapping')} to import a file`);
    return importFolder(store, v.folder!, options);
  },
});
