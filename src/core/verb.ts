/**
 * A verb: one thing a user asks causeway to do, described once and offered by every edge.
 *
 * Each verb lives in its domain folder (e.g. `spc/spc-verbs.ts`) as
 * - `fields`: ONE zod object of its inputs (from `core/fields.ts`), with labels, help and defaults;
 * - `rules` and `normalise`: the cross-field checks and the shape the library takes;
 * - `run(store, input, ctx)`: the library call.
 *
 * The edges only rename: the CLI derives flags (`--baseline-from`), arguments and
 * `[type] text (default: x)` help from the fields (`cli/verb-command.ts`); the HTTP API takes
 * the same names in the query or body and documents them in OpenAPI (`server/verb-route.ts`); the
 * web form uses the fields' labels and defaults. An error that names a field writes it as
 * `field('name')` and each edge spells it its own way (see `core/errors.ts`).
 *
 * Adding a verb: write its fields and `run` with {@link defineVerb} in the domain folder, give it
 * a route in `server/routes/<domain>.ts` with `verbRoute`, and a command in `cli/<verb>.ts` with
 * `verbCommand` (a text rendering of the result; `--json` prints the result itself). The CLI then
 * also runs it through a running server when that server holds the store.
 *
 * @example
 * export const statsVerb = defineVerb({
 *   name: 'stats', summary: 'descriptive statistics of a parameter over lots',
 *   fields: z.object({ parameter: text().meta({ title: 'Parameter' }), confidence: num({ gt: 0, lt: 1 }).default(0.95) }),
 *   positional: ['parameter'],
 *   run: (store, input) => parameterStatistics(store, input, { confidence: input.confidence }),
 * });
 */
import { z } from 'zod';
import type { Actor, Store } from '../store/store.js';
import { AppError, field } from './errors.js';
import { fieldInfo, type FieldInfo, type Issue } from './fields.js';
import type { Logger } from './logger.js';

/** What a verb's run gets besides its input: progress, cancellation, who asks. */
export interface VerbContext {
  logger: Logger;
  /** Cancellation (a job's DELETE, Ctrl-C); long work checks it between units. */
  signal?: AbortSignal;
  /** Who makes a write and why (the audit trail). */
  actor: Actor;
}


/** A verb's description. `F` its fields, `I` the normalised input `run` takes, `O` its result. */
export interface Verb<F extends z.ZodRawShape = z.ZodRawShape, I = unknown, O = unknown> {
  /** The command words, e.g. 'spc' or 'spc limits propose'. */
  readonly name: string;
  /** One line: what it answers (CLI description, OpenAPI summary). */
  readonly summary: string;
  readonly fields: z.ZodObject<F>;
  /** fields + rules + normalise: what every edge parses with. */
  readonly schema: z.ZodType<I>;
  /** Fields the CLI takes as arguments, in order (the rest are options). */
  readonly positional: readonly (keyof F & string)[];
  /** True when it changes the store (needs a writable store and an actor). */
  readonly writes: boolean;
  run(store: Store, input: I, ctx: VerbContext): Promise<O>;
}

/** Any verb (for registries and edges). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyVerb = Verb<any, any, any>;

/** The definition {@link defineVerb} takes. */
export interface VerbDefinition<F extends z.ZodRawShape, I, O> {
  name: string;
  summary: string;
  fields: z.ZodObject<F>;
  positional?: readonly (keyof F & string)[];
  writes?: boolean;
  /** Cross-field checks: report each problem on the field to change. */
  rules?: (value: z.output<z.ZodObject<F>>, issue: Issue) => void;
  /** The library's shape of the input (default: the parsed fields). May throw an AppError. */
  normalise?: (value: z.output<z.ZodObject<F>>) => I;
  run(store: Store, input: I, ctx: VerbContext): Promise<O>;
}

/** Builds a verb; its `schema` is the fields, then the rules, then normalisation. */
export function defineVerb<F extends z.ZodRawShape, O, I = z.output<z.ZodObject<F>>>(d: VerbDefinition<F, I, O>): Verb<F, I, O> {
  const checked = d.rules
    ? d.fields.superRefine((v, ctx) => d.rules!(v, (name, message) => ctx.addIssue({ code: 'custom', path: [name], message })))
    : d.fields;
  const schema = (d.normalise ? checked.transform((v) => d.normalise!(v)) : checked) as unknown as z.ZodType<I>;
  return { name: d.name, summary: d.summary, fields: d.fields, schema, positional: d.positional ?? [], writes: d.writes ?? false, run: d.run };
}

const shown = (v: unknown): string => (Array.isArray(v) ? v.join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * Parses what an edge received (flags, a query, a body) into the verb's input. Every problem
 * is named on its field with the value given, in one `bad_request` error.
 *
 * @example parseVerbInput(spcVerb, { parameter: 'assay', chart: 'pie' }) // throws: {{chart}} 'pie' must be one of imr, …
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseVerbInput<I>(verb: Verb<any, I, any>, raw: Record<string, unknown>): I {
  const r = verb.schema.safeParse(raw);
  if (r.success) return r.data;
  const problems: string[] = [];
  const named: string[] = [];
  for (const i of r.error.issues) {
    const name = i.path[0];
    if (typeof name !== 'string') {
      problems.push(i.message);
      continue;
    }
    named.push(name);
    const value = raw[name];
    if (i.code === 'custom') problems.push(i.message);
    else if (value === undefined) problems.push(`${field(name)} is required`);
    else problems.push(`${field(name)} '${shown(value)}' ${i.message}`);
  }
  const example = named.map((n) => ({ n, e: fieldInfo(verb.fields, n)?.example })).find((x) => x.e !== undefined);
  throw new AppError(
    'bad_request',
    problems.join('; '),
    example ? `e.g. ${field(example.n, example.e)}` : 'correct the named fields and ask again',
    { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  );
}

/** Every field of a verb, in the order of its schema. */
export function fieldsOf(verb: AnyVerb): FieldInfo[] {
  return Object.keys(verb.fields.shape).map((n) => fieldInfo(verb.fields, n)!);
}

export type { FieldInfo, Issue };

/**
 * The context's logger, throwing `cancelled` from progress once the context's signal is aborted:
 * long work that reports progress inside a transaction (an import, a features refresh) then
 * rolls back and stores nothing.
 */
export function cancellingLogger(ctx: VerbContext): Logger {
  const { logger, signal } = ctx;
  if (!signal) return logger;
  return {
    ...logger,
    progress: (label, done, total) => {
      if (signal.aborted) throw new AppError('cancelled', 'the work was cancelled; nothing was stored', 'start it again when needed');
      logger.progress(label, done, total);
    },
  };
}
