/**
 * The facts of a product over a period that are counts and lists, read in SQL: lots made and
 * their disposition per site, deviations and CAPAs linked to the lots (or to lots upstream of
 * them), and the specification and control-limit changes of the process's materials.
 */
import { listValue } from '@duckdb/node-api';
import type { Store } from '../../store/store.js';
import type { ChangeRecord, LinkedEvent, SiteLots } from './types.js';

/** Which lots: a product's lots started in [from, to), at one site or all. */
export interface LotScope {
  product: string;
  from: string;
  to: string;
  site?: string;
}

const siteClause = (s: LotScope, n: number) => (s.site ? ` AND site = $${n}` : '');
const params = (s: LotScope) => [s.product, s.from, s.to, ...(s.site ? [s.site] : [])];
const IN_PERIOD = `material = $1 AND start_time >= $2::TIMESTAMPTZ AND start_time < $3::TIMESTAMPTZ`;

/** The product and the materials its steps make: the materials whose specifications and limits a review covers. */
export async function processMaterials(store: Store, product: string): Promise<string[]> {
  const rows = await store.all<{ material: string }>('SELECT DISTINCT material FROM steps WHERE product = $1 UNION SELECT $1 ORDER BY 1', [product]);
  return rows.map((r) => r.material);
}

/** Lots made per site and their status (released, rejected, others by name), and the totals. */
export async function lotsBySite(store: Store, scope: LotScope): Promise<{ bySite: SiteLots[]; total: SiteLots }> {
  const rows = await store.all<{ site: string; status: string | null; n: bigint }>(
    `SELECT site, lower(status) AS status, count(*) AS n FROM lots WHERE ${IN_PERIOD}${siteClause(scope, 4)} GROUP BY ALL ORDER BY site, status`, params(scope));
  const sites = new Map<string, SiteLots>();
  const total: SiteLots = { site: 'all', made: 0, released: 0, rejected: 0, other: {} };
  for (const r of rows) {
    const s = sites.get(r.site) ?? { site: r.site, made: 0, released: 0, rejected: 0, other: {} };
    sites.set(r.site, s);
    const n = Number(r.n);
    for (const t of [s, total]) {
      t.made += n;
      if (r.status === 'released') t.released += n;
      else if (r.status === 'rejected') t.rejected += n;
      else t.other[r.status ?? 'no status'] = (t.other[r.status ?? 'no status'] ?? 0) + n;
    }
  }
  return { bySite: [...sites.values()], total };
}

/** Site of every lot of the given materials (to name the site of an OOS result). */
export async function lotSites(store: Store, materials: string[]): Promise<Map<string, string>> {
  const rows = await store.all<{ lot: string; site: string }>('SELECT lot, site FROM lots WHERE list_contains($1::VARCHAR[], material)', [listValue(materials)]);
  return new Map(rows.map((r) => [r.lot, r.site]));
}

/**
 * Deviations and CAPAs about the period's lots: those on a lot of the product or on a lot
 * upstream of one (genealogy, any depth), with the product lots they concern; and those on no
 * lot but on equipment the lots went through, started in the period.
 */
export async function linkedEvents(store: Store, scope: LotScope): Promise<LinkedEvent[]> {
  const rows = await store.all<{ event: string; type: string; lot: string | null; equipment: string | null; site: string | null; start_time: Date; severity: string | null; text: string | null; product_lots: string[] | null }>(
    `WITH RECURSIVE product_lots AS (SELECT lot FROM lots WHERE ${IN_PERIOD}${siteClause(scope, 4)}),
     up(lot, product_lot, depth) AS (
       SELECT lot, lot, 0 FROM product_lots
       UNION SELECT g.parent_lot, up.product_lot, up.depth + 1 FROM genealogy g JOIN up ON g.child_lot = up.lot WHERE up.depth < 12),
     used AS (SELECT DISTINCT l.equipment FROM up JOIN lots l ON l.lot = up.lot WHERE l.equipment IS NOT NULL),
     on_lots AS (
       SELECT e.event, list(DISTINCT up.product_lot ORDER BY up.product_lot) AS product_lots
       FROM events e JOIN up ON e.lot = up.lot WHERE lower(e.type) IN ('deviation', 'capa') GROUP BY e.event),
     on_equipment AS (
       SELECT e.event, []::VARCHAR[] AS product_lots FROM events e JOIN used ON e.equipment = used.equipment
       WHERE e.lot IS NULL AND lower(e.type) IN ('deviation', 'capa') AND e.start_time >= $2::TIMESTAMPTZ AND e.start_time < $3::TIMESTAMPTZ)
     SELECT e.event, e.type, e.lot, e.equipment, coalesce(l.site, q.site) AS site, e.start_time, e.severity, e.text, x.product_lots
     FROM (SELECT * FROM on_lots UNION ALL SELECT * FROM on_equipment) x JOIN events e ON e.event = x.event
     LEFT JOIN lots l ON l.lot = e.lot LEFT JOIN equipment q ON q.equipment = e.equipment
     ORDER BY e.start_time, e.event`, params(scope));
  return rows.map((r) => ({
    event: r.event, type: r.type, lot: r.lot, equipment: r.equipment, site: r.site, start: r.start_time.toISOString(), severity: r.severity, text: r.text,
    productLots: [...(r.product_lots ?? [])],
  }));
}

