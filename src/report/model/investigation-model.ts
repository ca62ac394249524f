/**
 * The body of an investigation report of one lot: the findings of `investigate` (the same
 * library call), the control charts of the measurements the findings are about, the lots
 * upstream of it with their contributions, and the events on it and on them.
 */
import { listValue } from '@duckdb/node-api';
import { upstream } from '../../context/genealogy.js';
import { isAppError } from '../../core/errors.js';
import { investigate } from '../../explain/investigate/investigate.js';
import { controlChartFigures } from '../../spc/control-chart-figure.js';
import { parseRules } from '../../spc/run-rules.js';
import type { Store } from '../../store/store.js';
import { printableSvg } from '../render/print-svg.js';
import type { InvestigationPart, LinkedEvent, ReportModel } from './types.js';

/** Most charts drawn (the measurements of the highest-scoring findings). */
const MAX_FIGURES = 4;
/** Most upstream lots listed (nearest and largest first). */
const MAX_UPSTREAM = 60;

async function eventsOf(store: Store, lots: string[]): Promise<LinkedEvent[]> {
  const rows = await store.all<{ event: string; type: string; lot: string | null; equipment: string | null; site: string | null; start_time: Date; severity: string | null; text: string | null }>(
    `SELECT e.event, e.type, e.lot, e.equipment, l.site, e.start_time, e.severity, e.text FROM events e LEFT JOIN lots l ON l.lot = e.lot
     WHERE list_contains($1::VARCHAR[], e.lot) AND lower(e.type) <> 'phase' ORDER BY e.start_time, e.event LIMIT 200`, [listValue(lots)]);
  return rows.map((r) => ({ event: r.event, type: r.type, lot: r.lot, equipment: r.equipment, site: r.site, start: r.start_time.toISOString(), severity: r.severity, text: r.text, productLots: [] }));
}

/** Investigates `lot` and gathers what the report prints. */
export async function investigationModel(store: Store, lot: string, rules: string): Promise<Omit<ReportModel, 'header'>> {
  const inv = await investigate(store, lot);
  const up = await upstream(store, lot);
  const upstreamLots = [...up.lots].sort((a, b) => a.depth - b.depth || b.contribution - a.contribution).slice(0, MAX_UPSTREAM);
  const figures: InvestigationPart['figures'] = [];
  const notes = [...inv.notes];
  const keys = [...new Set(inv.findings.filter((f) => f.key && f.lot === lot).map((f) => f.key!))];
  for (const key of keys.slice(0, MAX_FIGURES)) {
    const [material, parameter] = key.split('|') as [string, string];
    try {
      const { figures: f } = await controlChartFigures(store, { parameter, material, site: inv.lot.site, rules: parseRules(rules) });
      if (f[0]) figures.push({ title: `${parameter} (${material}) at ${inv.lot.site}`, svg: printableSvg(f[0].svg) });
    } catch (e) {
      if (!isAppError(e)) throw e;
      notes.push(`No chart of ${parameter} (${material}): ${e.message}`);
    }
  }
  const part: InvestigationPart = {
    lot: inv.lot,
    findings: inv.findings.map((f) => ({ kind: f.kind, lot: f.lot, material: f.material, via: f.via, title: f.title, sentence: f.sentence, value: f.value ?? null, z: f.z ?? null, score: f.score })),
    upstream: upstreamLots.map((l) => ({ lot: l.lot, material: l.material ?? '', site: l.site, contribution: Number.isFinite(l.contribution) ? l.contribution : null, depth: l.depth })),
    events: await eventsOf(store, [lot, ...up.lots.map((l) => l.lot)]),
    figures, checked: { ...inv.checked }, notes,
  };
  if (up.lots.length > MAX_UPSTREAM) part.notes.push(`${up.lots.length} upstream lots; the ${MAX_UPSTREAM} nearest and largest are listed.`);
  return { investigation: part, notes: [] };
}
