/**
 * Sources as configuration: a source has a name, a kind, a configuration (connection, mapping,
 * options; validated by the kind's schema), a schedule and whether it is enabled. Stored in the
 * `sources` table with its secrets sealed (secrets.ts); every change audited with the secrets
 * shown as "(secret)".
 */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import type { ConnectorKind } from './connector-types.js';
import { loadKind } from './kinds.js';
import { getPath, isStoredSecret, openSecret, sealSecret, secretKey, setPath, showSecret, SECRET_SHOWN, type StoredSecret } from './secrets.js';

/** A source's name: letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const SourceNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
  error: 'must be 1–64 letters, digits, dots, underscores or hyphens, starting with a letter or digit',
});

/**
 * When a source runs: `live` (continuously: subscriptions), `every 30s` / `every 5m` / `every 1h`
 * (polled), or `manual` (only by `causeway sources sync`).
 */
export const ScheduleSchema = z.string().trim().regex(/^(live|manual|every [1-9]\d*(s|m|h))$/, {
  error: "must be 'live', 'manual' or 'every N' with s, m or h, e.g. 'every 5m'",
});

/** A source as given to {@link addSource}. */
export interface SourceInput {
  name: string;
  kind: string;
  /** The configuration; secret fields as the secret itself, `env:NAME` or `file:PATH`. */
  config: unknown;
  /** Default: 'live' for live kinds, 'every 5m' for polled ones. */
  schedule?: string;
  /** Default true. */
  enabled?: boolean;
}

