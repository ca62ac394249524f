/**
 * What the trend view offers before anything is drawn: the span of a tag's data (so picking a
 * tag shows its last day at once), and for an overlay of a material its recent lots, the phases
 * they ran, the signals measured on that equipment and the golden envelopes stored for it.
 */
import { listValue } from '@duckdb/node-api';
import { AppError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { phasesSql } from './phases.js';

/** First and last sample time of each tag (null when it has none). */
export async function tagSpans(store: Store, tags: string[]): Promise<{ tag: string; first: Date | null; last: Date | null }[]> {
  const known = await store.all<{ tag: string }>('SELECT tag FROM tags WHERE list_contains($1::VARCHAR[], tag)', [listValue(tags)]);
  const missing = tags.filter((t) => !known.some((k) => k.tag === t));
  if (missing.length) throw new AppError('unknown_tag', `no tag named '${missing[0]}'`, 'pick a tag from the list (Navigator → site → equipment shows them)');
  return store.all(
    `SELECT t.tag, min(s.time) AS first, max(s.time) AS last FROM tags t LEFT JOIN samples s ON s.tag = t.tag
     WHERE list_contains($1::VARCHAR[], t.tag) GROUP BY t.tag ORDER BY t.tag`,
    [listValue(tags)],
  );
}

/** Lots offered for an overlay at most (the most recent first). */
const RECENT_LOTS = 60;

/**
 * Overlay choices for `material`: its recent lots that ran phases, the phase names, the signals
 * of tags on the equipment of those phases, and stored golden envelopes of the material.
 */
export async function overlayOptions(store: Store, material: string) {
  const lots = await store.all<{ lot: string; site: string | null; start_time: Date | null }>(
    `SELECT DISTINCT l.lot, l.site, l.start_time FROM lots l JOIN ${phasesSql()} p ON p.lot = l.lot
     WHERE l.material = $1 ORDER BY l.start_time DESC NULLS LAST, l.lot LIMIT ${RECENT_LOTS}`,
    [material],
  );
  const golden = await store.all<{ name: string; signal: string; phase: string }>(
    `SELECT model AS name, json_extract_string(payload::VARCHAR, '$.signal') AS signal, json_extract_string(payload::VARCHAR, '$.phase') AS phase FROM models m
     WHERE kind = 'golden' AND json_extract_string(payload::VARCHAR, '$.material') = $1 AND version = (SELECT max(version) FROM models n WHERE n.model = m.model) ORDER BY model`,
    [material],
  );
  // A raw material has no phases: nothing to overlay, and the view says so.
  if (lots.length === 0) return { material, lots, phases: [], signals: [], golden };
  const scope = listValue(lots.map((l) => l.lot));
  const phases = (await store.all<{ phase: string }>(
    `SELECT phase FROM ${phasesSql()} p WHERE list_contains($1::VARCHAR[], p.lot) GROUP BY phase ORDER BY min(p.start_time), phase`,
    [scope],
  )).map((r) => r.phase);
  const signals = (await store.all<{ signal: string }>(
    `SELECT DISTINCT coalesce(t.signal, t.tag) AS signal FROM ${phasesSql()} p JOIN tags t ON t.equipment = p.equipment
     WHERE list_contains($1::VARCHAR[], p.lot) ORDER BY 1`,
    [scope],
  )).map((r) => r.signal);
  return { material, lots, phases, signals, golden };
}
