/**
 * Equipment time lines: a step lot starts when its inputs are ready and its equipment is free
 * and clean, then runs its phases back to back. Keeps lots on one unit from overlapping, which
 * is also what keeps (tag, time) unique in the continuous data.
 */
import type { Rng } from './prng.js';
import type { DemoPhase } from './model.js';

const MINUTE = 60_000;

/** Free-from times of every piece of equipment of a site (UTC ms). */
export class EquipmentPlan {
  private readonly free = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  /** When `equipment` is next free (its last end plus a cleaning gap), or -Infinity if unused. */
  freeAt(equipment: string): number {
    return this.free.get(equipment) ?? Number.NEGATIVE_INFINITY;
  }

  /**
   * Books `equipment` for phases of the given lengths (minutes), starting no earlier than `ready`.
   * Cleaning between two lots takes 30–60 min (phases of samples outside a lot stay apart).
   */
  book(equipment: string, ready: number, phases: Array<[string, number]>): { start: number; end: number; phases: DemoPhase[] } {
    const start = roundToSecond(Math.max(ready, this.freeAt(equipment)));
    let t = start;
    const out: DemoPhase[] = [];
    for (const [phase, minutes] of phases) {
      const end = roundToSecond(t + minutes * MINUTE);
      out.push({ phase, start: t, end });
      t = end;
    }
    this.free.set(equipment, t + this.rng.between(30, 60) * MINUTE);
    return { start, end: t, phases: out };
  }
}

/** Whole seconds: the folder files carry times to the second. */
export function roundToSecond(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

export { MINUTE };
