import { z } from 'zod';
import { readAudit } from '../../store/audit.js';
import { createUser, listUsers, updateUser } from '../auth/users.js';
import { route } from '../route.js';
import { ROLES } from '../permissions.js';
import { reason } from '../schemas.js';

/** Users (admin only) and the audit trail (quality and admin). */
export const adminRoutes = [
  route({ method: 'get', path: '/users', tag: 'admin', permission: 'users.manage', summary: 'List users', handler: async ({ store }) => ({ users: await listUsers(store) }) }),
  route({
    method: 'post', path: '/users', tag: 'admin', permission: 'users.manage', summary: 'Create a user',
    body: z.object({ username: z.string(), role: z.enum(ROLES), password: z.string().min(12), displayName: z.string().optional(), reason }),
    handler: async ({ store, actor, body }) => ({
      user: await createUser(store, actor, { username: body.username, role: body.role, password: body.password, ...(body.displayName ? { displayName: body.displayName } : {}) }),
    }),
  }),
  route({
    method: 'put', path: '/users/:username', tag: 'admin', permission: 'users.manage', summary: 'Change role, disable, unlock or reset the password of a user',
    params: z.object({ username: z.string() }),
    body: z.object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), unlock: z.boolean().optional(), password: z.string().min(12).optional(), reason }),
    handler: async ({ store, actor, body, params }) => {
      const { reason: _r, ...change } = body;
      return { user: await updateUser(store, actor, params.username, change) };
    },
  }),
  route({
    method: 'get', path: '/audit', tag: 'admin', permission: 'audit.read', summary: 'The audit trail, newest first',
    query: z.object({ entity: z.string().max(64).optional(), key: z.string().max(256).optional(), limit: z.coerce.number().int().min(1).max(10000).default(200) }),
    handler: async ({ store, query }) => ({ entries: await readAudit(store, query) }),
  }),
];
