import { Command } from 'commander';
import { running } from './common.js';
import { VERBS, verbsFor } from './verbs.js';

/**
 * The `causeway` program with the commands of `args` registered (all of them for help and
 * unknown verbs; see {@link verbsFor}). `helpWidth` fixes the width help wraps at (docs use 80).
 */
export async function buildProgram(args: readonly string[] | 'all', helpWidth?: number): Promise<Command> {
  const program = new Command('causeway')
    .description('causeway: process intelligence for manufacturing networks — lots, genealogy, phases and sensor data in context, and answers to "why?"')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Every option states its default in its own text, as `[type] text (default: x)`; commander's
    // automatic '(default: "x")' would repeat it.
    .configureHelp({ sortSubcommands: false, optionDescription: (o) => o.description, ...(helpWidth ? { helpWidth } : {}) });
  for (const verb of args === 'all' ? VERBS : verbsFor(args)) (await verb.load()).register(program);
  program.hook('preAction', (_root, command) => {
    const words: string[] = [];
    for (let c: Command | null = command; c && c !== program; c = c.parent) words.unshift(c.name());
    running.command = words.join(' ');
  });
  return program;
}

/** The help text of `causeway WORDS… --help`, as a non-terminal of `width` columns sees it. */
export async function helpText(words: readonly string[], width = 80): Promise<string> {
  let cmd = await buildProgram('all', width);
  for (const w of words) {
    const next = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!next) throw new Error(`no command '${words.join(' ')}'`);
    cmd = next;
  }
  // Subcommands inherit help settings only when created after configureHelp; set them here too.
  cmd.configureHelp({ ...cmd.configureHelp(), helpWidth: width });
  return cmd.helpInformation().trimEnd();
}
