/**
 * The fixed layout of the demo network: sites, equipment hierarchy, materials, the product's
 * steps, tags and parameters. Everything random lives elsewhere (lots.ts, lab.ts); this file is
 * the plant as an engineer would draw it. Words follow ISA-88/ISA-95 and ../docs/domain.md.
 */

/** One press of a site: presses differ in model (and so in speed) between and within sites. */
export interface PressDef {
  id: string;
  model: string;
  /** Tablets per hour at the usual turret speed. */
  rate: number;
}

/** A site of the demo network and what makes it differ from the others. */
export interface SiteDef {
  site: string;
  name: string;
  timezone: string;
  presses: PressDef[];
  dryerModel: string;
  /** Hours between two granulations (the site's cadence). */
  cadenceHours: number;
  /** Share of API lots received from supplier B (a confounder of site with dissolution). */
  apiSupplierBShare: number;
  /** Lactose supplier at this site (harmless difference: supplier 2 has wetter lactose). */
  lactoseSupplier: string;
  /** Coating inlet air set-point (°C): a harmless site difference. */
  coatingInletSet: number;
  /** True at the one site where press tooling wears during the campaign (planted cause c). */
  toolingWear: boolean;
}

export const SITES: SiteDef[] = [
  {
    site: 'LJU', name: 'Ljubljana', timezone: 'Europe/Ljubljana', dryerModel: 'FB-300',
    presses: [{ id: 'PRESS1', model: 'RP-36', rate: 280_000 }, { id: 'PRESS2', model: 'RP-55', rate: 360_000 }],
    cadenceHours: 5, apiSupplierBShare: 0.6, lactoseSupplier: 'Lactochem', coatingInletSet: 60, toolingWear: false,
  },
  {
    site: 'PAR', name: 'Parsippany', timezone: 'America/New_York', dryerModel: 'FB-300',
    presses: [{ id: 'PRESS1', model: 'RP-36', rate: 280_000 }],
    cadenceHours: 6, apiSupplierBShare: 0.3, lactoseSupplier: 'Lactochem', coatingInletSet: 60, toolingWear: true,
  },
  {
    site: 'HYD', name: 'Hyderabad', timezone: 'Asia/Kolkata', dryerModel: 'FB-500',
    presses: [{ id: 'PRESS1', model: 'RP-55', rate: 360_000 }],
    cadenceHours: 6, apiSupplierBShare: 0.45, lactoseSupplier: 'Indolac', coatingInletSet: 65, toolingWear: false,
  },
];

/** The product and its process: six ordered steps, each making one material. */
export const PRODUCT = 'CWX-50-FCT';

export type StepId = 'dispensing' | 'granulation' | 'drying' | 'blending' | 'compression' | 'coating';

export interface StepDef {
  step: StepId;
  sequence: number;
  material: string;
  name: string;
  /** Equipment class the step runs on. */
  cls: EquipmentClass;
  /** Phases (ISA-88) in order. */
  phases: string[];
}

export const STEPS: StepDef[] = [
  { step: 'dispensing', sequence: 1, material: 'DISPENSED', name: 'Dispensing', cls: 'dispensary', phases: ['weighing'] },
  { step: 'granulation', sequence: 2, material: 'GRANULATE', name: 'High-shear wet granulation', cls: 'granulator', phases: ['dry_mix', 'liquid_addition', 'wet_massing'] },
  { step: 'drying', sequence: 3, material: 'DRIED-GRANULATE', name: 'Fluid-bed drying', cls: 'dryer', phases: ['heating', 'drying', 'cooling'] },
  { step: 'blending', sequence: 4, material: 'FINAL-BLEND', name: 'Final blending and lubrication', cls: 'blender', phases: ['blending', 'lubrication'] },
  { step: 'compression', sequence: 5, material: 'CORES', name: 'Compression', cls: 'press', phases: ['compression'] },
  { step: 'coating', sequence: 6, material: PRODUCT, name: 'Film coating', cls: 'coater', phases: ['heating', 'spraying', 'drying'] },
];

export const MATERIALS: Array<{ material: string; type: 'raw' | 'intermediate' | 'product'; name: string }> = [
  { material: 'API', type: 'raw', name: 'Active ingredient CWX' },
  { material: 'LACTOSE', type: 'raw', name: 'Lactose monohydrate' },
  { material: 'MCC', type: 'raw', name: 'Microcrystalline cellulose' },
  { material: 'STARCH', type: 'raw', name: 'Maize starch' },
  { material: 'CROSCARMELLOSE', type: 'raw', name: 'Croscarmellose sodium' },
  { material: 'MGST', type: 'raw', name: 'Magnesium stearate' },
  { material: 'DISPENSED', type: 'intermediate', name: 'Dispensed materials' },
  { material: 'GRANULATE', type: 'intermediate', name: 'Wet granulate' },
  { material: 'DRIED-GRANULATE', type: 'intermediate', name: 'Dried granulate' },
  { material: 'FINAL-BLEND', type: 'intermediate', name: 'Final blend' },
  { material: 'CORES', type: 'intermediate', name: 'Tablet cores' },
  { material: PRODUCT, type: 'product', name: 'CWX 50 mg film-coated tablets' },
];

