import { capability, type CapabilityOptions, type CapabilityResult, type SpecLimits } from './capability.js';
import { MAX_RANGE_SUBGROUP, sizesText } from './chart-choice.js';
import type { LotRow } from './chart-data.js';
import { xbar } from './variables.js';

/** How σ within of a replicate parameter was estimated: lots (subgroups), values per lot, estimator. */
export interface WithinLots {
  lots: number;
  /** Values per lot: '5', or '6–12' when they differ. */
  sizes: string;
  estimator: 'R̄/d2' | 'S̄/c4';
}

/** Capability of a replicate parameter, with how σ within was found. */
export interface ReplicateCapability {
  result: CapabilityResult;
  /** Absent when no lot has two or more values (σ within then from moving ranges). */
  subgroups?: WithinLots;
  /** Every value of every lot, in lot order. */
  values: Float64Array;
  notes: string[];
}

/**
 * Capability of a replicate parameter (5 piston-ring diameters per lot, 10 tablet hardnesses):
 * the specification judges single values, so the indices use every value of every lot; σ
 * overall (Pp, Ppk) is the standard deviation of all of them, lot-to-lot variation included;
 * σ within (Cp, Cpk, Cpm) comes from the lots as subgroups, as their X̄ chart estimates it:
 * R̄/d2 when every lot has the same number of values, 2 to 10, else S̄/c4 (weighted for
 * unequal sizes; see {@link xbar}). Lots with a single value count in σ overall only.
 *
 * @param rows - lots with their replicates (from readChartData of a replicate parameter)
 * @param spec - specification of single values
 * @param options - as {@link capability}; sigmaWithin is set here
 * @example replicateCapability(rows, { lsl: 73.95, usl: 74.05 }).result.indices.cpk // 1.663 on qcc's piston rings
 * @see Montgomery, Introduction to SQC, §8.2 (σ from R̄/d2 of the X̄ chart); qcc processCapability
 */
export function replicateCapability(rows: readonly LotRow[], spec: SpecLimits, options: Omit<CapabilityOptions, 'sigmaWithin' | 'sigmaWithinMethod'> = {}): ReplicateCapability {
  const values = Float64Array.from(rows.flatMap((r) => r.replicates ?? [r.value]));
  const groups = rows.filter((r) => (r.replicates?.length ?? 0) >= 2).map((r) => Float64Array.from(r.replicates!));
  const notes: string[] = [];
  if (groups.length === 0) {
    notes.push('no lot has two or more values, so σ within comes from moving ranges of the values in time order');
    const result = capability(values, spec, options);
    return { result, values, notes: [...notes, ...result.notes] };
  }
  const sizes = groups.map((g) => g.length);
  const range = sizes.every((n) => n === sizes[0]) && sizes[0]! <= MAX_RANGE_SUBGROUP;
  const subgroups: WithinLots = { lots: groups.length, sizes: sizesText(sizes), estimator: range ? 'R̄/d2' : 'S̄/c4' };
  const single = rows.length - groups.length;
  if (single > 0) notes.push(`${single} lot${single === 1 ? '' : 's'} with a single value count in σ overall but not in σ within`);
  notes.push(`σ within is the spread inside lots (${subgroups.estimator} over ${subgroups.lots} lots of ${subgroups.sizes} values), σ overall that of all ${values.length} values, lot-to-lot variation included: Cp and Cpk say what the process could do if lots did not differ, Pp and Ppk what it made`);
  const result = capability(values, spec, {
    ...options, sigmaWithin: xbar(groups, range ? 'R' : 'S').sigma, sigmaWithinMethod: `${subgroups.estimator} over ${subgroups.lots} lots of ${subgroups.sizes} values`,
  });
  return { result, subgroups, values, notes: [...notes, ...result.notes] };
}
