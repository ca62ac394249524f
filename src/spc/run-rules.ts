import { AppError } from '../core/errors.js';
import type { Series } from './types.js';

/** Western Electric rules 1–4 and Nelson rules 1–8. */
export type RuleId = 'we1' | 'we2' | 'we3' | 'we4' | 'nelson1' | 'nelson2' | 'nelson3' | 'nelson4' | 'nelson5' | 'nelson6' | 'nelson7' | 'nelson8';

export const WESTERN_ELECTRIC: readonly RuleId[] = ['we1', 'we2', 'we3', 'we4'];
export const NELSON: readonly RuleId[] = ['nelson1', 'nelson2', 'nelson3', 'nelson4', 'nelson5', 'nelson6', 'nelson7', 'nelson8'];
export const ALL_RULES: readonly RuleId[] = [...WESTERN_ELECTRIC, ...NELSON];

/** One point that breaks one rule. */
export interface RuleHit {
  rule: RuleId;
  /** Index of the point in the series (0-based). */
  index: number;
  /** Which side of the centre line the pattern is on ('none' for trend, alternation, stratification). */
  side: 'above' | 'below' | 'none';
  /** Points in the pattern so far (run length, or how many of the window are beyond the zone). */
  count: number;
}

/**
 * Parses a rule selection: 'all', 'none', 'nelson', 'we', or a comma list such as 'we1,we2,nelson7'
 * (also 'n1'…'n8'). @example parseRules('we1,n2') // ['we1', 'nelson2']
 */
export function parseRules(text: string): RuleId[] {
  const t = text.trim().toLowerCase();
  if (t === 'all') return [...ALL_RULES];
  if (t === 'none' || t === '') return [];
  const out = new Set<RuleId>();
  for (const part of t.split(',').map((p) => p.trim())) {
    if (part === 'nelson') NELSON.forEach((r) => out.add(r));
    else if (part === 'we' || part === 'western-electric') WESTERN_ELECTRIC.forEach((r) => out.add(r));
    else {
      const id = /^n\d$/.test(part) ? `nelson${part.slice(1)}` : part;
      if (!(ALL_RULES as readonly string[]).includes(id)) {
        throw new AppError('bad_rule', `unknown run rule '${part}'`, 'use all, none, nelson, we, or a list such as we1,we2,nelson7');
      }
      out.add(id as RuleId);
    }
  }
  return ALL_RULES.filter((r) => out.has(r));
}

/** m-of-w rule: point i beyond `zone` on one side, and ≥ m of the last w points (those that exist) too. */
function mOfW(z: Float64Array, rule: RuleId, zone: number, m: number, w: number, hits: RuleHit[]): void {
  let above = 0;
  let below = 0;
  for (let i = 0; i < z.length; i++) {
    const v = z[i]!;
    if (v > zone) above++;
    if (v < -zone) below++;
    if (i >= w) {
      const old = z[i - w]!;
      if (old > zone) above--;
      if (old < -zone) below--;
    }
    if (v > zone && above >= m) hits.push({ rule, index: i, side: 'above', count: above });
    else if (v < -zone && below >= m) hits.push({ rule, index: i, side: 'below', count: below });
  }
}

/** Run rule: fires at every point from the `len`-th of a run on one side of the centre line. */
function sameSide(z: Float64Array, rule: RuleId, len: number, hits: RuleHit[]): void {
  let run = 0;
  let side = 0;
  for (let i = 0; i < z.length; i++) {
    const s = Math.sign(z[i]!);
    run = s !== 0 && s === side ? run + 1 : s === 0 ? 0 : 1;
    side = s;
    if (run >= len) hits.push({ rule, index: i, side: s > 0 ? 'above' : 'below', count: run });
  }
}

/** Points in a row satisfying `inZone` (|z| < 1 for stratification, |z| > 1 for mixture). */
function zoneRun(z: Float64Array, rule: RuleId, len: number, inZone: (v: number) => boolean, hits: RuleHit[]): void {
  let run = 0;
  for (let i = 0; i < z.length; i++) {
    run = inZone(z[i]!) ? run + 1 : 0;
    if (run >= len) hits.push({ rule, index: i, side: 'none', count: run });
  }
}

/** Nelson 3: `len` points in a row each strictly above (or below) the one before. */
function trend(x: Float64Array, len: number, hits: RuleHit[]): void {
  let run = 1;
  let dir = 0;
  for (let i = 1; i < x.length; i++) {
    const d = Math.sign(x[i]! - x[i - 1]!);
    run = d !== 0 && d === dir ? run + 1 : d === 0 ? 1 : 2;
    dir = d;
    if (run >= len) hits.push({ rule: 'nelson3', index: i, side: d > 0 ? 'above' : 'below', count: run });
  }
}

/** Nelson 4: `len` points in a row alternating up and down. */
function alternating(x: Float64Array, len: number, hits: RuleHit[]): void {
  let run = 1;
  let prev = 0;
  for (let i = 1; i < x.length; i++) {
    const d = Math.sign(x[i]! - x[i - 1]!);
    run = d !== 0 && d === -prev ? run + 1 : d === 0 ? 1 : 2;
    prev = d;
    if (run >= len) hits.push({ rule: 'nelson4', index: i, side: 'none', count: run });
  }
}