/**
 * Raw materials of one granulation (200 kg batch): kg per batch, supplier lot size range (kg)
 * and suppliers. API and lactose come from two suppliers each.
 */
export const RAW_INPUTS: Array<{ material: string; kgPerBatch: number; lotKg: [number, number]; suppliers: string[] }> = [
  { material: 'API', kgPerBatch: 40, lotKg: [90, 150], suppliers: ['Supplier A', 'Supplier B'] },
  { material: 'LACTOSE', kgPerBatch: 110, lotKg: [450, 550], suppliers: ['Lactochem', 'Indolac'] },
  { material: 'MCC', kgPerBatch: 30, lotKg: [220, 280], suppliers: ['Celluloza'] },
  { material: 'STARCH', kgPerBatch: 12, lotKg: [180, 220], suppliers: ['Amylum'] },
  { material: 'CROSCARMELLOSE', kgPerBatch: 6, lotKg: [45, 55], suppliers: ['Carmellon'] },
];

/** Magnesium stearate: added at lubrication, 1 % of the blend. */
export const MGST = { material: 'MGST', fraction: 0.01, lotKg: [20, 30] as [number, number], supplier: 'Stearica' };

export type EquipmentClass = 'area' | 'dispensary' | 'granulator' | 'dryer' | 'blender' | 'press' | 'coater';

/** A row of the equipment file. */
export interface EquipmentRow {
  equipment: string;
  site: string;
  parent: string | null;
  cls: EquipmentClass;
  name: string;
}

/** The equipment hierarchy of one site: three areas (suites), units inside them. */
export function siteEquipment(s: SiteDef): EquipmentRow[] {
  const a = (n: number, name: string): EquipmentRow => ({ equipment: `${s.site}-A${n}`, site: s.site, parent: null, cls: 'area', name });
  const u = (id: string, parent: number, cls: EquipmentClass, name: string): EquipmentRow => ({
    equipment: `${s.site}-${id}`, site: s.site, parent: `${s.site}-A${parent}`, cls, name,
  });
  return [
    a(1, `${s.name} granulation suite`),
    a(2, `${s.name} compression suite`),
    a(3, `${s.name} coating suite`),
    u('DISP1', 1, 'dispensary', 'Dispensary booth'),
    u('GRAN1', 1, 'granulator', 'High-shear granulator HSG-600'),
    u('FBD1', 1, 'dryer', `Fluid-bed dryer ${s.dryerModel}`),
    u('BLEND1', 2, 'blender', 'Bin blender IBC-1000'),
    ...s.presses.map((p) => u(p.id, 2, 'press', `Rotary press ${p.model}`)),
    u('COAT1', 3, 'coater', 'Perforated coating pan PC-150'),
  ];
}

/** A tag kind: what a class of equipment measures, shared across all equipment of the class. */
export interface SignalDef {
  signal: string;
  unit: string;
  description: string;
  lsl?: number;
  usl?: number;
  /**
   * Sampled every `slow` × the size's period: slow signals (filter Δp, humidity, fill depth…)
   * are stored at a lower rate, as historians do. Default 1.
   */
  slow?: number;
}

export const SIGNALS: Record<Exclude<EquipmentClass, 'area' | 'dispensary'>, SignalDef[]> = {
  granulator: [
    { signal: 'impeller_speed', unit: 'rpm', description: 'impeller speed' },
    { signal: 'chopper_speed', unit: 'rpm', description: 'chopper speed', slow: 3 },
    { signal: 'binder_spray_rate', unit: 'g/min', description: 'binder liquid spray rate' },
    { signal: 'impeller_power', unit: 'kW', description: 'impeller power (end point)', usl: 10.1 },
    { signal: 'granule_temp', unit: '°C', description: 'granule temperature' },
  ],
  dryer: [
    { signal: 'inlet_temp', unit: '°C', description: 'inlet air temperature', usl: 80 },
    { signal: 'product_temp', unit: '°C', description: 'product (bed) temperature', usl: 45 },
    { signal: 'exhaust_temp', unit: '°C', description: 'exhaust air temperature' },
    { signal: 'exhaust_humidity', unit: '%RH', description: 'exhaust air relative humidity', slow: 3 },
    { signal: 'air_flow', unit: 'm³/h', description: 'process air flow' },
    { signal: 'filter_dp', unit: 'mbar', description: 'filter differential pressure', usl: 25, slow: 3 },
  ],
  blender: [
    { signal: 'rotation_speed', unit: 'rpm', description: 'bin rotation speed' },
    { signal: 'revolutions', unit: '1', description: 'revolutions since start of step', slow: 3 },
  ],
  press: [
    { signal: 'turret_speed', unit: 'rpm', description: 'turret speed' },
    { signal: 'main_force', unit: 'kN', description: 'main compression force', lsl: 5, usl: 20 },
    { signal: 'precompression_force', unit: 'kN', description: 'pre-compression force', slow: 3 },
    { signal: 'ejection_force', unit: 'N', description: 'ejection force', usl: 600 },
    { signal: 'fill_depth', unit: 'mm', description: 'fill depth', slow: 3 },
  ],
  coater: [
    { signal: 'inlet_temp', unit: '°C', description: 'inlet air temperature', usl: 80 },
    { signal: 'exhaust_temp', unit: '°C', description: 'exhaust air temperature' },
    { signal: 'spray_rate', unit: 'g/min', description: 'coating suspension spray rate' },
    { signal: 'pan_speed', unit: 'rpm', description: 'pan speed', slow: 3 },
    { signal: 'atomising_pressure', unit: 'bar', description: 'atomising air pressure', slow: 3 },
  ],
};

