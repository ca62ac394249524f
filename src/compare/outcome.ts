import { isAppError } from '../core/errors.js';

/**
 * The outcome of one analysis inside a larger report: its result, or the reason it could not
 * be computed (n too small, zero variance…). A comparison never fails as a whole because one of
 * its tests cannot be run, and never shows NaN in place of a reason.
 */
export type Outcome<T> = { status: 'done'; result: T } | { status: 'not_computed'; code: string; reason: string };

/**
 * True when the analysis ran.
 *
 * @param o - an outcome
 * @example if (isDone(c.anova)) console.log(c.anova.result.f);
 */
export function isDone<T>(o: Outcome<T>): o is { status: 'done'; result: T } {
  return o.status === 'done';
}

/**
 * Runs `f`, turning a user-level error (AppError) into a `not_computed` outcome; bugs still throw.
 *
 * @param f - the analysis
 * @example attempt(() => oneWayAnova(groups))
 */
export function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { status: 'done', result: f() };
  } catch (e) {
    if (isAppError(e)) return { status: 'not_computed', code: e.code, reason: e.message };
    throw e;
  }
}
