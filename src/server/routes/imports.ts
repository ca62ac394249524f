import { realpathSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError, field } from '../../core/errors.js';
import { importVerb } from '../../ingest/import-verbs.js';
import { route } from '../route.js';
import { verbRoute } from '../verb-route.js';

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
  verbRoute(importVerb, {
    method: 'post', path: '/imports', tag: 'imports', permission: 'data.import', job: 'import',
    summary: 'Import a folder of the import root (folder: its name) as one transaction: a job with progress; cancelling rolls it back',
    // The API takes no paths: a folder is named under the import root; mappings run from the command line.
    resolve: async (input: { folder?: string; mapping?: string; replace: boolean }) => {
      if (input.mapping !== undefined) throw new AppError('bad_request', 'the API imports folders of the import root; mapped exports are imported from the command line', `leave out ${field('mapping')}`);
      if (input.folder === undefined) throw new AppError('bad_request', 'no folder given', `name a folder of the import root in ${field('folder')}`);
      return { ...input, folder: await resolveFolder(input.folder) };
    },
    // From the command line beside the server: a folder inside the server's import root goes by its name.
    fromCli: (raw, server) => {
      const elsewhere = `place the folder in the server's import folder ${server.imports} and run the command on it there, or import it in the workbench (Import)`;
      if (raw.mapping !== undefined) throw new AppError('not_remote', 'a mapped import reads files on this machine, which the server does not read', `${elsewhere}; or import into another store with ${field('db')}`);
      const given = typeof raw.folder === 'string' ? raw.folder : '';
      let full: string;
      let root: string;
      try {
        full = realpathSync(given);
        root = realpathSync(server.imports);
      } catch {
        throw new AppError('not_remote', `'${given}' is not a folder in the server's import folder`, elsewhere);
      }
      if (path.dirname(full) !== root) throw new AppError('not_remote', `the server imports only folders of its import folder ${server.imports}, and '${given}' is not one`, elsewhere);
      return { ...raw, folder: path.basename(full) };
    },
  }),
];
