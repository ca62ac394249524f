import { compareVerb } from '../compare/compare-verbs.js';
import { trendVerb } from '../context/context-verbs.js';
import { AppError } from '../core/errors.js';
import type { AnyVerb } from '../core/verb.js';
import { explainVerb } from '../explain/drivers/explain-verbs.js';
import { investigateVerb } from '../explain/investigate/investigate-verbs.js';
import { capabilityVerb, spcVerb } from '../spc/spc-verbs.js';

/**
 * The views a worksheet can save, each with the verb that computes it. A worksheet's inputs are
 * that verb's fields as the view sent them (the same names as the API's query or body), so a
 * re-run asks exactly what the view asked.
 */
export const WORKSHEET_VIEWS = {
  trend: trendVerb,
  spc: spcVerb,
  capability: capabilityVerb,
  compare: compareVerb,
  explain: explainVerb,
  investigate: investigateVerb,
} as const satisfies Record<string, AnyVerb>;

export type WorksheetView = keyof typeof WORKSHEET_VIEWS;

/** The view names, for schemas and help. */
export const VIEW_NAMES = Object.keys(WORKSHEET_VIEWS) as WorksheetView[];

/** The verb of a view, or `unknown_view` naming the ones that exist. */
export function verbOfView(view: string): AnyVerb {
  const verb = (WORKSHEET_VIEWS as Record<string, AnyVerb>)[view];
  if (!verb) throw new AppError('unknown_view', `view '${view}' cannot be saved as a worksheet`, `use one of ${VIEW_NAMES.join(', ')}`);
  return verb;
}
