import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import YAML from 'yaml';
import { sourceHealth, type SourceHealth } from '../connectors/health.js';
import { runSourceAction, sourceActions } from '../connectors/actions.js';
import { SourceRunner, syncSource, testSource } from '../connectors/runner.js';
import { addSource, getSource, removeSource } from '../connectors/sources.js';
import { AppError } from '../core/errors.js';
import { readDeadLetters } from '../ingest/batch/dead-letters.js';
import { resolveStorePath, Store } from '../store/store.js';
import { action, actorOf, cliLogger, intFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface AddFlags extends CommonOptions {
  kind: string;
  config: string;
  schedule?: string;
  disabled?: boolean;
  replace?: boolean;
}

/** A configuration file (YAML or JSON). */
function readConfig(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('config_not_found', `cannot read the configuration '${file}': ${(e as Error).message}`, 'give a YAML or JSON file with the source\'s connection and mapping (docs/connectors.md)');
  }
  try {
    return YAML.parse(text) as unknown;
  } catch (e) {
    throw new AppError('bad_config', `'${file}' is not YAML or JSON: ${(e as Error).message.split('\n')[0]}`, 'check the indentation and quoting');
  }
}

/** One line per source: its state and health. */
function healthText(list: SourceHealth[]): string {
  if (list.length === 0) return 'no sources yet; add one with `causeway sources add NAME --kind sql --config FILE` (docs/connectors.md)';
  const ago = (d: Date | null) => (d ? `${Math.max(0, Math.round((Date.now() - d.getTime()) / 1000))} s ago` : 'never');
  return table(list.map((h) => ({
    source: h.source, kind: h.kind, schedule: h.schedule + (h.enabled ? '' : ' (disabled)'), status: h.status,
    'last success': ago(h.lastSuccessAt), 'lag s': h.lagSeconds === null ? '' : h.lagSeconds.toFixed(1),
    'rows/min': Math.round(h.rowsPerMinute), errors: h.lastError ? `${h.errors}: ${h.lastError.message}` : '0',
    'dead letters': h.deadLetters.total ? `${h.deadLetters.total} (${h.deadLetters.lastDay} today)` : '0',
  })));
}

