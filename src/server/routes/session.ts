import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { endSession, SESSION_COOKIE, startSession } from '../auth/sessions.js';
import { checkLogin } from '../auth/users.js';
import { httpErrors } from '../http-error.js';
import { route } from '../route.js';
import { PERMISSIONS, ROLES, allows, type Permission } from '../permissions.js';

const login = z.object({
  username: z.string().min(1).max(64).describe('user name'),
  password: z.string().min(1).max(1024).describe('password'),
});

/** Log in, log out, who am I: the session routes. */
export const sessionRoutes = [
  route({
    method: 'post', path: '/session', tag: 'session', permission: 'public', needsReason: false, body: login,
    summary: 'Log in: sets an HTTP-only, SameSite=Strict session cookie and returns the CSRF token for writes',
    handler: async ({ store, body, c }) => {
      const address = c.req.header('x-forwarded-for') ?? 'local';
      const user = await checkLogin(store, body.username, body.password, address);
      const s = await startSession(store, user.username);
      setCookie(c, SESSION_COOKIE, s.token, {
        httpOnly: true, sameSite: 'Strict', path: '/', expires: s.expires,
        secure: new URL(c.req.url).protocol === 'https:',
      });
      return { user, csrf: s.csrf, expires: s.expires.toISOString(), permissions: permissionsOf(user.role) };
    },
  }),
  route({
    method: 'get', path: '/session', tag: 'session', permission: 'read',
    summary: 'The logged-in user, their permissions and the CSRF token',
    handler: async ({ user, csrf }) => {
      if (!user) throw httpErrors.unauthenticated();
      return { user, csrf, permissions: permissionsOf(user.role) };
    },
  }),
  route({
    method: 'delete', path: '/session', tag: 'session', permission: 'read', needsReason: false,
    summary: 'Log out',
    handler: async ({ store, c }) => {
      await endSession(store, getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'get', path: '/roles', tag: 'session', permission: 'read',
    summary: 'The roles and the permission matrix',
    handler: async () => ({ roles: ROLES, permissions: PERMISSIONS }),
  }),
];

function permissionsOf(role: (typeof ROLES)[number]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p !== 'public' && allows(role, p));
}
