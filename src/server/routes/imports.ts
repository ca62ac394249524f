import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { importFolder } from '../../ingest/import-folder.js';
import { route } from '../route.js';
import { reason } from '../schemas.js';

/**
 * Folders under the import root (`causeway serve --imports DIR`, default `./imports`) are the
 * sources the workbench can import: an administrator or a data steward places a folder there;
 * a request names it by its folder name only, never by a path.
 */
export const IMPORT_ROOT = { dir: path.resolve('imports') };

const FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

async function resolveFolder(name: string): Promise<string> {
  if (!FOLDER.test(name) || name.includes('..')) throw new AppError('bad_folder', `'${name}' is not a folder name`, 'give the name of a folder directly under the import root (letters, digits, . _ -)');
  const root = await realpath(IMPORT_ROOT.dir).catch(() => {
    throw new AppError('no_import_root', 'the server has no import folder', "an administrator creates the folder 'imports' in the server's working folder, or names one when the server starts");
  });
  const full = await realpath(path.join(root, name)).catch(() => {
    throw new AppError('not_found', `folder '${name}' is not in the import root`, 'list the folders with GET /api/imports/folders');
  });
  // A symbolic link must not lead out of the import root.
  if (path.dirname(full) !== root) throw new AppError('bad_folder', `folder '${name}' points outside the import root`, 'place the data itself in the import root');
  return full;
}

/** Data import from the server's import root, as a cancellable job with progress. */
export const importRoutes = [
  route({
    method: 'get', path: '/imports/folders', tag: 'imports', permission: 'data.import', summary: 'Folders in the import root that can be imported',
    handler: async () => {
      const entries = await readdir(IMPORT_ROOT.dir, { withFileTypes: true }).catch(() => []);
      return { root: path.basename(IMPORT_ROOT.dir), folders: entries.filter((e) => e.isDirectory() && FOLDER.test(e.name)).map((e) => e.name).sort() };
    },
  }),
  route({
    method: 'get', path: '/imports', tag: 'imports', permission: 'read', summary: 'Imports so far, newest first',
    handler: async ({ store }) => ({ imports: await store.all('SELECT import_id, kind, source, user_name, reason, started_at, finished_at, counts FROM imports ORDER BY started_at DESC LIMIT 200') }),
  }),
  route({
    method: 'post', path: '/imports', tag: 'imports', permission: 'data.import', summary: 'Import a folder of the open folder format as one transaction: a job with progress; cancelling rolls it back',
    body: z.object({ folder: z.string().min(1).max(128), replace: z.boolean().optional(), reason }),
    handler: async ({ jobs, body, actor, user }) => {
      const dir = await resolveFolder(body.folder);
      return jobs.start('import', user!.username, (log, signal, store) => {
        // Progress is reported inside the import's transaction: throwing there on cancel rolls everything back.
        const logger: Logger = {
          ...log,
          progress: (label, done, total) => {
            if (signal.aborted) throw new AppError('cancelled', 'the import was cancelled; nothing was stored', 'start it again when needed');
            log.progress(label, done, total);
          },
        };
        return importFolder(store, dir, { actor, logger, ...(body.replace ? { replace: true } : {}) });
      });
    },
  }),
];
