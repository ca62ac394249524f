import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The discovery file: a server that holds a store records where it listens next to the store
 * (`<store>.server.json`), so that a command run on the same store while the server holds it
 * (DuckDB lets one process open a file) can reach it through the HTTP API instead. It holds no
 * secret: the address, the process, when it started, and the server's import folder.
 */
export interface ServerRecord {
  /** Base URL of the server, ending in '/'. */
  url: string;
  pid: number;
  /** ISO 8601. */
  started: string;
  /** The store file the server holds (absolute). */
  store: string;
  /** The folder whose subfolders the server imports (absolute). */
  imports: string;
  version: string;
}

/** Where the record of the server holding `store` is kept. */
export function discoveryPath(store: string): string {
  return `${path.resolve(store)}.server.json`;
}

/**
 * Writes the record (readable and writable by the owner only, 0600) and returns a function that
 * removes it again, to be called on a clean shutdown. A record left by a server that did not
 * shut down cleanly is replaced.
 */
export function writeServerRecord(record: ServerRecord): () => void {
  const file = discoveryPath(record.store);
  // The mode applies only to a new file: remove an old one first.
  rmSync(file, { force: true });
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return () => {
    // Only our own record: a later server on the same store may have written its own.
    if (readServerRecord(record.store)?.pid === record.pid) rmSync(file, { force: true });
  };
}

/** The record next to `store`, when there is a readable one. */
export function readServerRecord(store: string): ServerRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(discoveryPath(store), 'utf8')) as Partial<ServerRecord>;
    if (typeof r.url !== 'string' || typeof r.pid !== 'number') return undefined;
    return r as ServerRecord;
  } catch {
    return undefined;
  }
}

/** What a command finds about the server holding a store. */
export type ServerFound =
  | { state: 'live'; server: ServerRecord }
  | { state: 'stale'; server: ServerRecord; why: string }
  | { state: 'none' };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Looks for the server that holds `store`: its record, its process alive, and its URL answering
 * `/api/health` within `timeoutMs`. A record whose process is gone or whose URL does not answer
 * is stale, with the reason in words.
 */
export async function findServer(store: string, timeoutMs = 3000): Promise<ServerFound> {
  const server = readServerRecord(store);
  if (!server) return { state: 'none' };
  if (!alive(server.pid)) return { state: 'stale', server, why: `the server recorded in ${discoveryPath(store)} (process ${server.pid}) is no longer running` };
  try {
    const r = await fetch(new URL('api/health', server.url), { signal: AbortSignal.timeout(timeoutMs) });
    if (r.ok) return { state: 'live', server };
    return { state: 'stale', server, why: `the server recorded at ${server.url} answers ${r.status} to a health check` };
  } catch (e) {
    return { state: 'stale', server, why: `the server recorded at ${server.url} does not answer (${(e as Error).message})` };
  }
}
