/**
 * Laboratory and in-process results (LIMS): discrete values and replicates, with the planted
 * causes (a) and (b) and the hardness model behind (c), realistic noise, a few missing values
 * and dissolution retests (USP <711> stage 2). Also decides lot status from the results.
 * Formulas and sizes are documented in docs/demo-network.md; truth.ts restates them per lot.
 */
import { Genealogy } from './contributions.js';
import type { DemoEvent, DemoLot, DemoNetwork } from './model.js';
import { SPEC_CHANGE } from './network.js';
import { round, type Rng } from './prng.js';

export interface DiscreteRow { lot: string; parameter: string; value: number; time: number }
export interface ReplicateRow { lot: string; parameter: string; replicate: number; value: number; time: number }

/** The planted effects, as constants the docs and truth.json quote. */
export const EFFECTS = {
  /** (a) dissolution mean (% points) per µm of contribution-weighted API d90 above 80 µm. */
  dissolutionPerD90: -0.08,
  d90Reference: 80,
  dissolutionBase: 88,
  /** (b) total impurities (% points) per °C of contribution-weighted peak product temperature above 40 °C. */
  impuritiesPerPeakTemp: 0.06,
  peakTempReference: 40,
  impuritiesBase: 0.3,
  /** (c) hardness (N) per N of ejection force above 280 N (tooling wear shows in both). */
  hardnessPerEjection: -0.2,
  ejectionReference: 280,
  hardnessBase: 100,
  /** hardness (N) per kN of main compression force above 12 kN (a real CPP, not planted). */
  hardnessPerForce: 4,
} as const;

const HOUR = 3_600_000;
const Q = 75; // dissolution Q (%): stage 1 needs every vessel ≥ Q + 5, stage 2 a mean of 12 ≥ Q.

/** Lab data of the whole network; sets lot status and adds deviations for failures. */
export function buildLab(net: DemoNetwork, rng: Rng): { discrete: DiscreteRow[]; replicates: ReplicateRow[] } {
  const discrete: DiscreteRow[] = [];
  const replicates: ReplicateRow[] = [];
  const g = new Genealogy(net.links);
  // Lab systems record results to the minute.
  const minute = (ms: number) => Math.round(ms / 60_000) * 60_000;
  const d = (lot: DemoLot, parameter: string, value: number, digits: number, time: number) =>
    discrete.push({ lot: lot.lot, parameter, value: round(value, digits), time: minute(time) });
  const reps = (lot: DemoLot, parameter: string, values: number[], digits: number, time: number, first = 1) =>
    values.forEach((v, i) => replicates.push({ lot: lot.lot, parameter, replicate: first + i, value: round(v, digits), time: minute(time) }));
  const n = (k: number, mean: number, sd: number) => Array.from({ length: k }, () => rng.normal(mean, sd));

  for (const lot of net.lots) {
    const k = lot.knobs;
    const t = (lot.end ?? 0) + rng.between(1, 3) * HOUR;
    switch (lot.step ?? lot.material) {
      case 'API':
        if (!rng.chance(0.05)) d(lot, 'd10', k.d10!, 1, t + 24 * HOUR); // d10 not always reported
        d(lot, 'd50', k.d50!, 1, t + 24 * HOUR);
        d(lot, 'd90', k.d90!, 1, t + 24 * HOUR);
        d(lot, 'water', k.water!, 2, t + 24 * HOUR);
        d(lot, 'assay', k.assay!, 1, t + 24 * HOUR);
        break;
      case 'LACTOSE':
      case 'MCC':
        d(lot, 'water', k.water!, 2, t + 24 * HOUR);
        break;
      case 'drying':
        // LOD falls as the bed gets hotter: correlated with impurities, but not their cause.
        if (!rng.chance(0.02)) d(lot, 'lod', 2.0 - 0.08 * (k.peakTemp! - 40) + rng.normal(0, 0.2), 2, lot.end! + 0.5 * HOUR);
        break;
      case 'blending': {
        const bu = n(10, 100 + rng.normal(0, 0.6), k.buSd!);
        reps(lot, 'blend_uniformity', bu, 1, t);
        if (rsd(bu) > 4) {
          lot.status = 'reworked';
          net.events.push(deviation(lot, 'Blend uniformity RSD above 4 %; blend re-mixed 10 min', 'minor', t));
        }
        break;
      }
      case 'compression': {
        reps(lot, 'tablet_weight', n(20, 250 + rng.normal(0, 0.8), 2.2), 1, lot.end!);
        const h = EFFECTS.hardnessBase + EFFECTS.hardnessPerForce * (k.forceSet! - 12)
          + EFFECTS.hardnessPerEjection * (k.ejection! - EFFECTS.ejectionReference) + rng.normal(0, 1.5);
        k.hardnessMean = h;
        reps(lot, 'hardness', n(10, h, 4), 0, lot.end!);
        break;
      }
      case 'coating':
        finalLot(lot, g, net, rng, d, reps, t);
        break;
      default:
        break;
    }
  }
  return { discrete, replicates };
}

