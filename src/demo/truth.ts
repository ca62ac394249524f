/**
 * The ground truth of a demo network: which lots carry which planted cause and the true size
 * of its effect, so tests of explain/investigate can check their answers. Written as
 * `truth.json` beside the folder-format files (see docs/demo-network.md for the formulas).
 */
import { round } from './prng.js';
import { EFFECTS } from './lab.js';
import type { DemoNetwork } from './model.js';
import { PRODUCT, SITES } from './network.js';
import type { DemoSize } from './sizes.js';

/** One lot's share of a planted cause: the driver's true value and its effect on the outcome. */
export interface TruthLot {
  lot: string;
  site: string;
  driver: number;
  effect: number;
}

/** A planted cause. */
export interface TruthCause {
  id: 'a' | 'b' | 'c';
  name: string;
  path: 'genealogy' | 'continuous feature' | 'site drift';
  driver: string;
  outcome: { material: string; parameter: string };
  formula: string;
  slope: number;
  unit: string;
  sites: string[];
  lots: TruthLot[];
}

/** The whole truth file. */
export interface DemoTruth {
  format: 'causeway-demo-truth/1';
  seed: number;
  size: DemoSize;
  causes: TruthCause[];
  notCauses: Array<{ what: string; why: string }>;
}

/** Builds truth.json from the latent values the generator used. */
export function buildTruth(net: DemoNetwork, seed: number, size: DemoSize): DemoTruth {
  const finals = net.lots.filter((l) => l.material === PRODUCT);
  const cores = net.lots.filter((l) => l.step === 'compression');
  const drifting = SITES.filter((s) => s.toolingWear).map((s) => s.site);
  return {
    format: 'causeway-demo-truth/1',
    seed,
    size,
    causes: [
      {
        id: 'a', name: 'API particle size lowers dissolution', path: 'genealogy',
        driver: 'API d90 (µm), weighted by each API lot\'s contribution to the tablet lot through the genealogy',
        outcome: { material: PRODUCT, parameter: 'dissolution_mean' },
        formula: `effect = ${EFFECTS.dissolutionPerD90} × (d90_weighted − ${EFFECTS.d90Reference})`,
        slope: EFFECTS.dissolutionPerD90, unit: '% points per µm', sites: SITES.map((s) => s.site),
        lots: finals.map((l) => ({ lot: l.lot, site: l.site, driver: round(l.knobs.d90w!, 3), effect: round(EFFECTS.dissolutionPerD90 * (l.knobs.d90w! - EFFECTS.d90Reference), 3) })),
      },
      {
        id: 'b', name: 'Hot end of drying raises impurities', path: 'continuous feature',
        driver: 'peak product temperature in the drying phase (°C), the feature drying.product_temp.max (reads about 0.3–0.6 °C above it: the maximum of noisy samples), weighted by each drying lot\'s contribution',
        outcome: { material: PRODUCT, parameter: 'impurities_total' },
        formula: `effect = ${EFFECTS.impuritiesPerPeakTemp} × (peak_weighted − ${EFFECTS.peakTempReference})`,
        slope: EFFECTS.impuritiesPerPeakTemp, unit: '% points per °C', sites: SITES.map((s) => s.site),
        lots: finals.map((l) => ({ lot: l.lot, site: l.site, driver: round(l.knobs.peakTempW!, 3), effect: round(EFFECTS.impuritiesPerPeakTemp * (l.knobs.peakTempW! - EFFECTS.peakTempReference), 3) })),
      },
      {
        id: 'c', name: 'Press tooling wear at one site lowers hardness', path: 'site drift',
        driver: 'ejection force (N) of the compression lot, the feature compression.ejection_force.mean; tooling wear adds up to 60 N, linearly over the lots before the punches are replaced (CAPA; 0.4 N per lot at default size), then restarts',
        outcome: { material: 'CORES', parameter: 'hardness' },
        formula: `effect = ${EFFECTS.hardnessPerEjection} × wear, wear = ejection increase from tooling wear (N)`,
        slope: EFFECTS.hardnessPerEjection, unit: 'N hardness per N ejection force', sites: drifting,
        lots: cores.filter((l) => drifting.includes(l.site)).map((l) => ({ lot: l.lot, site: l.site, driver: round(l.knobs.wear!, 3), effect: round(EFFECTS.hardnessPerEjection * l.knobs.wear!, 3) })),
      },
    ],
    notCauses: [
      { what: 'site LJU has lower dissolution than the other sites', why: 'LJU receives more supplier B API (60 % of API lots against 30 % and 45 %): site is confounded with API d90, not a cause' },
      { what: 'API supplier', why: 'acts only through d90; within one supplier, d90 still explains dissolution' },
      { what: 'API water content (supplier B 1.4 % against 1.2 %)', why: 'follows the supplier, so it correlates with dissolution; it has no effect of its own' },
      { what: 'lactose supplier Indolac (HYD) has wetter lactose (water +0.2 %)', why: 'no effect on any outcome' },
      { what: 'HYD coats with inlet air 5 °C warmer (exhaust 5 °C warmer)', why: 'no effect on any outcome' },
      { what: 'LOD at end of drying correlates with impurities (negatively)', why: 'both follow the peak product temperature; LOD does not act on impurities' },
      { what: 'press model RP-55 (LJU-PRESS2, HYD-PRESS1) gives harder cores', why: 'it runs at 13 kN instead of 12 kN; main force acts on hardness (+4 N per kN) in every lot, not a planted cause' },
    ],
  };
}
