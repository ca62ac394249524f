import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Option, type Command } from 'commander';
import { AppError, isAppError } from '../core/errors.js';
import { Hub } from '../network/hub.js';
import { networkHealth, type SiteHealth } from '../network/hub-state.js';
import { HEALTH_BUCKET } from '../network/names.js';
import { connectNats } from '../network/streams.js';
import { resolveStorePath, Store } from '../store/store.js';
import { action, cliLogger, intFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';
import { startServer } from './serve.js';

interface HubFlags extends CommonOptions {
  nats: string;
  port?: string;
  host: string;
}

/** One line per site. */
function healthText(sites: SiteHealth[], at: Date): string {
  if (sites.length === 0) return 'no sites yet: start `causeway agent --site S --hub URL` at a site';
  const ago = (d: Date | null) => (d ? `${Math.max(0, Math.round((at.getTime() - new Date(d).getTime()) / 1000))} s ago` : 'never');
  return table(sites.map((s) => ({
    site: s.site, status: s.status, 'lag s': s.lagSeconds, pending: s.pending ?? '', outbox: s.outbox ? `${s.outbox.messages}${s.outbox.full ? ' (full)' : ''}` : '',
    'last seq': s.lastSeq ?? '', applied: ago(s.lastAppliedAt), batches: s.batches, rows: s.rows, parked: s.parked,
    'skew s': s.skewSeconds === null ? '' : s.skewSeconds.toFixed(1), 'time zone': s.timezone ?? '',
  }))) + sites.flatMap((s) => s.flags.map((f) => `\n${s.site}: ${f}`)).join('');
}

/** The health the running hub last published (it holds the store). */
async function healthFromNats(servers: string): Promise<{ at: Date; sites: SiteHealth[] }> {
  const nc = await connectNats(servers, 'causeway-hub-status');
  try {
    const kv = await new Kvm(jetstream(nc)).open(HEALTH_BUCKET);
    const entry = await kv.get('health');
    if (!entry) throw new AppError('not_found', 'no hub has published its health yet', 'start `causeway hub`, or give --db to read a stopped hub\'s store');
    const r = entry.json<{ at: string; sites: SiteHealth[] }>();
    return { at: new Date(r.at), sites: r.sites };
  } finally {
    await nc.close();
  }
}

/** `causeway hub …`: the hub of a network of sites (docs/network.md). */
export function register(program: Command): void {
  const hub = withCommon(program.command('hub').description('run the hub: apply every site\'s batches from NATS JetStream into the store through the import\'s checks, one transaction each, acknowledged after commit'))
    .addOption(new Option('--nats <url>', '[string] NATS server(s) of the hub, comma-separated (default: nats://127.0.0.1:4222)').default('nats://127.0.0.1:4222'))
    .addOption(new Option('--port <n>', '[number] also serve the workbench and API on this port (default: none)'))
    .addOption(new Option('--host <addr>', '[string] address to serve on with --port (default: 127.0.0.1)').default('127.0.0.1'))
    .action(action(async (flags: HubFlags) => {
      const store = await Store.open(resolveStorePath(flags.db));
      const running = await Hub.start(store, { servers: flags.nats, logger: cliLogger(flags) });
      const server = flags.port ? await startServer({ port: intFlag('port', flags.port), host: flags.host, store, quiet: true }) : undefined;
      process.stderr.write(`hub applying into ${store.path}${server ? `, serving ${server.url}` : ''}; Ctrl-C stops it\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.stop().then(async () => {
          if (server) await server.close();
          else store.close();
          resolve();
        });
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }));

  withCommon(hub.command('status').description('every site: status, lag on the hub\'s clock, messages waiting at the hub and in the agent\'s outbox, parked batches, clock skew'))
    .addOption(new Option('--nats <url>', '[string] read the running hub\'s health from NATS when it holds the store (default: nats://127.0.0.1:4222)').default('nats://127.0.0.1:4222'))
    .action(action(async (_own: CommonOptions & { nats: string }, cmd: Command) => {
      // --db and --json may be read by `hub` itself when written after `status`.
      const flags = cmd.optsWithGlobals<CommonOptions & { nats: string }>();
      let r: { at: Date; sites: SiteHealth[] };
      try {
        r = await withStore(flags, async (store) => ({ at: new Date(), sites: await networkHealth(store) }), true);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'store_locked') throw e;
        r = await healthFromNats(flags.nats);
      }
      output(flags, r, () => healthText(r.sites, r.at));
    }));
}
