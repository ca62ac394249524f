import { createHash, randomBytes } from 'node:crypto';
import { audit } from '../../store/audit.js';
import type { Store } from '../../store/store.js';
import { toUser, type User } from './users.js';

/** Session lifetime; a session ends earlier on logout, password change or when the user is disabled. */
export const SESSION_HOURS = 12;
export const SESSION_COOKIE = 'causeway_session';

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * Starts a session: returns the token for the cookie and the CSRF token for the client. The
 * session and its audit entry ('login') are written in one transaction.
 */
export async function startSession(store: Store, username: string): Promise<{ token: string; csrf: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await store.transaction(async () => {
    await store.run('INSERT INTO sessions VALUES ($1, $2, $3, now(), $4::TIMESTAMPTZ)', [sha256(token), username, csrf, expires.toISOString()]);
    await audit(store, { user: username, reason: 'login' }, { action: 'login', entity: 'sessions', key: username });
  });
  return { token, csrf, expires };
}

/** The user and CSRF token of a live session, or undefined. */
export async function readSession(store: Store, token: string | undefined): Promise<{ user: User; csrf: string } | undefined> {
  if (!token) return undefined;
  // One statement: this runs before every API request, on the store's one connection.
  const row = await store.one(
    `SELECT u.*, s.csrf_token FROM sessions s JOIN users u USING (username)
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [sha256(token)],
  );
  return row ? { user: toUser(row), csrf: String(row.csrf_token) } : undefined;
}

/** Ends a session. */
export async function endSession(store: Store, token: string | undefined): Promise<void> {
  if (token) await store.transaction(() => store.run('DELETE FROM sessions WHERE token_hash = $1', [sha256(token)]));
}
