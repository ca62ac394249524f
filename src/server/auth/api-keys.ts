import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { audit } from '../../store/audit.js';
import type { Actor, Store } from '../../store/store.js';
import { toUser, type User } from './users.js';

/**
 * API keys: how scripts (and the command line beside a running server) reach the HTTP API. A
 * key belongs to one workbench user and acts with that user's role; it is a random 256-bit
 * token shown once when it is made, and the store keeps only its SHA-256. A key is revoked,
 * never deleted, so the audit trail can always name the key a write came through.
 */

/** Keys start with this, so people and secret scanners recognise one. */
export const KEY_PREFIX = 'cwk_';

/** A key as lists show it (never the key, never its hash). */
export interface ApiKeyInfo {
  id: string;
  name: string;
  owner: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** A key just made: the only time `key` is ever shown. */
export interface NewApiKey extends ApiKeyInfo {
  key: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function toInfo(r: Record<string, unknown>): ApiKeyInfo {
  return {
    id: String(r.key_id), name: String(r.name), owner: String(r.username),
    createdAt: r.created_at as Date, createdBy: String(r.created_by),
    lastUsedAt: (r.last_used_at as Date | null) ?? null, revokedAt: (r.revoked_at as Date | null) ?? null, revokedBy: (r.revoked_by as string | null) ?? null,
  };
}

/**
 * Makes a key for `owner` (an existing, enabled user); audited. The key is returned once.
 *
 * @param store - the store.
 * @param actor - who makes it and why (the owner, or an administrator).
 * @param input - `owner` the user the key acts as; `name` what it is for, e.g. 'nightly SPC report'.
 * @example const { key } = await createApiKey(store, { user: 'ana', reason: 'report script' }, { owner: 'ana', name: 'nightly report' })
 */
export async function createApiKey(store: Store, actor: Actor, input: { owner: string; name: string }): Promise<NewApiKey> {
  const user = await store.one('SELECT username, disabled FROM users WHERE username = $1', [input.owner]);
  if (!user) throw new AppError('not_found', `user '${input.owner}' does not exist`, 'a key belongs to a workbench user: name one that exists (Admin → Users)');
  if (user.disabled) throw new AppError('forbidden', `user '${input.owner}' is disabled`, 'an administrator enables the user first');
  const id = randomBytes(6).toString('hex');
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  await store.transaction(async () => {
    await store.run('INSERT INTO api_keys VALUES ($1, $2, $3, $4, now(), $5, NULL, NULL, NULL)', [id, sha256(key), input.name, input.owner, actor.user]);
    await audit(store, actor, { action: 'insert', entity: 'api_keys', key: id, field: 'owner', newValue: `${input.owner} (${input.name})` });
  });
  return { ...(await getApiKey(store, id))!, key };
}

/** One key's description, or undefined. */
export async function getApiKey(store: Store, id: string): Promise<ApiKeyInfo | undefined> {
  const r = await store.one('SELECT * FROM api_keys WHERE key_id = $1', [id]);
  return r ? toInfo(r) : undefined;
}

/** Keys of one user (or of everyone), newest first, revoked ones included. */
export async function listApiKeys(store: Store, owner?: string): Promise<ApiKeyInfo[]> {
  const rows = owner === undefined
    ? await store.all('SELECT * FROM api_keys ORDER BY created_at DESC, key_id')
    : await store.all('SELECT * FROM api_keys WHERE username = $1 ORDER BY created_at DESC, key_id', [owner]);
  return rows.map(toInfo);
}

/** Revokes a key: it is refused from then on; audited. Revoking a revoked key changes nothing. */
export async function revokeApiKey(store: Store, actor: Actor, id: string): Promise<ApiKeyInfo> {
  const before = await getApiKey(store, id);
  if (!before) throw new AppError('not_found', `API key '${id}' does not exist`, 'list the keys with `causeway keys list` or GET /api/keys');
  if (before.revokedAt) return before;
  await store.transaction(async () => {
    await store.run('UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE key_id = $1', [id, actor.user]);
    await audit(store, actor, { action: 'revoke', entity: 'api_keys', key: id, field: 'revoked', oldValue: 'false', newValue: 'true' });
  });
  return (await getApiKey(store, id))!;
}

/**
 * The user a key acts as, or an error: a key that is unknown, revoked or whose user is disabled
 * is refused alike (`bad_api_key`), so an answer never tells which.
 *
 * @returns the user and the key's id (for the audit trail), and whether its last use is older
 *   than a minute (the caller then records the use; see {@link touchApiKey}).
 */
export async function readApiKey(store: Store, key: string): Promise<{ user: User; keyId: string; stale: boolean }> {
  const row = key.startsWith(KEY_PREFIX)
    ? await store.one(
      `SELECT u.*, k.key_id, (k.last_used_at IS NULL OR k.last_used_at < now() - INTERVAL 1 MINUTE) AS stale
       FROM api_keys k JOIN users u USING (username)
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND NOT u.disabled`,
      [sha256(key)],
    )
    : undefined;
  if (!row) throw new AppError('bad_api_key', 'the API key is not valid (unknown, revoked, or its user is disabled)', 'create a new key in the workbench (your name → API keys) or with `causeway keys create`');
  return { user: toUser(row), keyId: String(row.key_id), stale: Boolean(row.stale) };
}

/**
 * Records that a key was used now. Kept to once a minute per key (see {@link readApiKey}), so
 * a script's requests do not each queue a write behind a long import.
 */
export async function touchApiKey(store: Store, id: string): Promise<void> {
  await store.transaction(() => store.run('UPDATE api_keys SET last_used_at = now() WHERE key_id = $1', [id]));
}
