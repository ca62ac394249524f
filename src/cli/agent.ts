import { Option, type Command } from 'commander';
import { Agent } from '../network/agent.js';
import { checkSite } from '../network/names.js';
import { action, cliLogger, numFlag } from './common.js';

interface AgentFlags {
  site: string;
  hub: string;
  inbox?: string;
  outbox?: string;
  maxBuffer: string;
  timezone?: string;
}

/** `causeway agent`: a site's store-and-forward agent (docs/network.md). */
export function register(program: Command): void {
  program.command('agent').description('run a site agent: batch files dropped in --inbox are kept in a bounded outbox on disk and forwarded to the hub over NATS JetStream, nothing lost or sent twice')
    .addOption(new Option('--site <code>', '[string] the site, e.g. LJ (letters, digits, _ and -)').makeOptionMandatory())
    .addOption(new Option('--hub <url>', '[string] NATS server(s) to forward to, comma-separated: the site\'s leaf node, e.g. nats://127.0.0.1:4222').makeOptionMandatory())
    .addOption(new Option('--inbox <dir>', '[string] folder the site\'s batch files are dropped into (default: none, only the library API)'))
    .addOption(new Option('--outbox <file>', '[string] the outbox file (default: ./agent-SITE.outbox.duckdb)'))
    .addOption(new Option('--max-buffer <mb>', '[number] bound of the outbox in MB; past it input waits in the inbox (default: 1024)').default('1024'))
    .addOption(new Option('--timezone <zone>', '[string] the site\'s IANA time zone, shown at the hub (default: this machine\'s)'))
    .action(action(async (flags: AgentFlags) => {
      const site = checkSite(flags.site);
      const agent = await Agent.start({
        site, servers: flags.hub, outbox: flags.outbox ?? `agent-${site}.outbox.duckdb`, maxBytes: Math.round(numFlag('max-buffer', flags.maxBuffer, '1024') * 1024 * 1024),
        logger: cliLogger(), ...(flags.inbox ? { inbox: flags.inbox } : {}), ...(flags.timezone ? { timezone: flags.timezone } : {}),
      });
      process.stderr.write(`agent of site ${site} running${flags.inbox ? `, reading ${flags.inbox}` : ''}; Ctrl-C stops it (waiting batches stay in the outbox)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void agent.stop().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }));
}
