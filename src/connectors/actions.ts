/**
 * The actions a connector kind offers beyond the common verbs (OPC UA: `certificates`, `trust`,
 * `browse`), run on one configured source.
 */
import { AppError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { createContext } from './context.js';
import { openSource } from './sources.js';

/**
 * Runs the action `action` of the source `name`'s kind with `args` (`key=value` pairs of the CLI).
 *
 * @throws AppError `unknown_action` naming the actions the kind has.
 * @example
 * await runSourceAction(store, 'dryer1', 'trust', { thumbprint: '42acf1…17c7' });
 */
export async function runSourceAction(store: Store, name: string, action: string, args: Record<string, string> = {}): Promise<unknown> {
  const source = await openSource(store, name);
  const actions = source.kind.actions ?? {};
  const chosen = actions[action];
  if (!chosen) {
    const names = Object.keys(actions);
    throw new AppError('unknown_action', `a ${source.kind.kind} source has no action '${action}'`, names.length ? `its actions: ${names.join(', ')}` : `a ${source.kind.kind} source has no actions`);
  }
  return chosen.run(createContext(store, source, { readOnly: true }), args);
}

/** The actions of a source's kind, with what each does. */
export async function sourceActions(store: Store, name: string): Promise<{ action: string; description: string }[]> {
  const source = await openSource(store, name);
  return Object.entries(source.kind.actions ?? {}).map(([action, a]) => ({ action, description: a.description }));
}
