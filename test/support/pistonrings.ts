/**
 * The piston-ring data of qcc (Montgomery, Introduction to SQC; `pistonrings.txt` in the
 * reference data) written as a folder of the open folder format: phase I (samples 1–25) as 25
 * lots of material RING, one a day from 2024-01-01 at site PLANT (UTC), each with its 5 inside
 * diameters as replicates of the parameter `diameter` (mm, specification 73.95–74.05, no target).
 * This is how a user brings such data in: `causeway import FOLDER`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sharedData } from './shared-data.js';

/** The phase I samples: 25 lots of 5 diameters, in sample order. */
export function pistonRingLots(): number[][] {
  const lines = readFileSync(sharedData('qcc', 'pistonrings.txt'), 'utf8').trim().split(/\r?\n/).slice(1);
  const lots: number[][] = Array.from({ length: 25 }, () => []);
  for (const l of lines) {
    const [diameter, sample] = l.trim().split(/\s+/);
    if (Number(sample) <= 25) lots[Number(sample) - 1]!.push(Number(diameter));
  }
  return lots;
}

/** Lot id of sample i (1-based): R01 … R25. */
export const ringLot = (i: number) => `R${String(i).padStart(2, '0')}`;

/** Writes the folder and returns its path. */
export function writePistonRingFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const lots = pistonRingLots();
  const csv = (name: string, rows: (string | number)[][]) => writeFileSync(path.join(dir, `${name}.csv`), rows.map((r) => r.join(',')).join('\n') + '\n');
  csv('sites', [['site', 'timezone'], ['PLANT', 'UTC']]);
  csv('materials', [['material', 'type', 'name'], ['RING', 'product', 'piston ring']]);
  csv('lots', [['lot', 'material', 'site', 'start'], ...lots.map((_, i) => [ringLot(i + 1), 'RING', 'PLANT', `2024-01-${String(i + 1).padStart(2, '0')}T08:00:00Z`])]);
  csv('parameters', [['parameter', 'kind', 'material', 'unit', 'lsl', 'usl'], ['diameter', 'replicate', 'RING', 'mm', '73.95', '74.05']]);
  csv('replicates', [['lot', 'parameter', 'replicate', 'value'], ...lots.flatMap((values, i) => values.map((v, j) => [ringLot(i + 1), 'diameter', j + 1, v.toFixed(3)]))]);
  return dir;
}
