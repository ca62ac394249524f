/**
 * Raw-material lots and their consumption. Each site keeps a first-in-first-out stock per raw
 * material; a dispensing takes what it needs from the oldest lot and moves to the next when a
 * lot runs out. That is how real genealogy gets its splits (one API lot into several
 * granulations) and merges (one granulation from two or three API lots).
 */
import type { DemoLink, DemoLot } from './model.js';
import type { SiteDef } from './network.js';
import { round, type Rng } from './prng.js';

const DAY = 86_400_000;

/** Latent attributes of a new raw lot, by material and supplier (see docs/demo-network.md). */
function rawKnobs(material: string, supplier: string, rng: Rng): Record<string, number> {
  switch (material) {
    case 'API': {
      // Planted cause (a): supplier B mills coarser; d90 ~ N(115, 14) µm against N(70, 10) µm.
      const d90 = supplier === 'Supplier B' ? rng.normal(115, 14) : rng.normal(70, 10);
      return {
        d90,
        d50: d90 * rng.normal(0.45, 0.02),
        d10: d90 * rng.normal(0.12, 0.01),
        water: rng.normal(supplier === 'Supplier B' ? 1.4 : 1.2, 0.25),
        assay: rng.normal(99.8, 0.4),
      };
    }
    case 'LACTOSE':
      // A harmless difference: one lactose supplier is a little wetter, with no effect downstream.
      return { water: rng.normal(supplier === 'Indolac' ? 5.2 : 5.0, 0.08) };
    case 'MCC':
      return { water: rng.normal(4.5, 0.4) };
    default:
      return {};
  }
}

/** A FIFO stock of one raw material at one site. */
export class RawStock {
  private readonly queue: Array<{ lot: DemoLot; left: number }> = [];
  private count = 0;

  constructor(
    private readonly site: SiteDef,
    private readonly material: string,
    private readonly lotKg: [number, number],
    private readonly chooseSupplier: (rng: Rng) => string,
    private readonly rng: Rng,
    private readonly emit: (lot: DemoLot) => void,
  ) {}

  /**
   * Takes `kg` for `child` at time `at`, from as many lots as needed; records the links.
   * A new lot is "received" 5–20 days before it is first used.
   */
  take(kg: number, child: string, at: number, links: DemoLink[]): void {
    let need = kg;
    while (need > 1e-9) {
      if (this.queue.length === 0) this.receive(at);
      const head = this.queue[0]!;
      const used = Math.min(need, head.left);
      links.push({ parent: head.lot.lot, child, quantity: round(used, 3) });
      head.left -= used;
      need -= used;
      if (head.left <= 1e-9) this.queue.shift();
    }
  }

  private receive(at: number): void {
    this.count += 1;
    const supplier = this.chooseSupplier(this.rng);
    const quantity = round(this.rng.between(this.lotKg[0], this.lotKg[1]), 1);
    const received = Math.round((at - this.rng.between(5, 20) * DAY) / 60_000) * 60_000;
    const lot: DemoLot = {
      lot: `${this.material}-${this.site.site}-${String(this.count).padStart(3, '0')}`,
      material: this.material,
      site: this.site.site,
      start: received,
      end: received,
      quantity,
      unit: 'kg',
      supplier,
      supplierLot: `${supplier.replace(/[^A-Z]/g, '')}${this.rng.int(100000, 999999)}`,
      status: 'released',
      phases: [],
      knobs: rawKnobs(this.material, supplier, this.rng),
      index: this.count - 1,
    };
    this.queue.push({ lot, left: quantity });
    this.emit(lot);
  }
}