/** `causeway sources …`: live sources as configuration (docs/connectors.md). */
export function register(program: Command): void {
  const sources = program.command('sources').description('live sources (OPC UA, MQTT Sparkplug B, SQL databases): add, list with health, test, sync, run, remove');

  withCommon(sources.command('add').description('add a source, or change one with --replace (secrets are sealed, never shown)').argument('<name>', '[string] the source\'s name, e.g. lims'))
    .addOption(new Option('--kind <kind>', '[string] opcua, sparkplug or sql').makeOptionMandatory())
    .addOption(new Option('--config <file>', '[string] its configuration, YAML or JSON (secrets as the value, env:NAME or file:PATH)').makeOptionMandatory())
    .addOption(new Option('--schedule <when>', "[string] live, manual, or 'every 5m' (default: live for OPC UA and Sparkplug, every 5m for SQL)"))
    .addOption(new Option('--disabled', '[boolean] add it without running it (default: false)'))
    .addOption(new Option('--replace', '[boolean] change an existing source; a secret left out keeps its value (default: false)'))
    .action(action(async (name: string, flags: AddFlags) => {
      const config = readConfig(flags.config);
      const shown = await withStore(flags, (store) => addSource(store, {
        name, kind: flags.kind, config, ...(flags.schedule ? { schedule: flags.schedule } : {}), ...(flags.disabled ? { enabled: false } : {}),
      }, actorOf(flags), { replace: flags.replace ?? false }));
      output(flags, shown, () => `${flags.replace ? 'changed' : 'added'} source ${shown.name} (${shown.kind}, ${shown.schedule}${shown.enabled ? '' : ', disabled'})\n${YAML.stringify(shown.config).trimEnd()}`);
    }));

  withCommon(sources.command('list').description('every source with its health: status, last success, lag, rows per minute, errors, dead letters'))
    .action(action(async (flags: CommonOptions) => {
      const list = await withStore(flags, (store) => sourceHealth(store), true);
      output(flags, list, () => healthText(list));
    }));

  withCommon(sources.command('show').description('one source: its configuration (secrets hidden) and health').argument('<name>', '[string] the source'))
    .action(action(async (name: string, flags: CommonOptions) => {
      const r = await withStore(flags, async (store) => ({ source: await getSource(store, name), health: (await sourceHealth(store, name))[0]! }), true);
      output(flags, r, () => `${YAML.stringify({ ...r.source, config: r.source.config }).trimEnd()}\n\n${healthText([r.health])}`);
    }));

  withCommon(sources.command('test').description('connect and read, storing nothing').argument('<name>', '[string] the source'))
    .action(action(async (name: string, flags: CommonOptions) => {
      const r = await withStore(flags, (store) => testSource(store, name, { logger: cliLogger(flags) }));
      output(flags, r, () => `${r.ok ? 'ok' : 'FAILED'}\n${r.notes.map((n) => `  ${n}`).join('\n')}`);
      if (!r.ok) process.exitCode = 1;
    }));

  withCommon(sources.command('sync').description('one pass now: read what is new since the watermark and store it').argument('<name>', '[string] the source'))
    .action(action(async (name: string, flags: CommonOptions) => {
      const r = await withStore(flags, (store) => syncSource(store, name, { logger: cliLogger(flags) }));
      output(flags, r, () => `${r.rows} rows read in ${r.batches} batches: ${r.inserted} stored, ${r.replaced} corrected, ${r.unchanged} unchanged, ${r.dead} dead letters`);
    }));

  withCommon(sources.command('run').description('run sources until Ctrl-C (default: every enabled source not scheduled manual)').argument('[names...]', '[string] the sources to run (default: all enabled)'))
    .action(action(async (names: string[], flags: CommonOptions) => {
      const store = await Store.open(resolveStorePath(flags.db));
      const runner = new SourceRunner(store, { logger: cliLogger(flags) });
      const started = await runner.start(names.length ? names : undefined);
      process.stderr.write(started.length ? `running ${started.join(', ')}; Ctrl-C stops\n` : 'no enabled source to run\n');
      if (started.length === 0) return store.close();
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await runner.stop();
      store.close();
    }));

  withCommon(sources.command('remove').description('remove a source (the data it stored stays)').argument('<name>', '[string] the source'))
    .action(action(async (name: string, flags: CommonOptions) => {
      await withStore(flags, (store) => removeSource(store, name, actorOf(flags)));
      output(flags, { removed: name }, () => `removed source ${name}; the data it stored stays`);
    }));

  withCommon(sources.command('actions').description("the actions a source's kind offers beyond these verbs (OPC UA: certificates, trust, browse)").argument('<name>', '[string] the source'))
    .action(action(async (name: string, flags: CommonOptions) => {
      const list = await withStore(flags, (store) => sourceActions(store, name), true);
      output(flags, list, () => (list.length === 0 ? `source ${name} has no actions` : table(list.map((a) => ({ action: a.action, 'needs --reason': a.writes ? 'yes' : '', what: a.description })))));
    }));

  withCommon(sources.command('do').description("run one action of a source, e.g. `sources do dryer1 trust thumbprint=42acf1… --reason '…'`").argument('<name>', '[string] the source').argument('<action>', '[string] the action (see sources actions NAME)').argument('[args...]', '[string] its arguments as key=value'))
    .action(action(async (name: string, act: string, args: string[], flags: CommonOptions) => {
      const parsed = Object.fromEntries(args.map((a) => {
        const at = a.indexOf('=');
        if (at <= 0) throw new AppError('bad_flag', `'${a}' is not key=value`, `write the action's arguments as key=value, e.g. thumbprint=42acf1…`);
        return [a.slice(0, at), a.slice(at + 1)];
      }));
      const result = await withStore(flags, (store) => runSourceAction(store, name, act, parsed, actorOf(flags)));
      output(flags, result, () => (typeof result === 'string' ? result : YAML.stringify(result).trimEnd()));
    }));

  withCommon(sources.command('dead-letters').description('what a source delivered that could not be stored, with the reason').argument('[name]', '[string] the source (default: all)'))
    .addOption(new Option('--limit <n>', '[number] most shown, newest first (default: 50)'))
    .action(action(async (name: string | undefined, flags: CommonOptions & { limit?: string }) => {
      const list = await withStore(flags, (store) => readDeadLetters(store, { ...(name ? { source: name } : {}), limit: flags.limit ? intFlag('limit', flags.limit) : 50 }), true);
      output(flags, list, () => (list.length === 0 ? 'no dead letters' : table(list.map((l) => ({
        at: l.recordedAt.toISOString().slice(0, 19), source: l.source, kind: l.kind, item: l.item ?? '', reason: l.reason, hint: l.hint,
      })))));
    }));

}
