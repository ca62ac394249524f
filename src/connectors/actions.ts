/**
 * The actions a connector kind offers beyond the common verbs (OPC UA: `certificates`, `trust`,
 * `browse`), run on one configured source.
 */
import { AppError, field } from '../core/errors.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import { createContext } from './context.js';
import { openSource } from './sources.js';

/**
 * Runs the action `action` of the source `name`'s kind with `args` (`key=value` pairs of the CLI).
 * An action that changes what the source trusts (`writes`, e.g. OPC UA's `trust`) needs the
 * actor's reason and is written to the audit trail, after it succeeded, with its arguments.
 *
 * @throws AppError `unknown_action` naming the actions the kind has; `reason_required` for a
 *   writing action without a reason.
 * @example
 * await runSourceAction(store, 'dryer1', 'trust', { thumbprint: '42acf1…17c7' }, { user: 'ana', reason: 'thumbprint checked on the panel' });
 */
export async function runSourceAction(store: Store, name: string, action: string, args: Record<string, string> = {}, actor?: Actor): Promise<unknown> {
  const source = await openSource(store, name);
  const actions = source.kind.actions ?? {};
  const chosen = actions[action];
  if (!chosen) {
    const names = Object.keys(actions);
    throw new AppError('unknown_action', `a ${source.kind.kind} source has no action '${action}'`, names.length ? `its actions: ${names.join(', ')}` : `a ${source.kind.kind} source has no actions`);
  }
  if (!chosen.writes) return chosen.run(createContext(store, source, { readOnly: true }), args);
  const reason = actor?.reason?.trim();
  if (!actor || !reason) {
    throw new AppError('reason_required', `the '${action}' action of source '${name}' changes what it trusts and needs a reason for the audit trail`, `give ${field('reason', '"…"')}, e.g. "thumbprint compared with the controller's display"`);
  }
  const result = await chosen.run(createContext(store, source, { readOnly: true }), args);
  await store.transaction(() =>
    audit(store, { user: actor.user, reason }, { action, entity: 'sources', key: name, field: 'action', newValue: JSON.stringify(args) }));
  return result;
}

/** The actions of a source's kind, with what each does. */
export async function sourceActions(store: Store, name: string): Promise<{ action: string; description: string; writes: boolean }[]> {
  const source = await openSource(store, name);
  return Object.entries(source.kind.actions ?? {}).map(([action, a]) => ({ action, description: a.description, writes: a.writes ?? false }));
}
