import type { Logger } from '../core/logger.js';

/**
 * How a value of upstream lots is carried down to a lot made from them:
 * - `weighted_mean`: contribution-weighted mean over the upstream lots of that material that have
 *   a value, weights renormalised over those lots (the default);
 * - `min`, `max`: over the upstream lots that have a value;
 * - `first`: the value of the earliest upstream lot (by start, then lot id) that has one;
 * - `single_parent`: the value when exactly one upstream lot of that material went in, else missing.
 */
export type CarryRule = 'weighted_mean' | 'min' | 'max' | 'first' | 'single_parent';

/** Every carry rule, in the order the help text lists them. */
export const CARRY_RULES = ['weighted_mean', 'min', 'max', 'first', 'single_parent'] as const satisfies readonly CarryRule[];

/** True when `s` names a {@link CarryRule}. */
export function isCarryRule(s: string): s is CarryRule {
  return (CARRY_RULES as readonly string[]).includes(s);
}

/** Which kinds of column an analysis set holds (all true by default). */
export interface IncludeOptions {
  /** Discrete parameters (own and upstream). Default true. */
  discrete?: boolean;
  /** Features (own and upstream). Default true. */
  features?: boolean;
  /** Values and factors of upstream lots. Default true. */
  upstream?: boolean;
  /** Factor and time columns (site, status, start, campaign, equipment, supplier, raw lot). Default true. */
  factors?: boolean;
  /** Genealogy edges to follow upstream. Default 1000 (all). */
  depth?: number;
}

/** Options of `buildAnalysisSet`: which lots (rows), which columns, which carry rule. */
export interface AnalysisSetOptions {
  /** The material whose lots are the rows. Exactly one of material, product, step. */
  material?: string;
  /** A product: its final material (the material of its last step). */
  product?: string;
  /** A step: the material it makes. */
  step?: string;
  /** Only lots made at this site. */
  site?: string;
  /** Only lots that started at or after this instant (ISO 8601 or Date). */
  from?: string | Date;
  /** Only lots that started before this instant (ISO 8601 or Date). */
  to?: string | Date;
  /** Only these lots (each must be of the target material). */
  lots?: string[];
  /** Carry rule for upstream values (default `weighted_mean`). */
  rule?: CarryRule;
  include?: IncludeOptions;
  logger?: Logger;
}

/** What a factor column describes. */
export type FactorKind = 'site' | 'status' | 'campaign' | 'start' | 'equipment' | 'supplier' | 'lot';

/** Where a column's values come from. */
export interface ColumnOrigin {
  /** Material of the lots the value was measured on. */
  material: string;
  /** Step of those lots, when they have one. */
  step?: string;
  /** The discrete parameter, for parameter columns. */
  parameter?: string;
  /** The feature name, for feature columns. */
  feature?: string;
  /** The lot property, for factor and time columns. */
  factor?: FactorKind;
  /** Genealogy path from the source material down to the target: materials and steps, e.g. ['api', 'granulation', 'blending', 'compression']; [material] for the lot itself. */
  path: string[];
  /** `own` for values of the lot itself; the carry rule for upstream values; `dominant` for factors of upstream lots (the lot contributing most). */
  rule: CarryRule | 'own' | 'dominant';
  /** True when some genealogy weight behind this column is an equal split because quantities are missing. */
  estimated: boolean;
}

interface ColumnBase {
  /** Unique column name, saying where the value comes from (`api.d90 (via granulation)`). */
  name: string;
  origin: ColumnOrigin;
  /** Number of rows without a value. */
  missing: number;
}

/** A numeric column: NaN = missing. */
export interface NumericColumn extends ColumnBase {
  kind: 'numeric';
  values: Float64Array;
}

/** An instant column as epoch milliseconds: NaN = missing. */
export interface TimeColumn extends ColumnBase {
  kind: 'time';
  values: Float64Array;
}

/** A categorical column: null = missing. */
export interface FactorColumn extends ColumnBase {
  kind: 'factor';
  values: (string | null)[];
}

/** One column of an analysis set. */
export type AnalysisColumn = NumericColumn | TimeColumn | FactorColumn;

/** True for numeric columns. */
export function isNumericColumn(c: AnalysisColumn): c is NumericColumn {
  return c.kind === 'numeric';
}

/** One row per lot of the target material, one column per value source. */
export interface AnalysisSet {
  /** The target material. */
  material: string;
  rule: CarryRule;
  /** Row keys: the lots, ordered by start time then id. */
  lots: string[];
  columns: AnalysisColumn[];
}
