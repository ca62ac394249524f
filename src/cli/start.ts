import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { storeInfo } from '../ingest/browse.js';
import { buildDemo } from '../ingest/demo/index.js';
import { resolveStorePath } from '../store/store.js';
import { action, actorOf, cliLogger, output, table, withCommon, withStore, type CommonOptions } from './common.js';
import { demoText } from './demo.js';

/** The folder the default demo network is written to before it is imported (git-ignored). */
const DEMO_FOLDER = 'causeway-demo';

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');

/** Commands worth trying on the demo network, each answering a question users ask. */
const TRY_NEXT = [
  ['causeway lots --material CWX-50-FCT --limit 20', 'the first film-coated tablet lots'],
  ['causeway genealogy LJU-T0010', 'which API and excipient lots are in a tablet lot, and how much of each'],
  ['causeway explain dissolution_mean --material CWX-50-FCT', 'why does dissolution vary?'],
  ['causeway explain impurities_total --material CWX-50-FCT', 'why do impurities vary?'],
  ['causeway spc hardness --material CORES --site PAR', 'a control chart of core hardness at Parsippany'],
  ['causeway compare dissolution_mean --by site', 'dissolution across the three sites'],
  ['causeway investigate LJU-T0010', 'everything unusual about one lot'],
];

/**
 * `causeway start` (what `npm start` runs): builds the default demo network into the store when
 * the store file does not exist yet, then shows what the store holds and what to try next.
 */
export function register(program: Command): void {
  withCommon(program.command('start').description('build the demo network into the store if the store does not exist yet, then show what it holds and what to try')).action(
    action(async (flags: CommonOptions) => {
      const db = resolveStorePath(flags.db);
      const logger = cliLogger(flags);
      let built: Awaited<ReturnType<typeof buildDemo>> | undefined;
      if (!existsSync(db)) {
        logger.info(`${db} does not exist yet: building the demo network into it (about a minute)`);
        try {
          built = await withStore(flags, (store) => buildDemo({ out: DEMO_FOLDER, size: 'default', seed: 1, store, logger, actor: actorOf(flags) }));
        } catch (e) {
          // The store did not exist before: remove the half-built one so the next start tries again.
          for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
          throw e;
        }
      }
      const info = await withStore(flags, (store) => storeInfo(store), true);
      output(flags, { store: db, built: built ?? null, info, tryNext: TRY_NEXT.map(([command, what]) => ({ command, what })) }, () =>
        [
          built ? demoText(built) + '\n' : `store ${db} exists; showing what it holds (delete it to rebuild the demo network)\n`,
          `store ${db}`,
          table(Object.entries(info.counts).map(([kind, n]) => ({ kind, rows: n }))),
          `lots from ${when(info.span.lotsFrom)} to ${when(info.span.lotsTo)}`,
          '',
          table(info.sites),
          '',
          'try next:',
          ...TRY_NEXT.map(([command, what]) => `  ${command!.padEnd(58)} ${what}`),
        ].join('\n'),
      );
    }),
  );
}
