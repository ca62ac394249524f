#!/usr/bin/env node
import { Command } from 'commander';
import { verbsFor } from './verbs.js';

/** The `causeway` command line: a thin layer over the library API in `src/index.ts`. */
async function main(): Promise<void> {
  const program = new Command('causeway')
    .description('causeway: process intelligence for manufacturing networks — lots, genealogy, phases and sensor data in context, and answers to "why?"')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Every option states its default in its own text, as `[type] text (default: x)`; commander's
    // automatic '(default: "x")' would repeat it.
    .configureHelp({ sortSubcommands: false, optionDescription: (o) => o.description });
  for (const verb of verbsFor(process.argv.slice(2))) (await verb.load()).register(program);
  await program.parseAsync(process.argv);
}

main().catch((e: unknown) => {
  process.stderr.write(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(2);
});