/** A source as shown: its configuration with every secret as "(secret)" (or its env/file reference). */
export interface SourceView {
  name: string;
  kind: string;
  config: unknown;
  schedule: string;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

/** A source ready to run: its kind and its configuration parsed, secrets opened. */
export interface OpenedSource<C = unknown> {
  name: string;
  kind: ConnectorKind<C>;
  config: C;
  schedule: string;
  enabled: boolean;
}

type SourceRow = {
  source: string; kind: string; config: string; schedule: string; enabled: boolean;
  created_by: string; created_at: Date; updated_by: string; updated_at: Date;
};

const SOURCE_COLUMNS = 'source, kind, CAST(config AS VARCHAR) AS config, schedule, enabled, created_by, created_at, updated_by, updated_at';

/** The milliseconds between runs of a schedule `every N…`; null for live and manual. */
export function scheduleMillis(schedule: string): number | null {
  const m = /^every (\d+)(s|m|h)$/.exec(schedule);
  if (!m) return null;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

/**
 * Adds a source, or with `replace` changes one (a secret given as "(secret)" or left out keeps
 * its stored value). Validates the configuration with the kind's schema; seals its secrets.
 *
 * @param store - the store.
 * @param input - name, kind, config, schedule (default by kind), enabled (default true).
 * @param actor - who, for the audit trail.
 * @param options - `replace` (default false): change an existing source.
 * @returns the source as shown (secrets hidden).
 * @throws AppError `source_exists`, `unknown_kind`, `invalid_source` (naming each bad field), `bad_schedule`.
 * @example
 * await addSource(store, { name: 'lims', kind: 'sql', config: { … password: 'env:LIMS_PASSWORD' } }, { user: 'admin' });
 */
export async function addSource(store: Store, input: SourceInput, actor: Actor, options: { replace?: boolean } = {}): Promise<SourceView> {
  const name = parseName(input.name);
  const kind = await loadKind(input.kind);
  const old = await store.one<SourceRow>(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE source = $1`, [name]);
  if (old && !options.replace) throw new AppError('source_exists', `a source named '${name}' exists`, 'choose another name, or change it with replace (`causeway sources add … --replace`)');
  if (!old && options.replace) throw new AppError('unknown_source', `there is no source named '${name}' to change`, 'add it without --replace');
  if (old && old.kind !== kind.kind) throw new AppError('kind_differs', `the source '${name}' is of kind '${old.kind}', not '${kind.kind}'`, 'remove it first to make it a source of another kind');
  const schedule = parseSchedule(input.schedule ?? (old?.schedule ?? (kind.mode === 'live' ? 'live' : 'every 5m')), kind);
  const oldConfig = old ? (JSON.parse(old.config) as unknown) : undefined;

  // Secrets: the value given, else (on a change) the one stored; validated as text, stored sealed.
  let given = structuredClone(input.config ?? {});
  const keep = new Map<string, StoredSecret>();
  for (const path of kind.secrets) {
    const v = getPath(given, path);
    const stored = oldConfig === undefined ? undefined : getPath(oldConfig, path);
    if ((v === undefined || v === SECRET_SHOWN) && isStoredSecret(stored)) {
      keep.set(path, stored);
      given = setPath(given, path, SECRET_SHOWN);
    } else if (v !== undefined && typeof v !== 'string') {
      throw new AppError('invalid_source', `source '${name}': ${path} must be text (the secret, env:NAME or file:PATH)`, 'give the secret as a string');
    }
  }
  const parsed = kind.schema.safeParse(given);
  if (!parsed.success) throw invalid(name, parsed.error);
  const key = secretKey(store.path);
  let config: unknown = given;
  for (const path of kind.secrets) {
    const v = getPath(given, path);
    if (keep.has(path)) config = setPath(config, path, keep.get(path));
    else if (typeof v === 'string') config = setPath(config, path, sealSecret(v, key, name, path));
  }
  const enabled = input.enabled ?? (old ? old.enabled : true);
  await store.transaction(async () => {
    if (old) {
      await store.run('UPDATE sources SET config = $2, schedule = $3, enabled = $4, updated_by = $5, updated_at = now() WHERE source = $1', [name, JSON.stringify(config), schedule, enabled, actor.user]);
    } else {
      await store.run('INSERT INTO sources VALUES ($1, $2, $3, $4, $5, $6, now(), $6, now())', [name, kind.kind, JSON.stringify(config), schedule, enabled, actor.user]);
      await store.run(`INSERT INTO source_state (source, status, updated_at) VALUES ($1, 'never run', now()) ON CONFLICT (source) DO NOTHING`, [name]);
    }
    await audit(store, actor, {
      action: old ? 'update' : 'insert', entity: 'sources', key: name,
      oldValue: old ? JSON.stringify(showConfig(kind, oldConfig, old.schedule, old.enabled)) : null,
      newValue: JSON.stringify(showConfig(kind, config, schedule, enabled)),
    });
  });
  return getSource(store, name);
}

/**
 * Removes a source and its state. The data it stored stays (with its provenance), and so do its
 * batch records and dead letters.
 *
 * @throws AppError `unknown_source`.
 */
export async function removeSource(store: Store, name: string, actor: Actor): Promise<void> {
  const old = await requireRow(store, name);
  const kind = await loadKind(old.kind);
  await store.transaction(async () => {
    await store.run('DELETE FROM sources WHERE source = $1', [name]);
    await store.run('DELETE FROM source_state WHERE source = $1', [name]);
    await audit(store, actor, { action: 'delete', entity: 'sources', key: name, oldValue: JSON.stringify(showConfig(kind, JSON.parse(old.config), old.schedule, old.enabled)), newValue: null });
  });
}

/** Every source, by name, secrets hidden. */
export async function listSources(store: Store): Promise<SourceView[]> {
  const rows = await store.all<SourceRow>(`SELECT ${SOURCE_COLUMNS} FROM sources ORDER BY source`);
  const out: SourceView[] = [];
  for (const r of rows) out.push(view(await loadKind(r.kind), r));
  return out;
}

/** One source, secrets hidden. @throws AppError `unknown_source`. */
export async function getSource(store: Store, name: string): Promise<SourceView> {
  const row = await requireRow(store, name);
  return view(await loadKind(row.kind), row);
}

/**
 * A source ready to run: its configuration parsed by its kind's schema with the secrets opened.
 * Only the runner calls this; nothing it returns may be logged or shown.
 *
 * @throws AppError `unknown_source`, `secret_missing`, `secret_unreadable`, `invalid_source`.
 */
export async function openSource(store: Store, name: string): Promise<OpenedSource> {
  const row = await requireRow(store, name);
  const kind = await loadKind(row.kind);
  let config = JSON.parse(row.config) as unknown;
  const key = secretKey(store.path);
  for (const path of kind.secrets) {
    const stored = getPath(config, path);
    if (isStoredSecret(stored)) config = setPath(config, path, openSecret(stored, key, name, path));
  }
  const parsed = kind.schema.safeParse(config);
  if (!parsed.success) throw invalid(name, parsed.error);
  return { name, kind, config: parsed.data, schedule: row.schedule, enabled: row.enabled };
}

async function requireRow(store: Store, name: string): Promise<SourceRow> {
  const row = await store.one<SourceRow>(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE source = $1`, [name]);
  if (!row) {
    const names = (await store.all<{ source: string }>('SELECT source FROM sources ORDER BY source')).map((r) => r.source);
    throw new AppError('unknown_source', `there is no source named '${name}'`, names.length ? `sources: ${names.join(', ')}` : 'add one with `causeway sources add`');
  }
  return row;
}

function view(kind: ConnectorKind<unknown>, r: SourceRow): SourceView {
  return {
    name: r.source, kind: r.kind, config: showConfig(kind, JSON.parse(r.config), r.schedule, r.enabled).config, schedule: r.schedule, enabled: r.enabled,
    createdBy: r.created_by, createdAt: r.created_at, updatedBy: r.updated_by, updatedAt: r.updated_at,
  };
}

/** The configuration as shown and audited: each secret as "(secret)" or its reference. */
function showConfig(kind: ConnectorKind<unknown>, config: unknown, schedule: string, enabled: boolean): { config: unknown; schedule: string; enabled: boolean } {
  let shown = config;
  for (const path of kind.secrets) {
    const v = getPath(config, path);
    if (v !== undefined) shown = setPath(shown, path, isStoredSecret(v) ? showSecret(v) : SECRET_SHOWN);
  }
  return { config: shown, schedule, enabled };
}

function parseName(name: string): string {
  const r = SourceNameSchema.safeParse(name);
  if (!r.success) throw new AppError('bad_source_name', `'${name}' is not a source name: ${r.error.issues[0]?.message ?? 'invalid'}`, 'e.g. lims-pg, plant.mqtt, mes_1');
  return name;
}

function parseSchedule(schedule: string, kind: ConnectorKind<unknown>): string {
  const r = ScheduleSchema.safeParse(schedule);
  if (!r.success) throw new AppError('bad_schedule', `schedule '${schedule}' ${r.error.issues[0]?.message ?? 'is invalid'}`, "e.g. --schedule 'every 5m', --schedule live or --schedule manual");
  if (kind.mode === 'live' && r.data.startsWith('every')) throw new AppError('bad_schedule', `a ${kind.kind} source runs live, not '${r.data}'`, "give --schedule live (or manual)");
  if (kind.mode === 'poll' && r.data === 'live') throw new AppError('bad_schedule', `a ${kind.kind} source is polled, it cannot run 'live'`, "give e.g. --schedule 'every 1m' (or manual)");
  return r.data;
}

/** An `invalid_source` error naming each bad field of the configuration. */
function invalid(name: string, error: z.ZodError): AppError {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
  return new AppError('invalid_source', `source '${name}': the configuration is not valid: ${issues.join('; ')}`, 'correct the listed fields (see docs/connectors.md for each kind)', { issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}
