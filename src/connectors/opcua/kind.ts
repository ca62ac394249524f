/**
 * The `opcua` connector kind: an OPC UA server as a configured source (see docs/connectors.md,
 * OPC UA). Its actions are the administrator's certificate steps and a browse of the server.
 */
import path from 'node:path';
import { AttributeIds } from 'node-opcua-client';
import { AppError } from '../../core/errors.js';
import type { Connector, ConnectorContext, ConnectorKind, TestReport } from '../connector-types.js';
import { browseModel } from './browse.js';
import { opcuaSourceSchema, type OpcuaConfig, type OpcuaSourceConfig } from './config.js';
import { OpcuaConnector } from './connector.js';
import { IngestSink } from './ingest-sink.js';
import { listServerCertificates, openPki, trustServerCertificate } from './pki.js';
import { describeStatus } from './samples.js';
import { connectOpcua, type OpcuaConnection } from './session.js';

/**
 * The PKI folder of a source: its configuration's `pki`, else `pki/<source>` beside the store file.
 *
 * @throws AppError `opcua_config` for a store in memory without `pki`.
 */
export function pkiFolder(ctx: Pick<ConnectorContext<OpcuaSourceConfig>, 'config' | 'store' | 'source'>): string {
  if (ctx.config.pki) return ctx.config.pki;
  if (ctx.store.path === ':memory:') throw new AppError('opcua_config', `OPC UA source '${ctx.source}': a store in memory has no folder for the certificates`, 'give the source a "pki" folder');
  return path.join(path.dirname(path.resolve(ctx.store.path)), 'pki', ctx.source);
}

function resolved(ctx: ConnectorContext<OpcuaSourceConfig>): OpcuaConfig {
  return { ...ctx.config, pki: pkiFolder(ctx) };
}

/** Runs `work` on a fresh secured session, closed afterwards. */
async function withSession<T>(ctx: ConnectorContext<OpcuaSourceConfig>, work: (c: OpcuaConnection) => Promise<T>): Promise<T> {
  const config = resolved(ctx);
  const pki = await openPki(config.pki);
  try {
    const c = await connectOpcua(config, pki, ctx.logger);
    try {
      return await work(c);
    } finally {
      await c.close();
    }
  } finally {
    await pki.dispose();
  }
}

/** The connector of one source, as the framework runs it. */
class OpcuaSource implements Connector {
  private running: OpcuaConnector | undefined;

  constructor(private readonly ctx: ConnectorContext<OpcuaSourceConfig>) {}

  /** Connects, then reads every tag once: what would be stored, and what would be refused. */
  async test(): Promise<TestReport> {
    const config = resolved(this.ctx);
    try {
      return await withSession(this.ctx, async ({ session }) => {
        const notes = [`connected to ${config.endpoint} with ${config.security.mode} / ${config.security.policy}`];
        const values = config.tags.length ? await session.read(config.tags.map((t) => ({ nodeId: t.nodeId, attributeId: AttributeIds.Value }))) : [];
        let bad = 0;
        values.forEach((dv, i) => {
          const status = dv.statusCode.value >>> 0;
          if (status >>> 30 >= 2) {
            bad++;
            notes.push(`tag '${config.tags[i]!.tag}' (${config.tags[i]!.nodeId}): ${describeStatus(status)}`);
          }
        });
        notes.push(`${config.tags.length - bad} of ${config.tags.length} tags readable`);
        return { ok: bad === 0, notes };
      });
    } catch (e) {
      if (e instanceof AppError) return { ok: false, notes: [`${e.message}; ${e.hint}`] };
      throw e;
    }
  }

  async start(): Promise<void> {
    this.running = new OpcuaConnector(this.ctx.source, resolved(this.ctx), new IngestSink(this.ctx), { logger: this.ctx.logger });
    await this.running.start();
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }
}

/** The `opcua` kind (registered in src/connectors/kinds.ts). */
export const opcuaKind: ConnectorKind<OpcuaSourceConfig> = {
  kind: 'opcua',
  title: 'OPC UA server',
  mode: 'live',
  schema: opcuaSourceSchema,
  secrets: ['user.password'],
  create: (ctx) => new OpcuaSource(ctx),
  actions: {
    certificates: {
      description: 'the server certificates this source has seen: trusted, or rejected and waiting for the trust step',
      run: async (ctx) => listServerCertificates(pkiFolder(ctx)),
    },
    trust: {
      description: 'trusts the server certificate with this thumbprint (thumbprint=40 hex digits, as `certificates` shows it)',
      writes: true,
      run: async (ctx, args) => trustServerCertificate(pkiFolder(ctx), args.thumbprint ?? ''),
    },
    browse: {
      description: 'browses the server into equipment and tags, with their NodeIds (root=NodeId to start from; default Objects)',
      run: async (ctx, args) => withSession(ctx, ({ session }) => browseModel(session, { root: args.root })),
    },
  },
};
