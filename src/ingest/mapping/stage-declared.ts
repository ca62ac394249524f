import type { FolderFile } from '../folder-files.js';
import type { Mapping } from './schema.js';
import { Binds } from './sql-parts.js';
import { addPart, createTemp, mappingIssue, type StageContext } from './stage-context.js';

/** Declared things of a mapping and the folder-format file each goes to. */
const DECLARED: { key: 'sites' | 'materials' | 'steps' | 'equipment'; file: FolderFile; columns: string[] }[] = [
  { key: 'sites', file: 'sites', columns: ['site', 'name', 'timezone'] },
  { key: 'materials', file: 'materials', columns: ['material', 'type', 'name'] },
  { key: 'steps', file: 'steps', columns: ['step', 'product', 'sequence', 'material', 'name'] },
  { key: 'equipment', file: 'equipment', columns: ['equipment', 'site', 'parent', 'class', 'name'] },
];

/**
 * Stages what the mapping itself declares (sites, materials, steps, equipment: things an export
 * does not carry), each row located at its line of the mapping file, and builds the lookup
 * tables of site time zones and equipment sites (declared here or already in the store) that
 * local times are read with. Unknown time zone names are reported.
 */
export async function stageDeclared(ctx: StageContext, mapping: Mapping): Promise<void> {
  const zones = new Set((await ctx.store.all<{ name: string }>('SELECT name FROM pg_timezone_names()')).map((r) => r.name));
  const checkZone = (tz: string | undefined, keyPath: (string | number)[]) => {
    if (tz !== undefined && !zones.has(tz)) mappingIssue(ctx, keyPath, `'${tz}' is not a known time zone`, 'use an IANA time zone name, e.g. Europe/Ljubljana or America/New_York');
  };
  mapping.sites.forEach((s, i) => checkZone(s.timezone, ['sites', i, 'timezone']));
  mapping.inputs.forEach((input, i) => {
    if (input.kind === 'series') checkZone(input.time.timezone, ['inputs', i, 'time', 'timezone']);
    else {
      checkZone(input.lots.start?.timezone, ['inputs', i, 'lots', 'start', 'timezone']);
      checkZone(input.lots.end?.timezone, ['inputs', i, 'lots', 'end', 'timezone']);
    }
  });

  for (const d of DECLARED) {
    const items = mapping[d.key] as Record<string, string | number | undefined>[];
    if (items.length === 0) continue;
    const b = new Binds();
    const rows = items.map((item, i) => {
      const line = ctx.loaded.lineOf([d.key, i]);
      const cells = d.columns.map((c) => (item[c] === undefined ? 'CAST(NULL AS VARCHAR)' : b.add(String(item[c]))));
      return `(${line ?? 'NULL'}, ${cells.join(', ')})`;
    });
    const select =
      `SELECT CAST(line AS BIGINT) AS _line, ${b.add(ctx.loaded.file)} AS _source, ${d.columns.map((c) => `"${c}"`).join(', ')} ` +
      `FROM (VALUES ${rows.join(', ')}) AS v(line, ${d.columns.map((c) => `"${c}"`).join(', ')})`;
    addPart(ctx, d.file, await createTemp(ctx, d.key, select, b));
  }

  // Lookups for local times: the mapping's declarations win over the store's.
  const sb = new Binds();
  const declaredSites = mapping.sites.map((s) => `(${sb.add(s.site)}, ${sb.add(s.timezone)})`);
  ctx.sitesTable = await createTemp(
    ctx,
    'site_zones',
    `SELECT site AS _s_site, timezone AS _s_tz FROM sites WHERE site NOT IN (SELECT _s_site FROM (VALUES ${declaredSites.length ? declaredSites.join(', ') : "(NULL, NULL)"}) v(_s_site, _s_tz) WHERE _s_site IS NOT NULL)
     UNION ALL SELECT * FROM (VALUES ${declaredSites.length ? declaredSites.join(', ') : '(NULL, NULL)'}) v(_s_site, _s_tz) WHERE _s_site IS NOT NULL`,
    sb,
  );
  const eb = new Binds();
  const declaredEquipment = mapping.equipment.map((e) => `(${eb.add(e.equipment)}, ${eb.add(e.site)})`);
  const values = declaredEquipment.length ? declaredEquipment.join(', ') : '(NULL, NULL)';
  ctx.equipmentTable = await createTemp(
    ctx,
    'equipment_sites',
    `SELECT equipment AS _e_equipment, site AS _e_site FROM equipment WHERE equipment NOT IN (SELECT e FROM (VALUES ${values}) v(e, s) WHERE e IS NOT NULL)
     UNION ALL SELECT * FROM (VALUES ${values}) v(_e_equipment, _e_site) WHERE _e_equipment IS NOT NULL`,
    eb,
  );
}
