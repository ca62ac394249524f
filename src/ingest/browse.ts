/**
 * Reading what a store holds, for people: a summary (`info`), lots and parameters with filters.
 * Everything is one SQL query each; filters are bound parameters.
 */
import { AppError, field } from '../core/errors.js';
import type { Row, Store } from '../store/store.js';

/** What a store holds. */
export interface StoreInfo {
  /** Rows per kind of data. */
  counts: Record<string, number>;
  /** Per site: time zone, equipment, tags, lots, samples. */
  sites: Row[];
  /** Per material: type, lots, parameters, discrete and replicate values. */
  materials: Row[];
  /** First start and last end of lots; first and last sample. */
  span: { lotsFrom: Date | null; lotsTo: Date | null; samplesFrom: Date | null; samplesTo: Date | null };
  /** Imports, newest first. */
  imports: Row[];
}

const KINDS = ['sites', 'equipment', 'materials', 'steps', 'lots', 'lot_attributes', 'genealogy', 'parameters', 'specifications', 'discrete', 'replicates', 'events', 'tags', 'samples'];

/**
 * Summarises the store: counts per kind, per site and per material, time spans, imports.
 * @example
 * const info = await storeInfo(store); // info.counts.samples
 */
export async function storeInfo(store: Store): Promise<StoreInfo> {
  const countRow = await store.one<Record<string, bigint>>(`SELECT ${KINDS.map((k) => `(SELECT count(*) FROM ${k}) AS ${k}`).join(', ')}`);
  const counts = Object.fromEntries(KINDS.map((k) => [k, Number(countRow?.[k] ?? 0)]));
  const sites = await store.all(`
    SELECT s.site, s.timezone,
      (SELECT count(*) FROM equipment e WHERE e.site = s.site) AS equipment,
      (SELECT count(*) FROM tags t JOIN equipment e USING (equipment) WHERE e.site = s.site) AS tags,
      (SELECT count(*) FROM lots l WHERE l.site = s.site) AS lots,
      coalesce((SELECT sum(n) FROM (SELECT tag, count(*) AS n FROM samples GROUP BY tag) x JOIN tags t USING (tag) JOIN equipment e USING (equipment) WHERE e.site = s.site), 0) AS samples
    FROM sites s ORDER BY s.site`);
  const materials = await store.all(`
    SELECT m.material, m.type,
      (SELECT count(*) FROM lots l WHERE l.material = m.material) AS lots,
      (SELECT count(*) FROM parameters p WHERE p.material = m.material) AS parameters,
      (SELECT count(*) FROM discrete d WHERE d.material = m.material) AS discrete,
      (SELECT count(*) FROM replicates r WHERE r.material = m.material) AS replicates
    FROM materials m ORDER BY m.material`);
  const span = await store.one<{ a: Date | null; b: Date | null; c: Date | null; d: Date | null }>(
    'SELECT (SELECT min(start_time) FROM lots) AS a, (SELECT max(coalesce(end_time, start_time)) FROM lots) AS b, (SELECT min(time) FROM samples) AS c, (SELECT max(time) FROM samples) AS d',
  );
  const imports = await store.all('SELECT import_id, kind, source, user_name, reason, started_at, finished_at FROM imports ORDER BY started_at DESC, import_id LIMIT 20');
  return { counts, sites, materials, span: { lotsFrom: span?.a ?? null, lotsTo: span?.b ?? null, samplesFrom: span?.c ?? null, samplesTo: span?.d ?? null }, imports };
}

/** Filters of {@link listLots}; all optional. */
export interface LotFilter {
  material?: string;
  site?: string;
  /** Lots starting at or after this instant (ISO 8601; a date alone is midnight UTC). */
  from?: string;
  /** Lots starting before this instant. */
  to?: string;
  status?: string;
  /** Lots whose id contains this text (case does not matter). */
  q?: string;
  /** Most rows. Default 1000. */
  limit?: number;
}

/** Checks an ISO 8601 date or instant of a filter (`name` the request field). */
async function instant(store: Store, name: string, value: string): Promise<string> {
  const d = await store.value<Date | null>('SELECT TRY_CAST($1 AS TIMESTAMPTZ)', [value]);
  if (!d) throw new AppError('bad_time', `${field(name)} '${value}' is not an ISO 8601 date or time`, `give e.g. ${field(name, '2024-03-01')} or 2024-03-01T08:00:00Z`);
  return value;
}

/**
 * Lots with their material, site, step, times, quantity, status and number of parents/children.
 * @param filter material, site, from, to, status, limit (default 1000)
 * @example
 * await listLots(store, { material: 'TAB-X', from: '2024-03-01' });
 */
export async function listLots(store: Store, filter: LotFilter = {}): Promise<Row[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, v: string | number) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.material) add('l.material = ?', filter.material);
  if (filter.site) add('l.site = ?', filter.site);
  if (filter.status) add('l.status = ?', filter.status);
  // In SQL, before the LIMIT: a search must find a lot however many others there are.
  if (filter.q) add('contains(lower(l.lot), lower(?))', filter.q);
  if (filter.from) add('l.start_time >= CAST(? AS TIMESTAMPTZ)', await instant(store, 'from', filter.from));
  if (filter.to) add('l.start_time < CAST(? AS TIMESTAMPTZ)', await instant(store, 'to', filter.to));
  params.push(filter.limit ?? 1000);
  return store.all(
    `SELECT l.lot, l.material, l.site, l.step, l.equipment, l.start_time AS start, l.end_time AS "end", l.quantity, l.unit, l.supplier, l.status,
       (SELECT count(*) FROM genealogy g WHERE g.child_lot = l.lot) AS parents, (SELECT count(*) FROM genealogy g WHERE g.parent_lot = l.lot) AS children
     FROM lots l ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY l.start_time NULLS FIRST, l.lot LIMIT $${params.length}`,
    params,
  );
}

/**
 * Parameters with their specification valid now (the latest version with valid_from ≤ now).
 * @param filter material, role (exact, case-insensitive)
 * @example
 * await listParameters(store, { role: 'CQA' });
 */
export async function listParameters(store: Store, filter: { material?: string; role?: string } = {}): Promise<Row[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.material) {
    params.push(filter.material);
    where.push(`p.material = $${params.length}`);
  }
  if (filter.role) {
    params.push(filter.role);
    where.push(`lower(p.role) = lower($${params.length})`);
  }
  return store.all(
    `SELECT p.material, p.parameter, p.kind, p.step, p.unit, p.role, s.lsl, s.usl, s.target, s.valid_from,
       (SELECT count(*) FROM specifications v WHERE v.material = p.material AND v.parameter = p.parameter) AS versions
     FROM parameters p LEFT JOIN (
       SELECT * FROM specifications WHERE valid_from <= now() QUALIFY row_number() OVER (PARTITION BY material, parameter ORDER BY valid_from DESC) = 1
     ) s USING (material, parameter)
     ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY p.material, p.parameter`,
    params,
  );
}
