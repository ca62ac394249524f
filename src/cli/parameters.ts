import type { Command } from 'commander';
import { parametersVerb } from '../ingest/browse-verbs.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

/** `causeway parameters`: list parameters with their current specification. */
export function register(program: Command): void {
  verbCommand({ verb: parametersVerb, parent: program, text: ({ parameters }) => `${table(parameters)}\n${parameters.length} parameter${parameters.length === 1 ? '' : 's'}` });
}
