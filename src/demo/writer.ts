/**
 * Writes the demo network's small files in the open folder format (src/ingest/folder-files.ts),
 * as CSV. Times are written in each site's local time with its offset, as the site's systems
 * would print them; the continuous Parquet files are written by continuous-sql.ts.
 */
import path from 'node:path';
import type { FolderFile } from '../ingest/folder-files.js';
import { localIso, writeCsv, type Cell } from './csv.js';
import type { DiscreteRow, ReplicateRow } from './lab.js';
import type { DemoNetwork } from './model.js';
import { MATERIALS, PARAMETERS, PRODUCT, SIGNALS, SITES, STEPS, siteEquipment, tagName } from './network.js';

/** Rows written per file. */
export type FileCounts = Partial<Record<FolderFile, number>>;

/** Writes every CSV file of the demo folder into `dir`. */
export async function writeTables(
  dir: string,
  net: DemoNetwork,
  lab: { discrete: DiscreteRow[]; replicates: ReplicateRow[] },
): Promise<FileCounts> {
  const zone = new Map(SITES.map((s) => [s.site, s.timezone]));
  const lotZone = (lot: string | undefined) => zone.get(net.byLot.get(lot ?? '')?.site ?? '') ?? 'UTC';
  const eqSite = new Map(SITES.flatMap((s) => siteEquipment(s).map((e) => [e.equipment, s.site] as const)));
  const t = (ms: number | undefined, z: string): Cell => (ms === undefined ? undefined : localIso(ms, z));
  const file = (name: FolderFile) => path.join(dir, `${name}.csv`);
  const counts: FileCounts = {};

  counts.sites = await writeCsv(file('sites'), ['site', 'name', 'timezone'], SITES.map((s) => [s.site, s.name, s.timezone]));
  const equipment = SITES.flatMap(siteEquipment);
  counts.equipment = await writeCsv(file('equipment'), ['equipment', 'site', 'parent', 'class', 'name'],
    equipment.map((e) => [e.equipment, e.site, e.parent, e.cls, e.name]));
  counts.materials = await writeCsv(file('materials'), ['material', 'type', 'name'], MATERIALS.map((m) => [m.material, m.type, m.name]));
  counts.steps = await writeCsv(file('steps'), ['step', 'product', 'sequence', 'material', 'name'],
    STEPS.map((s) => [s.step, PRODUCT, s.sequence, s.material, s.name]));
  counts.lots = await writeCsv(
    file('lots'),
    ['lot', 'material', 'site', 'step', 'equipment', 'start', 'end', 'quantity', 'unit', 'supplier', 'status', 'supplier_lot'],
    net.lots.map((l) => {
      const z = zone.get(l.site)!;
      return [l.lot, l.material, l.site, l.step, l.equipment, t(l.start, z), t(l.end, z), l.quantity, l.unit, l.supplier, l.status, l.supplierLot];
    }),
  );
  counts.genealogy = await writeCsv(file('genealogy'), ['parent_lot', 'child_lot', 'quantity'], net.links.map((g) => [g.parent, g.child, g.quantity]));
  counts.parameters = await writeCsv(
    file('parameters'),
    ['parameter', 'kind', 'material', 'step', 'unit', 'role', 'lsl', 'usl', 'target', 'valid_from', 'description'],
    PARAMETERS.map((p) => [p.parameter, p.kind, p.material, p.step, p.unit, p.role, p.lsl, p.usl, p.target, p.validFrom, p.description]),
  );
  counts.discrete = await writeCsv(file('discrete'), ['lot', 'parameter', 'value', 'time'],
    lab.discrete.map((d) => [d.lot, d.parameter, d.value, t(d.time, lotZone(d.lot))]));
  counts.replicates = await writeCsv(file('replicates'), ['lot', 'parameter', 'replicate', 'value', 'time'],
    lab.replicates.map((r) => [r.lot, r.parameter, r.replicate, r.value, t(r.time, lotZone(r.lot))]));
  const phases = net.lots.flatMap((l) => l.phases.map((p) => ({ l, p })));
  const z = (eq: string | undefined, lot: string | undefined) => (eq ? zone.get(eqSite.get(eq) ?? '') ?? 'UTC' : lotZone(lot));
  counts.events = await writeCsv(
    file('events'),
    ['event', 'type', 'name', 'lot', 'equipment', 'start', 'end', 'severity', 'text'],
    [
      ...phases.map(({ l, p }): Cell[] => {
        const zz = zone.get(l.site)!;
        return [`PH-${l.lot}-${p.phase}`, 'phase', p.phase, l.lot, l.equipment, t(p.start, zz), t(p.end, zz), undefined, undefined];
      }),
      ...net.events.map((e): Cell[] => {
        const zz = z(e.equipment, e.lot);
        return [e.event, e.type, e.name, e.lot, e.equipment, t(e.start, zz), t(e.end, zz), e.severity, e.text];
      }),
    ],
  );
  counts.tags = await writeCsv(
    file('tags'),
    ['tag', 'equipment', 'signal', 'unit', 'description', 'lsl', 'usl'],
    equipment.flatMap((e) => {
      const signals = SIGNALS[e.cls as keyof typeof SIGNALS] ?? [];
      return signals.map((s) => [tagName(e.equipment, s.signal), e.equipment, s.signal, s.unit, s.description, s.lsl, s.usl]);
    }),
  );
  return counts;
}
