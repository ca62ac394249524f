/**
 * Secrets of source configurations (passwords, private keys): never written to the store or the
 * audit trail in clear, never echoed back.
 *
 * A secret field of a configuration is given as one of
 * - `env:NAME` — read from the environment variable NAME when the source runs (stored as the
 *   reference `{"$env": "NAME"}`);
 * - `file:PATH` — read from the file PATH when the source runs (`{"$file": "PATH"}`);
 * - anything else — the secret itself, sealed with AES-256-GCM before it is stored
 *   (`{"$sealed": "v1.…"}`), bound to its source and field so it cannot be moved to another.
 *
 * The sealing key is `CAUSEWAY_SECRET_KEY` (64 hex digits or 44 base64 characters: 32 bytes)
 * or, without it, the file `<store>.secret-key` beside the store, created on first use
 * readable by its owner only. A copy of the store without that key holds no usable secret.
 *
 * @see NIST SP 800-38D (GCM)
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';

/** A stored secret: a reference or a sealed value. */
export type StoredSecret = { $env: string } | { $file: string } | { $sealed: string };

/** How a secret is shown: never its value. */
export const SECRET_SHOWN = '(secret)';

/** True for a stored secret object. */
export function isStoredSecret(v: unknown): v is StoredSecret {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && ['$env', '$file', '$sealed'].includes(Object.keys(v)[0]!);
}

const keys = new Map<string, Buffer>();

/**
 * The sealing key of a store: `CAUSEWAY_SECRET_KEY`, else `<store>.secret-key` (created on
 * first use, mode 0600); an in-memory store gets a key of the process.
 */
export function secretKey(storePath: string): Buffer {
  const env = process.env.CAUSEWAY_SECRET_KEY?.trim();
  if (env) {
    const key = /^[0-9a-f]{64}$/i.test(env) ? Buffer.from(env, 'hex') : Buffer.from(env, 'base64');
    if (key.length !== 32) throw new AppError('bad_secret_key', 'CAUSEWAY_SECRET_KEY is not a 32-byte key', 'give 64 hex digits, e.g. from `openssl rand -hex 32`');
    return key;
  }
  const known = keys.get(storePath);
  if (known) return known;
  let key: Buffer;
  if (storePath === ':memory:') key = randomBytes(32);
  else {
    const file = `${storePath}.secret-key`;
    if (existsSync(file)) {
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
      if (key.length !== 32) throw new AppError('bad_secret_key', `the key file '${file}' does not hold a 32-byte key`, 'restore it from the backup of the store, or remove it and enter the sources\' secrets again');
    } else {
      key = randomBytes(32);
      writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    }
  }
  keys.set(storePath, key);
  return key;
}

/**
 * A secret as given → its stored form (`env:`/`file:` references kept as such, anything else
 * sealed for `source` and `field`).
 */
export function sealSecret(value: string, key: Buffer, source: string, field: string): StoredSecret {
  if (value.startsWith('env:')) return { $env: value.slice(4) };
  if (value.startsWith('file:')) return { $file: value.slice(5) };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${source}\u0000${field}`));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { $sealed: ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.') };
}

/** A stored secret → its value (reads the environment variable or file it refers to). */
export function openSecret(stored: StoredSecret, key: Buffer, source: string, field: string): string {
  if ('$env' in stored) {
    const v = process.env[stored.$env];
    if (v === undefined) throw new AppError('secret_missing', `source '${source}': the environment variable ${stored.$env} (for ${field}) is not set`, `set ${stored.$env} where causeway runs, or give the secret again`);
    return v;
  }
  if ('$file' in stored) {
    try {
      return readFileSync(stored.$file, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new AppError('secret_missing', `source '${source}': cannot read the file '${stored.$file}' (for ${field}): ${(e as Error).message}`, 'check the path and its permissions, or give the secret again');
    }
  }
  const [version, iv, tag, data] = stored.$sealed.split('.');
  try {
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(`${source}\u0000${field}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('secret_unreadable', `source '${source}': the stored ${field} cannot be opened with this store's key`, 'the store was moved without its .secret-key file or CAUSEWAY_SECRET_KEY changed: restore the key, or give the secret again with `causeway sources add … --replace`');
  }
}

/** How a stored secret is shown: "(secret)", or the reference (a variable or file name is no secret). */
export function showSecret(stored: StoredSecret): string {
  if ('$env' in stored) return `env:${stored.$env}`;
  if ('$file' in stored) return `file:${stored.$file}`;
  return SECRET_SHOWN;
}

/** The value at a dotted path of a plain object, or undefined. */
export function getPath(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A copy of `o` with the value at a dotted path replaced (missing objects on the way created). */
export function setPath<T>(o: T, path: string, value: unknown): T {
  const parts = path.split('.');
  const copy = structuredClone(o) as Record<string, unknown>;
  let cur = copy;
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
  return copy as T;
}
