/**
 * The in-memory shape of a generated demo network, before it is written as a folder.
 * Times are UTC epoch milliseconds; site time zones are applied when files are written.
 */
import type { StepId } from './network.js';

/** A phase (ISA-88) of a step lot on its equipment. */
export interface DemoPhase {
  phase: string;
  start: number;
  end: number;
}

/** Lot status as a quality system records it. */
export type LotStatus = 'released' | 'rejected' | 'reworked';

/** One lot: a raw-material lot from a supplier, or a lot made by a step on equipment. */
export interface DemoLot {
  lot: string;
  material: string;
  site: string;
  step?: StepId;
  equipment?: string;
  start?: number;
  end?: number;
  quantity: number;
  unit: 'kg' | 'tablets';
  supplier?: string;
  /** The supplier's own lot number (a lot attribute). */
  supplierLot?: string;
  status: LotStatus;
  phases: DemoPhase[];
  /**
   * True (latent) values that drive lab results and sensor profiles, e.g. `d90` of an API lot,
   * `peakTemp` of a drying lot, `ejection` of a compression lot. Not written to the folder as
   * such; the planted causes in truth.json are stated in terms of them.
   */
  knobs: Record<string, number>;
  /** Position of this lot among the lots of its step at its site (0-based). */
  index: number;
}

/** A genealogy link: `quantity` of `parent` (in the parent's unit) went into `child`. */
export interface DemoLink {
  parent: string;
  child: string;
  quantity: number;
}

/** An event that is not a phase: alarm, deviation, CAPA. */
export interface DemoEvent {
  event: string;
  type: 'alarm' | 'deviation' | 'capa';
  name: string;
  lot?: string;
  equipment?: string;
  start: number;
  end?: number;
  severity?: 'low' | 'medium' | 'high' | 'major' | 'minor';
  text?: string;
}

/** The generated network: lots in creation order, genealogy, non-phase events. */
export interface DemoNetwork {
  lots: DemoLot[];
  links: DemoLink[];
  events: DemoEvent[];
  byLot: Map<string, DemoLot>;
}
