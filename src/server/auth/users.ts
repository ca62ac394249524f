import { AppError } from '../../core/errors.js';
import { audit } from '../../store/audit.js';
import type { Actor, Store } from '../../store/store.js';
import { isRole, type Role } from '../permissions.js';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.js';

/** A workbench user as the API shows it (never the hash). */
export interface User {
  username: string;
  role: Role;
  displayName: string | null;
  disabled: boolean;
  lockedUntil: Date | null;
}

/** Lock-out policy: this many failed logins within the window lock the account for the window. */
export const LOCKOUT = { failures: 5, windowMinutes: 15 } as const;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** A user from a `users` row (every column but the hash is read). */
export function toUser(r: Record<string, unknown>): User {
  return {
    username: String(r.username),
    role: r.role as Role,
    displayName: (r.display_name as string | null) ?? null,
    disabled: Boolean(r.disabled),
    lockedUntil: (r.locked_until as Date | null) ?? null,
  };
}

/** Lists users. */
export async function listUsers(store: Store): Promise<User[]> {
  return (await store.all('SELECT * FROM users ORDER BY username')).map(toUser);
}

/** Reads one user, or undefined. */
export async function getUser(store: Store, username: string): Promise<User | undefined> {
  const r = await store.one('SELECT * FROM users WHERE username = $1', [username]);
  return r ? toUser(r) : undefined;
}

/** Creates a user with a role; audited. */
export async function createUser(store: Store, actor: Actor, input: { username: string; role: string; password: string; displayName?: string }): Promise<User> {
  if (!USERNAME.test(input.username))
    throw new AppError('bad_username', `username '${input.username}' is not allowed`, 'use 2–64 lower-case letters, digits, dot, dash or underscore');
  if (!isRole(input.role)) throw new AppError('bad_role', `role '${input.role}' does not exist`, 'use viewer, manufacturing, quality, tech-transfer or admin');
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('weak_password', problem, 'choose a longer password or a pass phrase');
  if (await getUser(store, input.username)) throw new AppError('user_exists', `user '${input.username}' already exists`, 'pick another username');
  const hash = await hashPassword(input.password);
  await store.transaction(async () => {
    await store.run('INSERT INTO users VALUES ($1, $2, $3, $4, false, NULL, now(), $5)', [input.username, input.role, hash, input.displayName ?? null, actor.user]);
    await audit(store, actor, { action: 'insert', entity: 'users', key: input.username, field: 'role', newValue: input.role });
  });
  return (await getUser(store, input.username))!;
}

/** Changes role, display name, disabled flag, unlocks or resets the password of a user; audited with old and new value. */
export async function updateUser(store: Store, actor: Actor, username: string, change: { role?: string; displayName?: string | null; disabled?: boolean; unlock?: boolean; password?: string }): Promise<User> {
  const before = await getUser(store, username);
  if (!before) throw new AppError('not_found', `user '${username}' does not exist`, 'list users with GET /api/users');
  if (change.role !== undefined && !isRole(change.role)) throw new AppError('bad_role', `role '${change.role}' does not exist`, 'use viewer, manufacturing, quality, tech-transfer or admin');
  if (change.password !== undefined) {
    const problem = passwordProblem(change.password);
    if (problem) throw new AppError('weak_password', problem, 'choose a longer password or a pass phrase');
  }
  const hash = change.password !== undefined ? await hashPassword(change.password) : undefined;
  await store.transaction(async () => {
    if (change.role !== undefined && change.role !== before.role) {
      await store.run('UPDATE users SET role = $2 WHERE username = $1', [username, change.role]);
      await audit(store, actor, { action: 'update', entity: 'users', key: username, field: 'role', oldValue: before.role, newValue: change.role });
    }
    const name = change.displayName === undefined ? undefined : change.displayName?.trim() || null;
    if (name !== undefined && name !== before.displayName) {
      await store.run('UPDATE users SET display_name = $2 WHERE username = $1', [username, name]);
      await audit(store, actor, { action: 'update', entity: 'users', key: username, field: 'display_name', oldValue: before.displayName ?? '', newValue: name ?? '' });
    }
    if (change.disabled !== undefined && change.disabled !== before.disabled) {
      await store.run('UPDATE users SET disabled = $2 WHERE username = $1', [username, change.disabled]);
      await store.run('DELETE FROM sessions WHERE username = $1', [username]);
      await audit(store, actor, { action: 'update', entity: 'users', key: username, field: 'disabled', oldValue: String(before.disabled), newValue: String(change.disabled) });
    }
    if (change.unlock) {
      await store.run('UPDATE users SET locked_until = NULL WHERE username = $1', [username]);
      await store.run("INSERT INTO login_attempts VALUES ($1, 'unlock', now(), true)", [username]);
      await audit(store, actor, { action: 'unlock', entity: 'users', key: username });
    }
    if (hash !== undefined) {
      await store.run('UPDATE users SET password_hash = $2 WHERE username = $1', [username, hash]);
      await store.run('DELETE FROM sessions WHERE username = $1', [username]);
      await audit(store, actor, { action: 'update', entity: 'users', key: username, field: 'password', oldValue: '(hidden)', newValue: '(changed)' });
    }
  });
  return (await getUser(store, username))!;
}

