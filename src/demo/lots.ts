/**
 * Lots and genealogy of the demo network, site by site. Per site, granulation j runs on a
 * cadence; each granulation is split into two fluid-bed drying lots (A, B); blend k merges
 * drying lot B of granulation k-1 with drying lot A of granulation k (so most tablets carry two
 * granulations, in uneven shares), then compression and coating follow 1:1.
 *
 *   API, excipient lots ─▶ dispensing j ─▶ granulation j ─┬▶ drying jA ─▶ blend j   ─▶ cores j ─▶ tablets j
 *                                                          └▶ drying jB ─▶ blend j+1 ─▶ …
 */
import { DateTime } from 'luxon';
import type { DemoLot, DemoNetwork } from './model.js';
import { MGST, RAW_INPUTS, SITES, STEPS, type SiteDef, type StepId } from './network.js';
import { round, Rng } from './prng.js';
import { RawStock } from './raw-lots.js';
import { EquipmentPlan, MINUTE } from './schedule.js';
import { CAMPAIGN_START_LOCAL, type SizePlan } from './sizes.js';

const HOUR = 60 * MINUTE;
/** Ejection force (N) that tooling wear adds by the time the punches are replaced (planted cause c). */
export const WEAR_AT_CHANGE = 60;
/** Target tablet core weight (mg): converts kg of blend into tablets. */
export const CORE_WEIGHT_MG = 250;

/** Builds the lots and genealogy of every site (events other than phases come later). */
export function buildLots(plan: SizePlan, rng: Rng): DemoNetwork {
  const net: DemoNetwork = { lots: [], links: [], events: [], byLot: new Map() };
  SITES.forEach((site, i) => buildSite(site, plan, rng.fork(i), net));
  return net;
}

function stepOf(step: StepId) {
  return STEPS.find((s) => s.step === step)!;
}

