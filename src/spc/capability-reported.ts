/**
 * Which Ppk to report: a capability result has a normal-theory Ppk and, when the data are not
 * normal (or a distribution was chosen), a percentile Ppk from the fitted distribution. A
 * report names one; this says which and why, in one sentence for the figure and the workbench.
 */

/** The parts of a capability result (spc/capability.ts) this reads; the workbench passes its JSON. */
export interface PpkSource {
  indices: { ppk?: { value: number } | undefined };
  normality: { pValue?: number; skipped?: string };
  nonNormal?: { method: string; ppk: number };
}

/** The Ppk to report, where it comes from, and why that one. */
export interface ReportedPpk {
  value: number;
  basis: 'normal' | 'percentile';
  sentence: string;
}

const p3 = (v: number) => v.toPrecision(3);

/**
 * The Ppk to report for `r`, or undefined without a specification limit.
 *
 * @example reportedPpk(capability(values, { lsl: 80 })).sentence
 * // "Report Ppk 1.21 (normal, σ overall): the data look normal (Anderson–Darling p 0.412)."
 */
export function reportedPpk(r: PpkSource): ReportedPpk | undefined {
  const ad = r.normality.pValue;
  if (r.nonNormal) {
    const why = ad !== undefined && ad < 0.05 ? `the data do not look normal (Anderson–Darling p ${p3(ad)})` : 'this distribution was chosen';
    return { value: r.nonNormal.ppk, basis: 'percentile', sentence: `Report Ppk ${r.nonNormal.ppk.toFixed(2)} (${r.nonNormal.method} percentiles): ${why}; the normal-theory Ppk ${r.indices.ppk ? r.indices.ppk.value.toFixed(2) + ' ' : ''}would mislead.` };
  }
  const ppk = r.indices.ppk;
  if (!ppk) return undefined;
  const why = ad === undefined ? 'normality was not checked (fewer than 8 values); read it with care'
    : ad < 0.05 ? `but the data do not look normal (Anderson–Darling p ${p3(ad)}) and no positive-valued fit applies: read it with care`
      : `the data look normal (Anderson–Darling p ${p3(ad)})`;
  return { value: ppk.value, basis: 'normal', sentence: `Report Ppk ${ppk.value.toFixed(2)} (normal, σ overall): ${why}.` };
}
