import { Command, Option } from 'commander';
import type { Json } from '../core/json.js';
import { fieldsOf, parseVerbInput, type FieldInfo, type Verb } from '../core/verb.js';
import { action, actorOf, cliLogger, cliSpelling, output, withCommon, type CommonOptions } from './common.js';
import { connect, type Connection } from './connection.js';

/** camelCase field name → kebab-case flag: baselineFrom → baseline-from. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function placeholder(f: FieldInfo): string {
  if (f.type === 'integer') return '<n>';
  if (f.type === 'number') return '<x>';
  if (f.type === 'array') return '<list>';
  if (f.type === 'number-or-name') return '<n|name>';
  return `<${f.format === 'date-time' ? 'time' : kebab(f.name)}>`;
}

function typeText(f: FieldInfo): string {
  if (f.format === 'date-time') return 'ISO 8601';
  if (f.values) return f.values.join('|');
  if (f.type === 'integer') return 'number';
  if (f.type === 'array') return 'list';
  if (f.type === 'number-or-name') return 'number|string';
  return f.type;
}

/** Help of one field in the form `[type] text (default: x)`. */
export function helpOf(f: FieldInfo): string {
  const dflt = /\(default: /.test(f.description)
    ? ''
    : f.default !== undefined ? ` (default: ${Array.isArray(f.default) ? f.default.join(',') : String(f.default)})`
      : f.type === 'boolean' ? ' (default: false)'
        : f.required ? ' (required)' : '';
  return `[${typeText(f)}] ${f.description}${dflt}`;
}

/** What a command adds to its verb: how the result reads, and what the command line alone does (files). */
export interface VerbCommandSpec<O, X extends Record<string, unknown> = Record<string, never>> {
  verb: Verb<any, any, O>;
  /** The command the verb hangs under (the program, or a group such as `spc limits`). */
  parent: Command;
  /** The command's word (default: the last word of the verb's name). */
  name?: string;
  /** Default: the verb's summary. */
  description?: string;
  /** Options of the command line alone (files to write), after the verb's fields. */
  options?: Option[];
  /** Fields the command's own options ask for (e.g. `--svg` asks for the plots). */
  request?: (raw: Record<string, unknown>, flags: CommonOptions & Record<string, unknown>) => Record<string, unknown>;
  /** The command writes although its verb reads (e.g. `features --refresh`). */
  writes?: (flags: CommonOptions & Record<string, unknown>) => boolean;
  /** Work before the verb on the same connection (e.g. recompute first); what it returns joins `after`'s. */
  before?: (c: { conn: Connection; raw: Record<string, unknown>; flags: CommonOptions & Record<string, unknown> }) => Promise<Partial<X>>;
  /** Work after the verb on the same connection (figures to write); what it returns joins the JSON output. */
  after?: (c: { conn: Connection; raw: Record<string, unknown>; result: Json<O>; flags: CommonOptions & Record<string, unknown> }) => Promise<X>;
  /** The result for people. */
  text: (result: Json<O>, extra: X, flags: CommonOptions & Record<string, unknown>) => string;
  /** The --json output (default: the result with `after`'s additions). */
  json?: (result: Json<O>, extra: X, flags: CommonOptions & Record<string, unknown>) => unknown;
}

/**
 * A command from a verb: one argument per positional field, one option per other field (the
 * field name in kebab case, help `[type] text (default: x)` from the schema), the common
 * options, and the command's own. The action parses the fields with the verb's schema, runs the
 * verb on the store or through the server holding it, and prints the result (text, or --json).
 *
 * @example verbCommand({ verb: capabilityVerb, parent: program, text: (r) => capabilityText(r) })
 */
export function verbCommand<O, X extends Record<string, unknown> = Record<string, never>>(spec: VerbCommandSpec<O, X>): Command {
  const { verb } = spec;
  const fields = fieldsOf(verb);
  const positional = verb.positional.map((n) => fields.find((f) => f.name === n)!);
  const name = spec.name ?? verb.name.split(' ').pop()!;
  const cmd = spec.parent.command(name).description(spec.description ?? verb.summary);
  for (const p of positional) {
    const arg = p.type === 'array' ? `${kebab(p.name)}...` : kebab(p.name);
    cmd.argument(p.required ? `<${arg}>` : `[${arg}]`, p.description);
  }
  withCommon(cmd);
  for (const f of fields) {
    if (verb.positional.includes(f.name)) continue;
    cmd.addOption(new Option(f.type === 'boolean' ? `--${kebab(f.name)}` : `--${kebab(f.name)} ${placeholder(f)}`, helpOf(f)));
  }
  for (const o of spec.options ?? []) cmd.addOption(o);
  cmd.addOption(new Option('--api-key <key>', '[string] API key, when a running server holds the store (default: $CAUSEWAY_API_KEY)'));
  const spelling = cliSpelling(verb.positional);
  cmd.action(action(async (...args: unknown[]) => {
    const flags = (args[positional.length] ?? {}) as CommonOptions & Record<string, unknown>;
    const raw: Record<string, unknown> = {};
    positional.forEach((p, i) => {
      if (args[i] !== undefined) raw[p.name] = args[i];
    });
    for (const f of fields) if (!verb.positional.includes(f.name) && flags[f.name] !== undefined) raw[f.name] = flags[f.name];
    const request = spec.request ? spec.request(raw, flags) : raw;
    parseVerbInput(verb, request); // refuse bad input before opening anything
    const conn = await connect({
      ...(flags.db ? { db: flags.db } : {}), writes: verb.writes || Boolean(spec.writes?.(flags)), actor: actorOf(flags), logger: cliLogger(flags), userGiven: flags.user !== undefined,
      ...(typeof flags.apiKey === 'string' ? { apiKey: flags.apiKey } : {}),
    });
    try {
      const first = spec.before ? await spec.before({ conn, raw: request, flags }) : {};
      const result = await conn.call(verb, request);
      const extra = { ...first, ...(spec.after ? await spec.after({ conn, raw: request, result, flags }) : {}) } as X;
      const json = spec.json ? spec.json(result, extra, flags) : isPlainObject(result) ? { ...result, ...extra } : result;
      output(flags, json, () => spec.text(result, extra, flags));
    } finally {
      await conn.close();
    }
  }, spelling));
  return cmd;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
