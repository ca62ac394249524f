import type { Store } from '../store/store.js';

/**
 * The navigator's catalogue: sites with their equipment hierarchy, products with their ordered
 * steps, and tags. Read-only views of the model, shared by the CLI, the API and the workbench.
 */

/** Sites with time zone and counts. */
export async function listSites(store: Store) {
  return store.all(
    `SELECT s.site, s.name, s.timezone,
            (SELECT count(*) FROM equipment e WHERE e.site = s.site) AS equipment,
            (SELECT count(*) FROM lots l WHERE l.site = s.site) AS lots
     FROM sites s ORDER BY s.site`,
  );
}

/** Equipment of a site (or all), with parent for the hierarchy and tag counts. */
export async function listEquipment(store: Store, site?: string) {
  return store.all(
    `SELECT e.equipment, e.site, e.parent, e.class, e.name,
            (SELECT count(*) FROM tags t WHERE t.equipment = e.equipment) AS tags
     FROM equipment e WHERE ($1::VARCHAR IS NULL OR e.site = $1) ORDER BY e.site, e.parent NULLS FIRST, e.equipment`,
    [site ?? null],
  );
}

/** Materials with their type and lot counts. */
export async function listMaterials(store: Store) {
  return store.all(
    `SELECT m.material, m.type, m.name, (SELECT count(*) FROM lots l WHERE l.material = m.material) AS lots
     FROM materials m ORDER BY CASE m.type WHEN 'product' THEN 0 WHEN 'intermediate' THEN 1 ELSE 2 END, m.material`,
  );
}

/** Products and their ordered steps, each with the material it makes. */
export async function listSteps(store: Store, product?: string) {
  return store.all(
    `SELECT s.product, s.sequence, s.step, s.name, s.material,
            (SELECT count(*) FROM parameters p WHERE p.material = s.material) AS parameters
     FROM steps s WHERE ($1::VARCHAR IS NULL OR s.product = $1) ORDER BY s.product, s.sequence`,
    [product ?? null],
  );
}

/** Tags, optionally of one equipment or site, with unit, signal and limits. */
export async function listTags(store: Store, filter: { equipment?: string; site?: string } = {}) {
  return store.all(
    `SELECT t.tag, t.equipment, e.site, t.signal, t.unit, t.description, t.lsl, t.usl
     FROM tags t JOIN equipment e USING (equipment)
     WHERE ($1::VARCHAR IS NULL OR t.equipment = $1) AND ($2::VARCHAR IS NULL OR e.site = $2)
     ORDER BY t.equipment, t.tag`,
    [filter.equipment ?? null, filter.site ?? null],
  );
}
