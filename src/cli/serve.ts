import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { Option } from 'commander';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/app.js';
import { IMPORT_ROOT } from '../server/routes/imports.js';
import { ensureAdmin } from '../server/auth/users.js';
import { resolveStorePath, Store } from '../store/store.js';
import { action, intFlag, withCommon, type CommonOptions } from './common.js';

/** Where the built workbench lives: dist/web of the package (from dist/cli or, in tests, src/cli). */
export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

/** Starts the HTTP server on a store; prints the URL and, on first run, the admin login once. */
export async function startServer(opts: { db?: string; port: number; host: string; quiet?: boolean; imports?: string }): Promise<{ url: string; close: () => Promise<void> }> {
  if (opts.imports) IMPORT_ROOT.dir = path.resolve(opts.imports);
  const store = await Store.open(resolveStorePath(opts.db));
  const admin = await ensureAdmin(store);
  const { app } = createApp({ store, webRoot: WEB_ROOT });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => resolve(s));
  });
  const url = `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${opts.port}/`;
  if (!opts.quiet) {
    process.stdout.write(`causeway is serving ${store.path} at ${url}\n`);
    if (admin.created && admin.password)
      process.stdout.write(`first run: log in as '${admin.username}' with the password ${admin.password}\n(shown once; change it under Admin → Users, or set CAUSEWAY_ADMIN_PASSWORD before the first run)\n`);
    else if (admin.created) process.stdout.write(`first run: log in as '${admin.username}' with the password from CAUSEWAY_ADMIN_PASSWORD\n`);
  }
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}

/** Closes the server (and its store) on Ctrl-C or SIGTERM, then exits with 0. */
export function stopOnSignals(server: { close: () => Promise<void> }): void {
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** `causeway serve`: the HTTP API and the web workbench. */
export function register(program: Command): void {
  withCommon(program.command('serve').description('serve the HTTP API (/api, OpenAPI at /api/openapi.json) and the web workbench'))
    .addOption(new Option('--port <n>', '[number] TCP port (default: 8080)').default('8080'))
    .addOption(new Option('--host <addr>', '[string] address to listen on; 0.0.0.0 for all (default: 127.0.0.1)').default('127.0.0.1'))
    .addOption(new Option('--imports <dir>', '[string] folder whose subfolders the workbench may import (default: ./imports)'))
    .action(
      action(async (opts: CommonOptions & { port: string; host: string; imports?: string }) => {
        stopOnSignals(await startServer({ ...(opts.db ? { db: opts.db } : {}), ...(opts.imports ? { imports: opts.imports } : {}), port: intFlag('port', opts.port), host: opts.host }));
      }),
    );
}
