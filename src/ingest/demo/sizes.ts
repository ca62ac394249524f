/**
 * Sizes of the demo network. `default` is what `npm start` builds; `small` is for tests;
 * `large` is for benchmarks. A size sets how many granulations each site runs and how often
 * tags are sampled; everything else (layout, planted causes) is the same at every size.
 */
export type DemoSize = 'small' | 'default' | 'large';

export interface SizePlan {
  /** Granulations per site; each site makes one more final lot than granulations (see lots.ts). */
  granulationsPerSite: number;
  /** Seconds between two samples of a tag. */
  periodSeconds: number;
}

export const SIZES: Record<DemoSize, SizePlan> = {
  // 3 sites × 8 final lots; 20-s sampling keeps it near 10^5 samples and a few seconds.
  small: { granulationsPerSite: 7, periodSeconds: 20 },
  // 3 sites × 201 = 603 final lots; 10-s sampling, several million samples.
  default: { granulationsPerSite: 200, periodSeconds: 10 },
  // 3 sites × 281 final lots at 2-s sampling: tens of millions of samples.
  large: { granulationsPerSite: 280, periodSeconds: 2 },
};

/** True when `s` names a demo size. */
export function isDemoSize(s: string): s is DemoSize {
  return s === 'small' || s === 'default' || s === 'large';
}

/** Local date-time (in each site's zone) at which every site's campaign starts: just before the
 * European daylight-saving change of 2025-03-30, so the first days of Ljubljana cross it. */
export const CAMPAIGN_START_LOCAL = '2025-03-29T00:00:00';
