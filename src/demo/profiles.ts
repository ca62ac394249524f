/**
 * What each tag reads during each phase (and while its unit is idle): a start level, an end
 * level, a shape between them and a noise level. continuous-sql.ts expands these few numbers
 * per (phase × tag) into samples inside DuckDB. Levels follow ../docs/domain.md.
 */
import type { DemoLot } from './model.js';

/** How a value moves from `a0` to `a1` over a window; u runs 0 → 1. */
export const SHAPE = {
  /** a0 throughout. */
  constant: 0,
  /** straight line a0 → a1. */
  linear: 1,
  /** flat, then a late rise: a0 + (a1 − a0)·u⁶ (bed temperature once free water is gone; end-point power). */
  lateRise: 2,
  /** first-order approach: a0 + (a1 − a0)(1 − e^(−5u))/(1 − e^(−5)) (heating up, cooling down). */
  approach: 3,
} as const;

export type Shape = (typeof SHAPE)[keyof typeof SHAPE];

/** One window's profile of one signal. */
export interface Profile {
  a0: number;
  a1: number;
  shape: Shape;
  sd: number;
}

const C = (a: number, sd: number): Profile => ({ a0: a, a1: a, shape: SHAPE.constant, sd });
const L = (a0: number, a1: number, sd: number): Profile => ({ a0, a1, shape: SHAPE.linear, sd });
const R = (a0: number, a1: number, sd: number): Profile => ({ a0, a1, shape: SHAPE.lateRise, sd });
const E = (a0: number, a1: number, sd: number): Profile => ({ a0, a1, shape: SHAPE.approach, sd });

/** Signal → profile, for one phase of one lot; `minutes` are the phase lengths of the lot. */
type Table = (k: Record<string, number>, minutes: Record<string, number>) => Record<string, Record<string, Profile>>;

const TABLES: Record<string, Table> = {
  granulator: (k) => ({
    dry_mix: { impeller_speed: C(k.impellerSet!, 1.5), chopper_speed: C(1500, 15), binder_spray_rate: C(0, 0.3), impeller_power: C(4, 0.1), granule_temp: C(22, 0.1) },
    liquid_addition: { impeller_speed: C(k.impellerSet!, 1.5), chopper_speed: C(2500, 20), binder_spray_rate: C(k.sprayRate!, 8), impeller_power: L(4, 7, 0.12), granule_temp: L(22, 26, 0.1) },
    wet_massing: { impeller_speed: C(k.impellerSet!, 1.5), chopper_speed: C(2500, 20), binder_spray_rate: C(0, 0.3), impeller_power: R(7, k.endPower!, 0.12), granule_temp: L(26, 28, 0.1) },
    idle: { impeller_speed: C(0, 0.2), chopper_speed: C(0, 0.5), binder_spray_rate: C(0, 0.3), impeller_power: C(0.2, 0.02), granule_temp: C(21, 0.1) },
  }),
  dryer: (k) => ({
    heating: { inlet_temp: E(25, k.inletSet!, 0.3), product_temp: E(22, 33, 0.15), exhaust_temp: E(22, 30, 0.2), exhaust_humidity: L(40, 55, 0.5), air_flow: E(500, 2500, 20), filter_dp: L(4, 8, 0.15) },
    drying: { inlet_temp: C(k.inletSet!, 0.3), product_temp: R(33, k.peakTemp!, 0.15), exhaust_temp: R(30, k.peakTemp! - 3, 0.2), exhaust_humidity: L(55, 15, 0.5), air_flow: C(2500, 20), filter_dp: L(8, 12, 0.15) },
    cooling: { inlet_temp: E(k.inletSet!, 25, 0.3), product_temp: E(k.peakTemp!, 30, 0.15), exhaust_temp: E(k.peakTemp! - 3, 27, 0.2), exhaust_humidity: C(15, 0.5), air_flow: C(2000, 20), filter_dp: C(10, 0.15) },
    idle: { inlet_temp: C(24, 0.2), product_temp: C(22, 0.1), exhaust_temp: C(22, 0.2), exhaust_humidity: C(40, 0.5), air_flow: C(0, 0.5), filter_dp: C(0.5, 0.05) },
  }),
  blender: (_k, m) => ({
    blending: { rotation_speed: C(10, 0.05), revolutions: L(0, 10 * m.blending!, 0) },
    lubrication: { rotation_speed: C(8, 0.05), revolutions: L(10 * m.blending!, 10 * m.blending! + 8 * m.lubrication!, 0) },
    idle: { rotation_speed: C(0, 0), revolutions: C(0, 0) },
  }),
  press: (k) => ({
    compression: { turret_speed: C(k.turret!, 0.3), main_force: C(k.forceSet!, 0.35), precompression_force: C(2.5, 0.1), ejection_force: C(k.ejection!, 8), fill_depth: C(9.8, 0.03) },
    idle: { turret_speed: C(0, 0), main_force: C(0, 0.02), precompression_force: C(0, 0.02), ejection_force: C(0, 0.5), fill_depth: C(9.8, 0.01) },
  }),
  coater: (k) => ({
    heating: { inlet_temp: E(25, k.inletSet!, 0.3), exhaust_temp: E(25, 40, 0.2), spray_rate: C(0, 0.3), pan_speed: C(4, 0.05), atomising_pressure: C(0, 0.01) },
    spraying: { inlet_temp: C(k.inletSet!, 0.3), exhaust_temp: C(k.inletSet! - 18, 0.3), spray_rate: C(k.sprayRate!, 3), pan_speed: C(8, 0.05), atomising_pressure: C(2.2, 0.03) },
    drying: { inlet_temp: C(k.inletSet!, 0.3), exhaust_temp: L(k.inletSet! - 18, k.inletSet! - 14, 0.3), spray_rate: C(0, 0.3), pan_speed: C(4, 0.05), atomising_pressure: C(0, 0.01) },
    idle: { inlet_temp: C(24, 0.2), exhaust_temp: C(24, 0.2), spray_rate: C(0, 0.3), pan_speed: C(0, 0), atomising_pressure: C(0, 0.01) },
  }),
};

/**
 * Profiles of every signal of an equipment class for every phase of `lot` (and `idle`), or
 * undefined for classes without tags (the dispensary).
 */
export function lotProfiles(cls: string, lot: DemoLot): Record<string, Record<string, Profile>> | undefined {
  const table = TABLES[cls];
  if (!table) return undefined;
  const minutes: Record<string, number> = {};
  for (const p of lot.phases) minutes[p.phase] = (p.end - p.start) / 60_000;
  return table(lot.knobs, minutes);
}

/** The value of a late-rise profile at u (for alarm times computed in TS). */
export function lateRiseCrossing(p: Profile, level: number): number | undefined {
  if (p.a1 <= level || p.a0 >= level) return undefined;
  return ((level - p.a0) / (p.a1 - p.a0)) ** (1 / 6);
}