const lim = (lsl: number | null, usl: number | null) => [lsl !== null ? `LSL ${lsl}` : '', usl !== null ? `USL ${usl}` : ''].filter(Boolean).join(', ') || 'no limits';

/**
 * Specification versions that came into force in the period (with the limits before them), and
 * control-limit versions valid from, set or approved in the period, for the given materials.
 */
export async function changesInPeriod(store: Store, materials: string[], from: string, to: string): Promise<ChangeRecord[]> {
  const specs = await store.all<{ material: string; parameter: string; valid_from: Date; lsl: number | null; usl: number | null; prev_lsl: number | null; prev_usl: number | null; had_prev: boolean }>(
    `SELECT * FROM (SELECT material, parameter, valid_from, lsl, usl,
       lag(lsl) OVER w AS prev_lsl, lag(usl) OVER w AS prev_usl, lag(valid_from) OVER w IS NOT NULL AS had_prev
       FROM specifications WHERE list_contains($1::VARCHAR[], material) WINDOW w AS (PARTITION BY material, parameter ORDER BY valid_from))
     WHERE valid_from >= $2::TIMESTAMPTZ AND valid_from < $3::TIMESTAMPTZ ORDER BY valid_from, material, parameter`, [listValue(materials), from, to]);
  const limits = await store.all<{ material: string; parameter: string; chart: string; version: number; valid_from: Date; center: number; lcl: number; ucl: number; status: string; set_by: string; set_at: Date; approved_by: string | null; approved_at: Date | null }>(
    `SELECT material, parameter, chart, version, valid_from, center, lcl, ucl, status, set_by, set_at, approved_by, approved_at FROM control_limits
     WHERE list_contains($1::VARCHAR[], material) AND (valid_from >= $2::TIMESTAMPTZ AND valid_from < $3::TIMESTAMPTZ
       OR set_at >= $2::TIMESTAMPTZ AND set_at < $3::TIMESTAMPTZ OR approved_at >= $2::TIMESTAMPTZ AND approved_at < $3::TIMESTAMPTZ)
     ORDER BY valid_from, material, parameter, version`, [listValue(materials), from, to]);
  const out: ChangeRecord[] = specs.map((s) => ({
    what: 'specification', material: s.material, parameter: s.parameter, when: s.valid_from.toISOString(), by: null,
    detail: `${lim(s.lsl, s.usl)} valid from ${s.valid_from.toISOString().slice(0, 10)}${s.had_prev ? `; before: ${lim(s.prev_lsl, s.prev_usl)}` : ' (first version)'}`,
  }));
  for (const l of limits) {
    out.push({
      what: 'control limits', material: l.material, parameter: l.parameter, when: l.valid_from.toISOString(), by: l.approved_by ?? l.set_by,
      detail: `${l.chart} v${Number(l.version)}: centre ${l.center}, LCL ${l.lcl}, UCL ${l.ucl}; ${l.status}${l.approved_at ? ` ${l.approved_at.toISOString().slice(0, 10)} by ${l.approved_by}` : ''}, set ${l.set_at.toISOString().slice(0, 10)} by ${l.set_by}`,
    });
  }
  return out.sort((a, b) => a.when.localeCompare(b.when));
}
