/**
 * The verbs of API keys: create (shown once), list, revoke. On the store file they act for the
 * user named (the file's holder may act for anyone, as for every other write); over HTTP a user
 * manages their own keys and an administrator anyone's (server/routes/keys.ts).
 */
import { z } from 'zod';
import { text } from '../../core/fields.js';
import { defineVerb } from '../../core/verb.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';

const owner = text(64).optional().meta({ title: 'Owner', description: 'the workbench user the key acts as (default: you)' });

/** `keys create NAME`: a new key, shown once. */
export const keysCreateVerb = defineVerb({
  name: 'keys create',
  summary: 'create an API key for scripts: it acts as its owner, with their role; shown once',
  fields: z.object({
    name: text(100).meta({ title: 'Name', description: 'what the key is for, e.g. nightly-report', examples: ['nightly-report'] }),
    owner,
  }),
  positional: ['name'], writes: true,
  run: (store, v, ctx) => createApiKey(store, ctx.actor, { owner: v.owner ?? ctx.actor.user, name: v.name }),
});

/** `keys list`: keys with their owner, creation, last use and revocation; never the key. */
export const keysListVerb = defineVerb({
  name: 'keys list',
  summary: 'API keys, newest first: owner, created, last used, revoked (never the key itself)',
  fields: z.object({ owner: text(64).optional().meta({ title: 'Owner', description: 'only the keys of this user (default: every key on the store file; your own through a server)' }) }),
  run: async (store, v) => ({ keys: await listApiKeys(store, v.owner) }),
});

/** `keys revoke ID`: the key is refused from then on. */
export const keysRevokeVerb = defineVerb({
  name: 'keys revoke',
  summary: 'revoke an API key: every request with it is refused from then on',
  fields: z.object({ id: text(64).meta({ title: 'Key', description: 'the id of the key (keys list shows it)', examples: ['3f9a0c21d4e8'] }) }),
  positional: ['id'], writes: true,
  run: (store, v, ctx) => revokeApiKey(store, ctx.actor, v.id),
});