type D = (lot: DemoLot, parameter: string, value: number, digits: number, time: number) => void;
type R = (lot: DemoLot, parameter: string, values: number[], digits: number, time: number, first?: number) => void;

function finalLot(lot: DemoLot, g: Genealogy, net: DemoNetwork, rng: Rng, d: D, reps: R, t: number): void {
  const k = lot.knobs;
  const byLot = net.byLot;
  const d90w = g.weighted(lot.lot, (a) => (byLot.get(a)?.material === 'API' ? byLot.get(a)!.knobs.d90 : undefined))!;
  const peakw = g.weighted(lot.lot, (a) => (byLot.get(a)?.step === 'drying' ? byLot.get(a)!.knobs.peakTemp : undefined))!;
  k.d90w = d90w;
  k.peakTempW = peakw;
  const release = t + rng.between(24, 72) * HOUR;
  // (a) dissolution: coarser API dissolves slower.
  const dissTrue = EFFECTS.dissolutionBase + EFFECTS.dissolutionPerD90 * (d90w - EFFECTS.d90Reference) + rng.normal(0, 1.0);
  const s1 = Array.from({ length: 6 }, () => rng.normal(dissTrue, 2.0));
  reps(lot, 'dissolution', s1, 1, release);
  let all = s1;
  if (s1.some((v) => round(v, 1) < Q + 5)) {
    // Stage 2: six more vessels, two days later (a retest the LIMS adds as replicates 7–12).
    const s2 = Array.from({ length: 6 }, () => rng.normal(dissTrue, 2.0));
    reps(lot, 'dissolution', s2, 1, release + 48 * HOUR, 7);
    all = s1.concat(s2);
  }
  const dissMean = mean(all.map((v) => round(v, 1)));
  d(lot, 'dissolution_mean', dissMean, 1, release);
  // (b) impurities: a hotter end of drying degrades a little API.
  const imp = Math.max(0.05, EFFECTS.impuritiesBase + EFFECTS.impuritiesPerPeakTemp * (peakw - EFFECTS.peakTempReference) + rng.normal(0, 0.05));
  d(lot, 'impurities_total', imp, 2, release);
  d(lot, 'assay', rng.normal(100, 0.9), 1, release);
  d(lot, 'content_uniformity_av', Math.max(1, rng.normal(4.5, 1.3)), 1, release);
  d(lot, 'weight_gain', rng.normal(3.0, 0.2), 2, lot.end! + HOUR);
  if (!rng.chance(0.03)) d(lot, 'yield', Math.min(99.5, rng.normal(97.2, 1.0)), 1, lot.end! + 2 * HOUR);
  const impLimit = (lot.end ?? 0) >= Date.parse(SPEC_CHANGE) ? 0.8 : 1.0;
  if (round(dissMean, 1) < Q || round(imp, 2) > impLimit) {
    lot.status = 'rejected';
    net.events.push(deviation(lot, `OOS at release: dissolution mean ${round(dissMean, 1)} %, total impurities ${round(imp, 2)} %`, 'major', release));
  } else if (rng.chance(0.015)) {
    lot.status = 'rejected';
    net.events.push(deviation(lot, 'Coating defects (picking, twinning) above AQL at visual inspection', 'major', lot.end! + 3 * HOUR));
  }
}

function deviation(lot: DemoLot, text: string, severity: 'minor' | 'major', at: number) {
  const e: DemoEvent = { event: `DEV-${lot.lot}`, type: 'deviation', name: 'deviation', lot: lot.lot, start: Math.round(at / 1000) * 1000, severity, text };
  if (lot.equipment) e.equipment = lot.equipment;
  return e;
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function rsd(xs: number[]): number {
  const m = mean(xs);
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return (100 * Math.sqrt(v)) / m;
}