/**
 * Makes sure an admin exists. With none, creates `admin` with the password from
 * CAUSEWAY_ADMIN_PASSWORD or a generated one, returned once so the caller can print it.
 * There is never a default password.
 */
export async function ensureAdmin(store: Store, env: NodeJS.ProcessEnv = process.env): Promise<{ created: boolean; username: string; password?: string; fromEnv?: boolean }> {
  const n = Number(await store.value("SELECT count(*) FROM users WHERE role = 'admin'"));
  if (n > 0) return { created: false, username: 'admin' };
  const fromEnv = env.CAUSEWAY_ADMIN_PASSWORD;
  const password = fromEnv ?? generatePassword();
  await createUser(store, { user: 'causeway', reason: 'first run: create the administrator' }, { username: 'admin', role: 'admin', password, displayName: 'Administrator' });
  return fromEnv ? { created: true, username: 'admin', fromEnv: true } : { created: true, username: 'admin', password };
}

/**
 * Checks a login. Counts failures per user; after {@link LOCKOUT}.failures failures inside the
 * window the account is locked for the window, with an audit entry. The answer never tells
 * whether the user exists.
 */
export async function checkLogin(store: Store, username: string, password: string, address: string): Promise<User> {
  const denied = new AppError('login_failed', 'user name or password is wrong', 'check both; after 5 failures in 15 minutes the account is locked for 15 minutes');
  const row = await store.one('SELECT * FROM users WHERE username = $1', [username]);
  const now = new Date();
  if (row && row.locked_until instanceof Date && row.locked_until > now)
    throw new AppError('account_locked', `account '${username}' is locked until ${row.locked_until.toISOString()}`, 'wait, or ask an administrator to unlock it');
  const ok = row !== undefined && !row.disabled && (await verifyPassword(password, String(row.password_hash)));
  await store.transaction(async () => {
    await store.run('INSERT INTO login_attempts VALUES ($1, $2, now(), $3)', [username, address, ok]);
    if (ok || !row) return;
    const failures = Number(
      await store.value(
        `SELECT count(*) FROM login_attempts WHERE username = $1 AND NOT ok
           AND at_time > now() - INTERVAL ${LOCKOUT.windowMinutes} MINUTE
           AND at_time > coalesce((SELECT max(at_time) FROM login_attempts WHERE username = $1 AND ok), '-infinity'::TIMESTAMPTZ)`,
        [username],
      ),
    );
    if (failures >= LOCKOUT.failures) {
      await store.run(`UPDATE users SET locked_until = now() + INTERVAL ${LOCKOUT.windowMinutes} MINUTE WHERE username = $1`, [username]);
      await audit(store, { user: 'causeway', reason: `${failures} failed logins from ${address}` }, { action: 'lockout', entity: 'users', key: username });
    }
  });
  if (!ok || !row) throw denied;
  return toUser(row);
}

/**
 * Checks a password re-entered to sign (approving limits, any electronic signature). Counts as a login attempt,
 * so wrong passwords here lead to the same lock-out, with its audit entry, as at the login.
 *
 * @param store - the store.
 * @param username - the signed-in user.
 * @param password - the password they re-entered.
 * @param address - where the request came from (for the lock-out's audit entry).
 * @throws AppError `reauthentication_failed` for a wrong password, `account_locked` when locked.
 */
export async function reauthenticate(store: Store, username: string, password: string, address: string): Promise<void> {
  try {
    await checkLogin(store, username, password, address);
  } catch (e) {
    if (e instanceof AppError && e.code === 'login_failed') {
      throw new AppError('reauthentication_failed', 'the password you re-entered is wrong', 'a signature needs your own password: re-enter it (failures count toward the lock-out)');
    }
    throw e;
  }
}
