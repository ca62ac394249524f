import { getApiKey } from '../auth/api-keys.js';
import { keysCreateVerb, keysListVerb, keysRevokeVerb } from '../auth/key-verbs.js';
import { httpErrors } from '../http-error.js';
import { allows } from '../permissions.js';
import type { RouteContext } from '../route.js';
import { verbRoute } from '../verb-route.js';

type Ctx = RouteContext<unknown, unknown, unknown>;

/** The owner a request may act on: its own user, or anyone for an administrator. */
function ownerFor(ctx: Ctx, asked: string | undefined): string | undefined {
  const me = ctx.user!;
  if (allows(me.role, 'users.manage')) return asked;
  if (asked !== undefined && asked !== me.username) throw httpErrors.forbidden('users.manage', me.role);
  return me.username;
}

/** API keys: every user manages their own; an administrator anyone's. */
export const keyRoutes = [
  verbRoute(keysListVerb, {
    method: 'get', path: '/keys', tag: 'session', permission: 'read',
    summary: 'API keys: your own, or (administrators) every key or one user\'s (owner); never the key itself',
    resolve: async (input: { owner?: string }, ctx) => ({ ...input, owner: ownerFor(ctx, input.owner) }),
  }),
  verbRoute(keysCreateVerb, {
    method: 'post', path: '/keys', tag: 'session', permission: 'read',
    summary: 'Create an API key (for you, or as an administrator for owner): the answer holds the key, shown this once; send it as Authorization: Bearer KEY',
    resolve: async (input: { name: string; owner?: string }, ctx) => ({ ...input, owner: ownerFor(ctx, input.owner) ?? ctx.user!.username }),
  }),
  verbRoute(keysRevokeVerb, {
    method: 'post', path: '/keys/:id/revoke', tag: 'session', permission: 'read',
    summary: 'Revoke an API key (your own, or as an administrator anyone\'s): requests with it are refused from then on',
    resolve: async (input: { id: string }, ctx) => {
      const key = await getApiKey(ctx.store, input.id);
      // Someone else's key answers as an unknown one: ids are not for guessing.
      if (key && key.owner !== ctx.user!.username && !allows(ctx.user!.role, 'users.manage')) throw httpErrors.notFound(`API key '${input.id}'`);
      return input;
    },
  }),
];
