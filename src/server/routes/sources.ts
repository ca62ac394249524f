import { z } from 'zod';
import { runSourceAction, sourceActions } from '../../connectors/actions.js';
import { sourceHealth } from '../../connectors/health.js';
import { connectorKinds } from '../../connectors/kinds.js';
import { activeRunner, syncSource, testSource } from '../../connectors/runner.js';
import { addSource, getSource, removeSource, ScheduleSchema, SourceNameSchema } from '../../connectors/sources.js';
import { readDeadLetters } from '../../ingest/batch/dead-letters.js';
import { route } from '../route.js';
import { reason } from '../schemas.js';

const params = z.object({ name: z.string().max(64) });
/** A source's settings as the API takes them; secrets in `config` as the value, env:NAME or file:PATH. */
const sourceBody = z.object({
  kind: z.string().max(32).describe('opcua, sparkplug or sql'),
  config: z.record(z.string(), z.unknown()).describe('the configuration of its kind (docs/connectors.md)'),
  schedule: ScheduleSchema.optional(),
  enabled: z.boolean().optional(),
  reason,
});

/** Live sources: health for every user, configuration for administrators. */
export const sourceRoutes = [
  route({
    method: 'get', path: '/sources', tag: 'sources', permission: 'read', summary: 'Every source with its health: status, last success, lag, rows per minute, errors, dead letters',
    handler: async ({ store }) => ({ sources: await sourceHealth(store) }),
  }),
  route({
    method: 'get', path: '/source-kinds', tag: 'sources', permission: 'sources.manage', summary: 'The connector kinds there are',
    handler: async () => ({ kinds: connectorKinds().map(({ kind, title, mode }) => ({ kind, title, mode })) }),
  }),
  route({
    method: 'get', path: '/sources/:name', tag: 'sources', permission: 'sources.manage', summary: 'One source: its configuration (secrets shown as "(secret)") and health',
    params, handler: async ({ store, params }) => ({ source: await getSource(store, params.name), health: (await sourceHealth(store, params.name))[0] }),
  }),
  route({
    method: 'post', path: '/sources', tag: 'sources', permission: 'sources.manage', summary: 'Add a source (its secrets are sealed and never shown again); an enabled live or scheduled source starts at once in this server',
    body: sourceBody.extend({ name: SourceNameSchema }),
    handler: async ({ store, actor, body }) => {
      const source = await addSource(store, { name: body.name, kind: body.kind, config: body.config, ...(body.schedule ? { schedule: body.schedule } : {}), ...(body.enabled !== undefined ? { enabled: body.enabled } : {}) }, actor);
      if (source.enabled && source.schedule !== 'manual') await activeRunner()?.start([source.name]);
      return { source };
    },
  }),
  route({
    method: 'put', path: '/sources/:name', tag: 'sources', permission: 'sources.manage', summary: 'Change a source (a secret left out keeps its value); a running one restarts with the change',
    params, body: sourceBody,
    handler: async ({ store, actor, body, params }) => {
      const source = await addSource(store, { name: params.name, kind: body.kind, config: body.config, ...(body.schedule ? { schedule: body.schedule } : {}), ...(body.enabled !== undefined ? { enabled: body.enabled } : {}) }, actor, { replace: true });
      const runner = activeRunner();
      await runner?.stop([source.name]);
      if (source.enabled && source.schedule !== 'manual') await runner?.start([source.name]);
      return { source };
    },
  }),
  route({
    method: 'delete', path: '/sources/:name', tag: 'sources', permission: 'sources.manage', summary: 'Remove a source (what it stored stays)',
    params, body: z.object({ reason }),
    handler: async ({ store, actor, params }) => {
      await activeRunner()?.stop([params.name]);
      await removeSource(store, params.name, actor);
      return { removed: params.name };
    },
  }),
  route({
    method: 'post', path: '/sources/:name/test', tag: 'sources', permission: 'sources.manage', summary: 'Connect and read, storing nothing', needsReason: false,
    params, handler: async ({ store, params }) => testSource(store, params.name),
  }),
  route({
    method: 'post', path: '/sources/:name/sync', tag: 'sources', permission: 'sources.manage', summary: 'One pass now: read what is new since the watermark and store it', needsReason: false,
    params, handler: async ({ store, params }) => syncSource(store, params.name),
  }),
  route({
    method: 'get', path: '/sources/:name/actions', tag: 'sources', permission: 'sources.manage', summary: "The actions the source's kind offers (OPC UA: certificates, trust, browse); those that write need a reason",
    params, handler: async ({ store, params }) => ({ actions: await sourceActions(store, params.name) }),
  }),
  route({
    method: 'post', path: '/sources/:name/actions/:action', tag: 'sources', permission: 'sources.manage',
    summary: "Run one action of a source with its arguments (e.g. OPC UA's trust with the certificate's thumbprint: the administrator's step, audited with the reason)",
    // The reason is required by the action itself when it writes (runSourceAction), not by every action.
    needsReason: false,
    params: z.object({ name: z.string().max(64), action: z.string().min(1).max(64) }),
    body: z.object({ args: z.record(z.string(), z.string().max(1024)).default({}), reason: z.string().optional() }),
    handler: async ({ store, actor, params, body }) => ({ result: await runSourceAction(store, params.name, params.action, body.args, actor) }),
  }),
  route({
    method: 'get', path: '/sources/:name/dead-letters', tag: 'sources', permission: 'read', summary: 'What a source delivered that could not be stored, with the reason, newest first',
    params, query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    handler: async ({ store, params, query }) => ({ deadLetters: await readDeadLetters(store, { source: params.name, limit: query.limit }) }),
  }),
];
