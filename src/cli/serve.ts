import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { Option } from 'commander';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, field, isAppError } from '../core/errors.js';
import { createApp } from '../server/app.js';
import { VERSION } from '../core/version.js';
import { discoveryPath, findServer, writeServerRecord, type ServerRecord } from '../server/discovery.js';
import { IMPORT_ROOT } from '../server/routes/imports.js';
import { ensureAdmin } from '../server/auth/users.js';
import { SourceRunner, setActiveRunner } from '../connectors/runner.js';
import { resolveStorePath, Store } from '../store/store.js';
import { action, intFlag, withCommon, type CommonOptions } from './common.js';

/** Where the built workbench lives: dist/web of the package (from dist/cli or, in tests, src/cli). */
export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

/** A failure to listen as the error a user can act on (port taken, not allowed); anything else as it is. */
function listenError(e: unknown, port: number, host: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const other = `start on another port, e.g. --port ${port < 65535 ? port + 1 : port - 1}`;
  if (code === 'EADDRINUSE') return new AppError('port_in_use', `port ${port} on ${host} is already in use by another program (perhaps causeway running already)`, `stop that program, or ${other}`);
  if (code === 'EACCES') return new AppError('port_not_allowed', `port ${port} on ${host} may not be opened by this user`, `${other} (ports below 1024 need privileges)`);
  if (code === 'EADDRNOTAVAIL') return new AppError('bad_host', `address ${host} is not an address of this machine`, 'use --host 127.0.0.1 (this machine only) or 0.0.0.0 (all addresses)');
  return e;
}

/**
 * Checks that the server could listen on `port` at `host` by opening and closing it, so a long
 * start (building the demo network) fails at once when the port is taken. The server itself
 * reports the same errors should the port be taken in between.
 */
export async function checkPort(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e) => reject(listenError(e, port, host)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Writes the discovery file; a store in memory has none, and a folder that cannot take it only costs the CLI its way in. */
function recordServer(record: ServerRecord, storePath: string): () => void {
  if (storePath === ':memory:') return () => {};
  try {
    return writeServerRecord(record);
  } catch (e) {
    process.stderr.write(`warning: cannot write ${discoveryPath(record.store)} (${(e as Error).message}): commands run on this store while the server holds it cannot find the server\n`);
    return () => {};
  }
}

/** Starts the HTTP server on a store; prints the URL and, on first run, the admin login once. */
export async function startServer(opts: { db?: string; port: number; host: string; quiet?: boolean; imports?: string; store?: Store }): Promise<{ url: string; close: () => Promise<void> }> {
  if (opts.imports) IMPORT_ROOT.dir = path.resolve(opts.imports);
  // The hub serves the workbench on the store it already holds (DuckDB: one process per file).
  const storePath = opts.store?.path ?? resolveStorePath(opts.db);
  const store = opts.store ?? await Store.open(storePath).catch(async (e: unknown) => {
    if (!isAppError(e) || e.code !== 'store_locked') throw e;
    const found = await findServer(storePath);
    if (found.state !== 'live') throw e;
    throw new AppError('store_locked', `the store '${storePath}' is already served at ${found.server.url} (process ${found.server.pid})`, `open the workbench there, or serve another store with ${field('db')}`);
  });
  const admin = await ensureAdmin(store);
  const { app } = createApp({ store, webRoot: WEB_ROOT });
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
  } catch (e) {
    store.close();
    throw listenError(e, opts.port, opts.host);
  }
  // The port listened on: the one asked for, or the free one the system chose for port 0 (tests).
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : opts.port;
  const url = `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${port}/`;
  // The live sources run in the server that holds the store (docs/connectors.md).
  // Commands run on this store while the server holds it find it here (server/discovery.ts).
  const forget = recordServer({ url, pid: process.pid, started: new Date().toISOString(), store: path.resolve(store.path), imports: IMPORT_ROOT.dir, version: VERSION }, store.path);
  const runner = new SourceRunner(store);
  setActiveRunner(runner);
  const running = await runner.start();
  if (running.length > 0 && !opts.quiet) process.stdout.write(`running sources: ${running.join(', ')}\n`);
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
        forget();
        server.close(() => {
          setActiveRunner(undefined);
          void runner.stop().finally(() => {
            store.close();
            resolve();
          });
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
