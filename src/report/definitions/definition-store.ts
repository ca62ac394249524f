/**
 * Report definitions as versioned records: a definition is never rewritten; defining it again
 * with any change stores the next version, with who, when and why, and an audit entry in the
 * same transaction. Defining it again unchanged stores nothing.
 */
import { AppError, field } from '../../core/errors.js';
import { audit } from '../../store/audit.js';
import type { Actor, Store } from '../../store/store.js';
import type { ReportChart, ReportKind } from './definition-request.js';

/** What a definition says (the part a new version may change). */
export interface DefinitionContent {
  kind: ReportKind;
  product: string;
  title: string | null;
  /** Empty: every site. */
  sites: string[];
  /** Empty: every parameter of `roles` on the product and the materials of its steps. */
  parameters: string[];
  roles: string[];
  charts: ReportChart[];
  rules: string;
}

/** One stored version of a definition. */
export interface ReportDefinition extends DefinitionContent {
  name: string;
  version: number;
  definedBy: string;
  definedAt: string;
  reason: string;
}

const contentKey = (c: DefinitionContent) => JSON.stringify([c.kind, c.product, c.title, c.sites, c.parameters, c.roles, c.charts, c.rules]);

type Row = { name: string; version: number; kind: string; title: string | null; product: string; sites: string; parameters: string; roles: string; charts: string; rules: string; defined_by: string; defined_at: Date; reason: string };

function fromRow(r: Row): ReportDefinition {
  return {
    name: r.name, version: Number(r.version), kind: r.kind as ReportKind, product: r.product, title: r.title,
    sites: JSON.parse(r.sites) as string[], parameters: JSON.parse(r.parameters) as string[], roles: JSON.parse(r.roles) as string[],
    charts: JSON.parse(r.charts) as ReportChart[], rules: r.rules, definedBy: r.defined_by, definedAt: new Date(r.defined_at).toISOString(), reason: r.reason,
  };
}

const SELECT = `SELECT name, version, kind, title, product, sites::VARCHAR AS sites, parameters::VARCHAR AS parameters, roles::VARCHAR AS roles,
  charts::VARCHAR AS charts, rules, defined_by, defined_at, reason FROM report_definitions`;

/** Checks that the product and sites exist, and that a subset of sites is one site. */
async function checkContent(store: Store, c: DefinitionContent): Promise<void> {
  const product = await store.value<string>('SELECT material FROM materials WHERE material = $1', [c.product]);
  if (!product) {
    const known = (await store.all<{ material: string }>(`SELECT material FROM materials WHERE type = 'product' ORDER BY 1 LIMIT 10`)).map((r) => r.material);
    throw new AppError('unknown_product', `no material '${c.product}'`, `name one in ${field('product')}${known.length ? `, e.g. ${known.join(', ')}` : ''}`);
  }
  if (c.sites.length) {
    const known = new Set((await store.all<{ site: string }>('SELECT site FROM sites')).map((r) => r.site));
    const bad = c.sites.filter((s) => !known.has(s));
    if (bad.length) throw new AppError('bad_report', `${field('sites')} '${bad.join(',')}' ${bad.length === 1 ? 'is not a site' : 'are not sites'}`, `name sites among ${[...known].sort().join(', ')}`);
    // The statistics of a review run over all sites or over one (as spc and capability take them):
    // a subset of several sites would give numbers no other verb can reproduce.
    if (c.sites.length > 1 && c.sites.length < known.size) {
      throw new AppError('bad_report', `${field('sites')} '${c.sites.join(',')}' is a subset of several sites`, `leave ${field('sites')} out for every site, or define one report per site`);
    }
  }
}

/**
 * Stores a new version of a report definition when it differs from the latest one (a reason
 * is required, as for every change of a record). Unchanged: the latest version, `changed: false`.
 *
 * @example await defineReport(store, 'apr-cwx', { kind: 'apr', product: 'CWX-50-FCT', title: null, sites: [], parameters: [], roles: ['CQA', 'CPP'], charts: ['control'], rules: 'we' }, { user: 'ana', reason: 'APR 2025' })
 */
export async function defineReport(store: Store, name: string, content: DefinitionContent, actor: Actor): Promise<{ definition: ReportDefinition; changed: boolean }> {
  const reason = actor.reason?.trim();
  if (!reason) throw new AppError('reason_required', 'defining a report needs a reason for the audit trail', `give ${field('reason', '"APR 2025 of CWX"')}`);
  const all = content.sites.length && (await store.value<number>('SELECT count(*) FROM sites')) === content.sites.length;
  const c: DefinitionContent = { ...content, sites: all ? [] : [...content.sites].sort() };
  await checkContent(store, c);
  return store.transaction(async () => {
    const latest = (await listVersions(store, name)).at(-1);
    if (latest && contentKey(latest) === contentKey(c)) return { definition: latest, changed: false };
    const version = (latest?.version ?? 0) + 1;
    await store.run(
      `INSERT INTO report_definitions (name, version, kind, title, product, sites, parameters, roles, charts, rules, defined_by, defined_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6::JSON, $7::JSON, $8::JSON, $9::JSON, $10, $11, now(), $12)`,
      [name, version, c.kind, c.title, c.product, JSON.stringify(c.sites), JSON.stringify(c.parameters), JSON.stringify(c.roles), JSON.stringify(c.charts), c.rules, actor.user, reason],
    );
    await audit(store, { user: actor.user, reason }, {
      action: latest ? 'update' : 'insert', entity: 'report_definitions', key: `${name}/v${version}`,
      ...(latest ? { oldValue: contentKey(latest) } : {}), newValue: contentKey(c),
    });
    return { definition: (await listVersions(store, name)).at(-1)!, changed: true };
  });
}

/** Every version of a definition, oldest first (empty when there is none). */
export async function listVersions(store: Store, name: string): Promise<ReportDefinition[]> {
  return (await store.all<Row>(`${SELECT} WHERE name = $1 ORDER BY version`, [name])).map(fromRow);
}

/** The latest version of every definition, by name. */
export async function listDefinitions(store: Store): Promise<ReportDefinition[]> {
  return (await store.all<Row>(`${SELECT} QUALIFY version = max(version) OVER (PARTITION BY name) ORDER BY name`)).map(fromRow);
}

/** One version of a definition (default the latest), or an error naming the ones there are. */
export async function getDefinition(store: Store, name: string, version?: number): Promise<ReportDefinition> {
  const versions = await listVersions(store, name);
  if (versions.length === 0) {
    const names = (await listDefinitions(store)).map((d) => d.name);
    throw new AppError('report_not_found', `no report definition '${name}'`, names.length ? `name one of ${names.slice(0, 10).join(', ')}` : 'define one first (report define)');
  }
  const found = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
  if (!found) throw new AppError('report_not_found', `report definition '${name}' has no version ${version}`, `versions 1 to ${versions.at(-1)!.version} exist`);
  return found;
}
