/**
 * Roles and the permission matrix of the workbench (docs/security.md shows the same table).
 * Every route names one permission; the server checks it on every request.
 */
export const ROLES = ['viewer', 'manufacturing', 'quality', 'tech-transfer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs. `public` routes need no session (login, health, the OpenAPI document). */
export const PERMISSIONS = {
  public: { roles: 'anyone', text: 'no login needed' },
  read: { roles: ROLES, text: 'read every view, chart, analysis and export' },
  'data.import': { roles: ['manufacturing', 'quality', 'admin'], text: 'import data files and mapped exports' },
  'features.define': { roles: ['manufacturing', 'quality', 'tech-transfer'], text: 'declare features' },
  'models.write': { roles: ['manufacturing', 'quality', 'tech-transfer'], text: 'fit and store MSPC models and golden envelopes' },
  'limits.propose': { roles: ['manufacturing', 'quality', 'tech-transfer'], text: 'propose new control limits' },
  'limits.approve': { roles: ['quality'], text: 'approve control limits and specifications (re-entering the password)' },
  'worksheets.save': { roles: ['manufacturing', 'quality', 'tech-transfer'], text: 'save views as worksheets (new versions; the old ones stay)' },
  'records.sign': { roles: ['manufacturing', 'quality', 'tech-transfer', 'admin'], text: 'sign a record as yourself (re-entering the password); approving limits and specifications needs limits.approve' },
  'reports.define': { roles: ['quality'], text: 'define report definitions (APR/PQR, CPV, investigation); each change is a new version' },
  'reports.run': { roles: ['manufacturing', 'quality', 'tech-transfer'], text: 'run reports (each run is stored as a record)' },
  'audit.read': { roles: ['quality', 'admin'], text: 'read the audit trail' },
  'users.manage': { roles: ['admin'], text: 'create, disable and unlock users; set roles' },
  'sources.manage': { roles: ['admin'], text: 'add, change, test, sync and remove live sources (OPC UA, Sparkplug B, SQL)' },
} as const satisfies Record<string, { roles: readonly Role[] | 'anyone'; text: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** True when `role` holds `permission`. */
export function allows(role: Role | undefined, permission: Permission): boolean {
  const p = PERMISSIONS[permission];
  if (p.roles === 'anyone') return true;
  return role !== undefined && (p.roles as readonly Role[]).includes(role);
}

/** True when `value` names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
