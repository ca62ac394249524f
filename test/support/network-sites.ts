/**
 * What the sites of the network tests produce: per site a model batch (the site with its time
 * zone, a granulator with its tags, materials, parameters), then batches of samples and of lots
 * with their results and genealogy, and the totals a reader can recompute — counts, the sum of
 * values and the sum of times — to check the hub holds each row exactly once.
 *
 * Values are multiples of 1/8, so sums are exact in binary floating point whatever the order.
 * Tablet lots give their start and end as local times of the site (no offset): the hub reads
 * them in the site's time zone, as a folder import does.
 */
import { DateTime } from 'luxon';
import type { Batch } from '../../src/ingest/batch/batch-types.js';

/** One site's production. */
export interface SitePlan {
  site: string;
  timezone: string;
  samples: number;
  /** Lots (half granulate, half tablets made from them). Even. */
  lots: number;
  tags?: number;
  samplesPerBatch?: number;
  /** Pairs of lots per batch. */
  pairsPerBatch?: number;
}

/** What a site produced, to compare with the hub's store. */
export interface SiteTotals {
  samples: number;
  valueSum: number;
  /** Sum of sample times in epoch seconds. */
  timeSum: number;
  lots: number;
  discrete: number;
  discreteSum: number;
  genealogy: number;
  /** Sum of tablet lots' start times in epoch seconds (checks the site's time zone was applied). */
  tabletStartSum: number;
}

/** First sample and first lot start. */
export const T0 = Date.parse('2025-03-01T00:00:00Z');

/** The batches of one site in the order it produces them, and their totals. */
export function siteBatches(plan: SitePlan): { batches: Batch[]; totals: SiteTotals } {
  const { site, timezone } = plan;
  const nTags = plan.tags ?? 10;
  const tags = Array.from({ length: nTags }, (_, i) => `${site}.T${String(i + 1).padStart(2, '0')}`);
  const model: Batch = {
    source: 'setup',
    sites: [{ site, timezone }],
    equipment: [{ equipment: `${site}-GR1`, site, class: 'granulator' }],
    materials: [{ material: 'GRAN', type: 'intermediate' }, { material: 'TAB', type: 'product' }],
    parameters: [{ parameter: 'lod', kind: 'discrete', material: 'GRAN', unit: '%' }, { parameter: 'assay', kind: 'discrete', material: 'TAB', unit: '%' }],
    tags: tags.map((tag) => ({ tag, equipment: `${site}-GR1`, unit: '°C' })),
  };
  // Each site's values differ (by a shift from its name), so a row stored under the wrong site would show.
  const shift = [...site].reduce((n, c) => n + c.charCodeAt(0), 0) % 97;
  const totals: SiteTotals = { samples: 0, valueSum: 0, timeSum: 0, lots: 0, discrete: 0, discreteSum: 0, genealogy: 0, tabletStartSum: 0 };

  const sampleBatches: Batch[] = [];
  const per = plan.samplesPerBatch ?? 10_000;
  for (let k0 = 0; k0 < plan.samples; k0 += per) {
    const n = Math.min(per, plan.samples - k0);
    const tag: string[] = new Array(n), time: number[] = new Array(n), value: number[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const k = k0 + j;
      tag[j] = tags[k % nTags]!;
      time[j] = T0 + Math.floor(k / nTags) * 1000;
      value[j] = 20 + ((k * 7 + shift) % 800) / 8;
      totals.valueSum += value[j]!;
      totals.timeSum += time[j]! / 1000;
    }
    totals.samples += n;
    sampleBatches.push({ source: 'historian', samples: { tag, time, value } });
  }

  const lotBatches: Batch[] = [];
  const pairs = plan.lots / 2;
  const perPairs = plan.pairsPerBatch ?? 10;
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toFormat('yyyy-MM-dd HH:mm:ss');
  for (let p0 = 0; p0 < pairs; p0 += perPairs) {
    const b: Required<Pick<Batch, 'lots' | 'genealogy' | 'discrete'>> & Batch = { source: 'mes', lots: [], genealogy: [], discrete: [] };
    for (let p = p0; p < Math.min(pairs, p0 + perPairs); p++) {
      const g = `${site}-G${String(p).padStart(5, '0')}`, t = `${site}-T${String(p).padStart(5, '0')}`;
      const start = T0 + p * 2 * 3600_000;
      (b.lots as object[]).push(
        { lot: g, material: 'GRAN', site, equipment: `${site}-GR1`, start: new Date(start).toISOString(), end: new Date(start + 3600_000).toISOString(), quantity: 200 },
        { lot: t, material: 'TAB', site, start: local(start + 3600_000), end: local(start + 7200_000), quantity: 190 },
      );
      (b.genealogy as object[]).push({ parent_lot: g, child_lot: t, quantity: 195 });
      const lod = 1 + (p % 40) / 8, assay = 95 + (p % 80) / 16;
      (b.discrete as object[]).push({ lot: g, parameter: 'lod', value: lod, item: `R-${g}` }, { lot: t, parameter: 'assay', value: assay, item: `R-${t}` });
      totals.lots += 2;
      totals.genealogy += 1;
      totals.discrete += 2;
      totals.discreteSum += lod + assay;
      totals.tabletStartSum += (start + 3600_000) / 1000;
    }
    lotBatches.push(b);
  }

  // Interleaved as a site produces them: samples all along, a lot batch every so often.
  const batches: Batch[] = [model];
  const n = Math.max(sampleBatches.length, lotBatches.length);
  for (let i = 0; i < n; i++) {
    if (sampleBatches[i]) batches.push(sampleBatches[i]!);
    if (lotBatches[i]) batches.push(lotBatches[i]!);
  }
  return { batches, totals };
}

/** A batch the hub's checks refuse: a result for a lot the site never made. */
export function badBatch(site: string): Batch {
  return { source: 'lims', discrete: [{ lot: `${site}-NO-SUCH-LOT`, parameter: 'assay', value: 99.5, item: 'R-bad' }] };
}
