import type { Store } from '../../store/store.js';

/**
 * Roles (CQA, CPP, IPC…) of a material's parameters, keyed by parameter; parameters without a
 * role are left out, so `roles.get(p)?.toUpperCase()` is undefined for them either way.
 *
 * @param store - the store
 * @param material - the material whose parameters are read
 * @example (await rolesOf(store, 'tablet')).get('dissolution') // 'CQA'
 */
export async function rolesOf(store: Store, material: string): Promise<Map<string, string>> {
  const rows = await store.all<{ parameter: string; role: string | null }>('SELECT parameter, role FROM parameters WHERE material = $1 AND role IS NOT NULL', [material]);
  return new Map(rows.map((r) => [r.parameter, r.role!]));
}