/** The tag name of a signal on a piece of equipment, e.g. `LJU-FBD1.product_temp`. */
export function tagName(equipment: string, signal: string): string {
  return `${equipment}.${signal}`;
}

/** A row of the parameters file (one per specification version). */
export interface ParameterRow {
  parameter: string;
  kind: 'discrete' | 'replicate';
  material: string;
  step?: StepId;
  unit: string;
  role: 'CQA' | 'CPP' | 'IPC' | 'KPI' | 'RM attribute';
  lsl?: number;
  usl?: number;
  target?: number;
  validFrom: string;
  description: string;
}

/** The date the first specification of every parameter is valid from (site-independent, UTC). */
export const SPEC_START = '2024-01-01T00:00:00Z';
/** The tightened impurity limit (the one specification change) is valid from this instant. */
export const SPEC_CHANGE = '2025-04-20T00:00:00Z';

export const PARAMETERS: ParameterRow[] = [
  p('d10', 'discrete', 'API', 'µm', 'RM attribute', 'API particle size d10 (laser diffraction)', {}),
  p('d50', 'discrete', 'API', 'µm', 'RM attribute', 'API particle size d50 (laser diffraction)', {}),
  p('d90', 'discrete', 'API', 'µm', 'RM attribute', 'API particle size d90 (laser diffraction)', { usl: 150 }),
  p('water', 'discrete', 'API', '%', 'RM attribute', 'API water content (Karl Fischer)', { usl: 3 }),
  p('assay', 'discrete', 'API', '%', 'RM attribute', 'API assay (HPLC, dry basis)', { lsl: 98, usl: 102, target: 100 }),
  p('water', 'discrete', 'LACTOSE', '%', 'RM attribute', 'lactose water content (Karl Fischer)', { usl: 5.5 }),
  p('water', 'discrete', 'MCC', '%', 'RM attribute', 'MCC loss on drying', { usl: 7 }),
  p('lod', 'discrete', 'DRIED-GRANULATE', '%', 'IPC', 'loss on drying at end of drying', { lsl: 1, usl: 3, target: 2 }, 'drying'),
  p('blend_uniformity', 'replicate', 'FINAL-BLEND', '%', 'IPC', 'blend uniformity, 10 thief samples (% label claim)', { lsl: 90, usl: 110, target: 100 }, 'blending'),
  p('tablet_weight', 'replicate', 'CORES', 'mg', 'IPC', 'tablet core weight, 20 tablets', { lsl: 237.5, usl: 262.5, target: 250 }, 'compression'),
  p('hardness', 'replicate', 'CORES', 'N', 'IPC', 'tablet core hardness (breaking force), 10 tablets', { lsl: 60, usl: 140, target: 100 }, 'compression'),
  p('weight_gain', 'discrete', PRODUCT, '%', 'IPC', 'coating weight gain', { lsl: 2, usl: 4, target: 3 }, 'coating'),
  p('assay', 'discrete', PRODUCT, '%', 'CQA', 'assay (HPLC, % label claim)', { lsl: 95, usl: 105, target: 100 }),
  p('impurities_total', 'discrete', PRODUCT, '%', 'CQA', 'total related substances (HPLC)', { usl: 1.0 }),
  p('dissolution', 'replicate', PRODUCT, '%', 'CQA', 'dissolution at 30 min per vessel (USP <711>, Q = 75 %: stage 1 needs each vessel >= Q + 5)', { lsl: 80 }),
  p('dissolution_mean', 'discrete', PRODUCT, '%', 'CQA', 'dissolution at 30 min, mean of all vessels tested (6, or 12 after stage 2)', { lsl: 75 }),
  p('content_uniformity_av', 'discrete', PRODUCT, '1', 'CQA', 'content uniformity acceptance value (Ph. Eur. 2.9.40)', { usl: 15 }),
  p('yield', 'discrete', PRODUCT, '%', 'KPI', 'yield of the coating step against theoretical', { lsl: 90 }),
  // The one specification change: total impurities tightened after a regulatory commitment.
  { ...p('impurities_total', 'discrete', PRODUCT, '%', 'CQA', 'total related substances (HPLC)', { usl: 0.8 }), validFrom: SPEC_CHANGE },
];

function p(
  parameter: string, kind: 'discrete' | 'replicate', material: string, unit: string, role: ParameterRow['role'],
  description: string, spec: { lsl?: number; usl?: number; target?: number }, step?: StepId,
): ParameterRow {
  return { parameter, kind, material, unit, role, description, validFrom: SPEC_START, ...spec, ...(step ? { step } : {}) };
}
