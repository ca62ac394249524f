import type { Command } from 'commander';
import { lotsVerb } from '../ingest/browse-verbs.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

/** `causeway lots`: list lots with filters. */
export function register(program: Command): void {
  verbCommand({ verb: lotsVerb, parent: program, text: ({ lots }) => `${table(lots)}\n${lots.length} lot${lots.length === 1 ? '' : 's'}` });
}
