import { AppError } from '../core/errors.js';

/**
 * Input checks shared by the statistics functions. The policy is "refuse, never guess": a NaN or
 * infinite value is an error that names its position, so no NaN can reach a result. Readers of
 * the store (compare, stats) drop NULL values in SQL and report how many they dropped.
 */

/**
 * Throws `non_finite_value` when any value is NaN or ±Infinity.
 *
 * @param values - the data
 * @param what - what the data are, for the message (e.g. "group 'B'")
 * @example requireFinite(new Float64Array([1, 2]), 'x'); // passes
 */
export function requireFinite(values: Float64Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new AppError(
        'non_finite_value',
        `${what}: value ${i + 1} of ${values.length} is ${String(v)}`,
        'remove or correct missing and infinite values first; causeway never imputes them',
        { position: i },
      );
    }
  }
}

/**
 * Throws `too_few_values` when `n < min`.
 *
 * @param n - number of values given
 * @param min - the least the method needs
 * @param what - the method and data, for the message
 * @param hint - what to do instead (default: give at least `min` values)
 * @example requireCount(1, 2, 'standard deviation of x'); // throws: needs at least 2 values, got 1
 */
export function requireCount(n: number, min: number, what: string, hint = `give at least ${min} values`): void {
  if (n < min) {
    throw new AppError('too_few_values', `${what} needs at least ${min} values, got ${n}`, hint);
  }
}

/**
 * Checks a probability argument (0 < p < 1 unless `closed`).
 *
 * @param p - the probability
 * @param what - the function, for the message
 * @param closed - accept 0 and 1 (default false)
 * @example requireProbability(0.95, 'confidence'); // passes; 1.2 throws bad_probability
 */
export function requireProbability(p: number, what: string, closed = false): void {
  const ok = Number.isFinite(p) && (closed ? p >= 0 && p <= 1 : p > 0 && p < 1);
  if (!ok) {
    throw new AppError('bad_probability', `${what}: probability ${String(p)} is outside ${closed ? '[0, 1]' : '(0, 1)'}`, 'give a probability such as 0.95');
  }
}

/**
 * Checks a degrees-of-freedom (or other shape) argument is finite and positive.
 *
 * @param df - the value
 * @param what - its name, for the message
 * @example requirePositive(4, 't degrees of freedom'); // passes; 0 throws bad_parameter
 */
export function requirePositive(df: number, what: string): void {
  if (!(Number.isFinite(df) && df > 0)) {
    throw new AppError('bad_parameter', `${what} must be a positive number, got ${String(df)}`, 'check the sample sizes behind it');
  }
}
