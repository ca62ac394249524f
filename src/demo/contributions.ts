/**
 * Genealogy contributions: how much of an upstream lot is in a downstream lot. A parent's
 * share in a child is the quantity of it consumed over the quantity of all parents consumed;
 * shares multiply along a path and add over paths. Normalised within one material, they weigh
 * upstream values in a final lot (e.g. the contribution-weighted d90 of its API lots).
 */
import type { DemoLink } from './model.js';

/** Parent links of each child, indexed once. */
export class Genealogy {
  private readonly parents = new Map<string, DemoLink[]>();

  constructor(links: DemoLink[]) {
    for (const l of links) {
      const list = this.parents.get(l.child);
      if (list) list.push(l);
      else this.parents.set(l.child, [l]);
    }
  }

  /**
   * Shares of every ancestor lot in `lot` (fractions of the lot's inputs by quantity, multiplied
   * along paths). The demo's genealogy is a tree above each lot per material, and quantities of
   * one child's parents share a unit, so the sums are meaningful.
   */
  ancestors(lot: string): Map<string, number> {
    const out = new Map<string, number>();
    const walk = (child: string, weight: number) => {
      const ps = this.parents.get(child);
      if (!ps) return;
      const total = ps.reduce((s, p) => s + p.quantity, 0);
      for (const p of ps) {
        const w = weight * (p.quantity / total);
        out.set(p.parent, (out.get(p.parent) ?? 0) + w);
        walk(p.parent, w);
      }
    };
    walk(lot, 1);
    return out;
  }

  /**
   * Contribution-weighted mean of `value` over ancestors of `lot` for which `value` is defined
   * (weights normalised to sum 1 within those ancestors), or undefined when there are none.
   *
   * @example
   * // d90 of the API lots in a tablet lot, weighted by how much of each is in it
   * g.weighted('LJU-T0003', (l) => apiD90.get(l));
   */
  weighted(lot: string, value: (ancestor: string) => number | undefined): number | undefined {
    let sw = 0;
    let s = 0;
    for (const [a, w] of this.ancestors(lot)) {
      const v = value(a);
      if (v === undefined) continue;
      sw += w;
      s += w * v;
    }
    return sw > 0 ? s / sw : undefined;
  }
}
