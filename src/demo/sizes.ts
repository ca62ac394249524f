/**
 * Sizes of the demo network. `default` is what `npm start` builds; `small` is for tests;
 * `large` is for benchmarks. A size sets how many granulations each site runs and how often
 * tags are sampled; everything else (layout, planted causes) is the same at every size.
 */
export type DemoSize = 'small' | 'default' | 'large';

export interface SizePlan {
  /** Granulations per site; each site makes one more final lot than granulations (see lots.ts). */
  granulationsPerSite: number;
  /** Seconds between two samples of a tag (slow signals: 3 × this, see network.ts). */
  periodSeconds: number;
}

export const SIZES: Record<DemoSize, SizePlan> = {
  // 3 sites × 8 final lots; 20-s sampling keeps it near 10^5 samples and a few seconds.
  small: { granulationsPerSite: 7, periodSeconds: 20 },
  // 3 sites × 201 = 603 final lots; 10-s sampling (48 tags; 26 slow tags every 30 s), about 6 million samples.
  default: { granulationsPerSite: 200, periodSeconds: 10 },
  // The default network sampled every second: tens of millions of samples, for benchmarks.
  large: { granulationsPerSite: 200, periodSeconds: 1 },
};

/** True when `s` names a demo size. */
export function isDemoSize(s: string): s is DemoSize {
  return s === 'small' || s === 'default' || s === 'large';
}

/** Local date-time (in each site's zone) at which every site's campaign starts: just before the
 * European daylight-saving change of 2025-03-30, so the first days of Ljubljana cross it. */
export const CAMPAIGN_START_LOCAL = '2025-03-29T00:00:00';