function buildSite(site: SiteDef, plan: SizePlan, rng: Rng, net: DemoNetwork): void {
  const add = (lot: DemoLot) => {
    net.lots.push(lot);
    net.byLot.set(lot.lot, lot);
  };
  const eq = new EquipmentPlan(rng);
  const stocks = RAW_INPUTS.map((r) => {
    const choose = r.material === 'API'
      ? (g: Rng) => (g.chance(site.apiSupplierBShare) ? 'Supplier B' : 'Supplier A')
      : r.material === 'LACTOSE' ? () => site.lactoseSupplier : () => r.suppliers[0]!;
    return { r, stock: new RawStock(site, r.material, r.lotKg, choose, rng, add) };
  });
  const mgst = new RawStock(site, MGST.material, MGST.lotKg, () => MGST.supplier, rng, add);
  const t0 = DateTime.fromISO(CAMPAIGN_START_LOCAL, { zone: site.timezone }).toMillis();
  const n = plan.granulationsPerSite;
  const id = (prefix: string, k: number, suffix = '') => `${site.site}-${prefix}${String(k + 1).padStart(4, '0')}${suffix}`;
  const made = (step: StepId, lot: string, equipment: string, booked: ReturnType<EquipmentPlan['book']>, quantity: number, unit: DemoLot['unit'], index: number, knobs: Record<string, number>): DemoLot => {
    const l: DemoLot = {
      lot, material: stepOf(step).material, site: site.site, step, equipment, start: booked.start, end: booked.end,
      quantity: round(quantity, unit === 'kg' ? 1 : 0), unit, status: 'released', phases: booked.phases, knobs, index,
    };
    add(l);
    return l;
  };
  const dried: DemoLot[] = [];
  // Tooling wear (planted cause c) restarts when the punches are replaced, three quarters in.
  const toolingChange = Math.round(0.75 * (n + 1));

  const blend = (k: number, parents: DemoLot[]) => {
    const ready = Math.max(...parents.map((p) => p.end!)) + rng.between(1, 4) * HOUR;
    const kg = parents.reduce((s, p) => s + p.quantity, 0);
    const blendLot = id('B', k);
    const b = eq.book(`${site.site}-BLEND1`, ready, [['blending', rng.between(12, 18)], ['lubrication', rng.between(2, 5)]]);
    for (const p of parents) net.links.push({ parent: p.lot, child: blendLot, quantity: p.quantity });
    mgst.take(kg * MGST.fraction, blendLot, b.start, net.links);
    const bl = made('blending', blendLot, `${site.site}-BLEND1`, b, kg * (1 + MGST.fraction), 'kg', k, {
      buSd: rng.chance(0.04) ? rng.between(4.5, 6.5) : rng.normal(1.8, 0.3),
    });
    // Compression: the press that is free first; duration follows batch size and press rate.
    const press = site.presses.reduce((best, p) => (eq.freeAt(`${site.site}-${p.id}`) < eq.freeAt(`${site.site}-${best.id}`) ? p : best));
    const tablets = (bl.quantity * 1e6) / CORE_WEIGHT_MG * rng.normal(0.985, 0.005);
    const c = eq.book(`${site.site}-${press.id}`, b.end + rng.between(1, 6) * HOUR, [['compression', (tablets / press.rate) * 60 * rng.normal(1, 0.03)]]);
    const sinceChange = k >= toolingChange ? k - toolingChange : k;
    // Wear adds 60 N of ejection force by the tooling change whatever the size (≈ 0.4 N per lot at default size).
    const wear = site.toolingWear ? (WEAR_AT_CHANGE * sinceChange) / toolingChange : 0;
    const cores = made('compression', id('C', k), `${site.site}-${press.id}`, c, tablets, 'tablets', k, {
      forceSet: rng.normal(press.model === 'RP-55' ? 13 : 12, 0.3),
      ejection: 280 + wear + rng.normal(0, 6),
      turret: press.model === 'RP-55' ? 75 : 60,
      wear,
      toolingChange: site.toolingWear && k === toolingChange ? 1 : 0,
    });
    net.links.push({ parent: bl.lot, child: cores.lot, quantity: bl.quantity });
    const ct = eq.book(`${site.site}-COAT1`, c.end + rng.between(1, 8) * HOUR, [
      ['heating', rng.between(10, 15)], ['spraying', rng.between(70, 100)], ['drying', rng.between(10, 15)],
    ]);
    const fct = made('coating', id('T', k), `${site.site}-COAT1`, ct, cores.quantity * rng.normal(0.975, 0.01), 'tablets', k, {
      inletSet: site.coatingInletSet + rng.normal(0, 0.8),
      sprayRate: rng.normal(250, 8),
    });
    net.links.push({ parent: cores.lot, child: fct.lot, quantity: cores.quantity });
  };

  for (let j = 0; j < n; j++) {
    const dispLot = id('D', j);
    const planned = t0 + j * site.cadenceHours * HOUR + rng.between(0, 0.5) * HOUR;
    const d = eq.book(`${site.site}-DISP1`, planned, [['weighing', rng.between(40, 60)]]);
    let kg = 0;
    for (const { r, stock } of stocks) {
      stock.take(r.kgPerBatch, dispLot, d.start, net.links);
      kg += r.kgPerBatch;
    }
    made('dispensing', dispLot, `${site.site}-DISP1`, d, kg, 'kg', j, {});
    const g = eq.book(`${site.site}-GRAN1`, d.end + rng.between(0.5, 2) * HOUR, [
      ['dry_mix', rng.between(3, 5)], ['liquid_addition', rng.between(5, 8)], ['wet_massing', rng.between(3, 6)],
    ]);
    const gran = made('granulation', id('G', j), `${site.site}-GRAN1`, g, kg * 1.12, 'kg', j, {
      impellerSet: rng.normal(250, 8), endPower: rng.normal(9.5, 0.4), sprayRate: rng.normal(800, 20),
    });
    net.links.push({ parent: dispLot, child: gran.lot, quantity: kg });
    // Split: the dryer takes about half the wet granulate per load.
    const shareA = rng.between(0.46, 0.54);
    for (const [half, share] of [['A', shareA], ['B', 1 - shareA]] as const) {
      const wet = round(gran.quantity * share, 1);
      const inletSet = rng.normal(65, 1.2);
      // Planted cause (b): the peak product temperature at the end of drying (see lab.ts).
      const overshoot = rng.chance(0.05) ? rng.between(4.5, 6.5) : 0;
      const peakTemp = 40 + 0.8 * (inletSet - 65) + rng.normal(0, 1.6) + overshoot;
      const dr = eq.book(`${site.site}-FBD1`, g.end + rng.between(0.2, 1) * HOUR, [
        ['heating', rng.between(8, 12)], ['drying', rng.between(30, 50)], ['cooling', rng.between(8, 12)],
      ]);
      const dl = made('drying', id('DR', j, half), `${site.site}-FBD1`, dr, (wet / 1.12) * rng.normal(0.99, 0.003), 'kg', 2 * j + (half === 'A' ? 0 : 1), {
        inletSet, peakTemp, overshoot,
      });
      net.links.push({ parent: gran.lot, child: dl.lot, quantity: wet });
      dried.push(dl);
    }
    const prevB = dried[2 * j - 1];
    blend(j, prevB ? [prevB, dried[2 * j]!] : [dried[2 * j]!]);
  }
  blend(n, [dried[2 * n - 1]!]);
}