/**
 * Applies run rules to a series. Zones are in units of the series' own standard deviation at each
 * point, so stepped limits (p, u, X̄ with unequal n) are handled exactly; rule 1 uses the plotted
 * limits (so a clipped lower limit of 0 is respected). A point fires when it completes the
 * pattern and is itself part of it; a run that goes on fires again at every further point.
 *
 * | rule | pattern |
 * |---|---|
 * | we1, nelson1 | 1 point beyond a control limit |
 * | we2, nelson5 | 2 of 3 points in a row beyond 2σ, same side |
 * | we3, nelson6 | 4 of 5 points in a row beyond 1σ, same side |
 * | we4 | 8 points in a row on one side of the centre line |
 * | nelson2 | 9 points in a row on one side of the centre line |
 * | nelson3 | 6 points in a row steadily increasing or decreasing |
 * | nelson4 | 14 points in a row alternating up and down |
 * | nelson7 | 15 points in a row within 1σ of the centre line (either side) |
 * | nelson8 | 8 points in a row beyond 1σ (either side) |
 *
 * @param series - values with centre, limits and sd per point
 * @param rules - which rules to apply (see {@link parseRules})
 * @returns hits ordered by point, then rule
 * @see Western Electric, Statistical Quality Control Handbook (1956); Nelson, L.S. (1984)
 *   "The Shewhart control chart — tests for special causes", J. Quality Technology 16(4)
 */
export function runRules(series: Series, rules: readonly RuleId[]): RuleHit[] {
  const { values: x, center, sd, lcl, ucl } = series;
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) z[i] = (x[i]! - center[i]!) / sd[i]!;
  const hits: RuleHit[] = [];
  const on = new Set(rules);
  for (const r of ['we1', 'nelson1'] as const) {
    if (!on.has(r)) continue;
    for (let i = 0; i < x.length; i++) {
      if (x[i]! > ucl[i]!) hits.push({ rule: r, index: i, side: 'above', count: 1 });
      else if (x[i]! < lcl[i]!) hits.push({ rule: r, index: i, side: 'below', count: 1 });
    }
  }
  if (on.has('we2')) mOfW(z, 'we2', 2, 2, 3, hits);
  if (on.has('nelson5')) mOfW(z, 'nelson5', 2, 2, 3, hits);
  if (on.has('we3')) mOfW(z, 'we3', 1, 4, 5, hits);
  if (on.has('nelson6')) mOfW(z, 'nelson6', 1, 4, 5, hits);
  if (on.has('we4')) sameSide(z, 'we4', 8, hits);
  if (on.has('nelson2')) sameSide(z, 'nelson2', 9, hits);
  if (on.has('nelson3')) trend(x, 6, hits);
  if (on.has('nelson4')) alternating(x, 14, hits);
  if (on.has('nelson7')) zoneRun(z, 'nelson7', 15, (v) => Math.abs(v) < 1, hits);
  if (on.has('nelson8')) zoneRun(z, 'nelson8', 8, (v) => Math.abs(v) > 1, hits);
  const order = new Map(ALL_RULES.map((r, i) => [r, i]));
  return hits.sort((a, b) => a.index - b.index || order.get(a.rule)! - order.get(b.rule)!);
}

const ORDINAL = (n: number): string => {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
};

/** A rule's name as people say it: 'Nelson 2', 'Western Electric 1'. */
export function ruleName(rule: RuleId): string {
  return rule.startsWith('we') ? `Western Electric ${rule.slice(2)}` : `Nelson ${rule.slice(6)}`;
}

/**
 * One sentence a reader understands, e.g.
 * "Lot L123 (2024-03-02) is the 9th point in a row above the centre line (Nelson 2)".
 *
 * @param hit - the rule hit
 * @param label - how to name the point, e.g. 'Lot L123 (2024-03-02)' or 'Point 17'
 */
export function describeHit(hit: RuleHit, label: string): string {
  const side = hit.side === 'above' ? 'above' : 'below';
  const tail = ` (${ruleName(hit.rule)})`;
  switch (hit.rule) {
    case 'we1':
    case 'nelson1':
      return `${label} is ${side === 'above' ? 'above the upper' : 'below the lower'} control limit${tail}`;
    case 'we2':
    case 'nelson5':
      return `${label} makes ${hit.count} of the last 3 points more than 2σ ${side} the centre line${tail}`;
    case 'we3':
    case 'nelson6':
      return `${label} makes ${hit.count} of the last 5 points more than 1σ ${side} the centre line${tail}`;
    case 'we4':
    case 'nelson2':
      return `${label} is the ${ORDINAL(hit.count)} point in a row ${side} the centre line${tail}`;
    case 'nelson3':
      return `${label} is the ${ORDINAL(hit.count)} point in a row steadily ${hit.side === 'above' ? 'increasing' : 'decreasing'}${tail}`;
    case 'nelson4':
      return `${label} is the ${ORDINAL(hit.count)} point in a row alternating up and down${tail}`;
    case 'nelson7':
      return `${label} is the ${ORDINAL(hit.count)} point in a row within 1σ of the centre line — less variation than the limits assume${tail}`;
    case 'nelson8':
      return `${label} is the ${ORDINAL(hit.count)} point in a row more than 1σ from the centre line, on either side${tail}`;
  }
}
