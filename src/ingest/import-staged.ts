/**
 * The validating, transactional import of staged files — the one path every import takes
 * (folders, mapped exports, the demo network).
 *
 * Phases, in order:
 *   1. describe   — column types and row counts of each staged table
 *   2. columns    — required columns present (else stop: nothing else can be judged)
 *   3. context    — views uniting staged rows with the store (what references may point to)
 *   4. validate   — per file one counting query over its typed view, details only where needed;
 *                   per target the keys already stored with other values (refused without --replace)
 *   5. write      — one transaction: imports row, every target (insert / replace), audit, counts;
 *                   then the trend levels of the samples written (store/trend-levels.ts), then
 *                   the features of the lots the import touched (context/features.ts), each in
 *                   its own transaction, marked pending in the import's so none is ever lost
 *
 * Samples into a store that has none take a fast path: phase 4 skips them and phase 5 checks
 * each sample while inserting it (see writeSamplesFast); on any problem the transaction rolls
 * back and the whole import runs again the ordinary way, which lists every problem located.
 */
import { randomBytes } from 'node:crypto';
import { AppError, throwIfIssues, type InputIssue, field } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import { quoteIdent, quoteLiteral } from '../store/sql.js';
import { completeTrendLevels, markTrendLevelsPending } from '../store/trend-levels.js';
import { completeFeatures, markFeaturesPending, type RefreshResult } from '../context/features.js';
import { createContextViews, dropContextViews, type StagedTypes } from './context-views.js';
import { IMPORT_ORDER, type FolderFile, type Staged } from './folder-files.js';
import type { FilePlan, Target } from './plan-types.js';
import { PLANS } from './plans.js';
import { RESTAGE } from './stage-folder.js';
import { provesDistinctKeys } from './sorted-keys.js';
import { findConflicts, missingColumns, runChecks, sortIssues } from './validate-staged.js';
import { writeTarget, type TargetCounts } from './write-staged.js';

/** Options of {@link importStaged}. */
export interface ImportOptions {
  /** Who imports and why (the reason is required with `replace`). */
  actor: Actor;
  /** What was imported: a folder path, a file, 'demo'… (recorded in `imports`). */
  source: string;
  /** 'folder' | 'mapping' | 'demo' (recorded in `imports`). */
  kind: string;
  /** Replace stored values that differ, keeping the old ones in `prior_values`. Default false. */
  replace?: boolean;
  /** Progress and messages. Default: silent. */
  logger?: Logger;
  /** Most problems listed per import. Default 50. */
  maxIssues?: number;
  /**
   * More writes that belong to this import (a connector's batch record, its dead letters), run
   * inside the import's transaction after its data: all of it is stored, or none. Called also
   * when nothing changed (`importId` null then). Default: none.
   */
  alsoWrite?: (importId: string | null, report: ImportReport) => Promise<void>;
}

/** Counts of one file (or the total). */
export interface FileCounts extends TargetCounts {
  /** Rows read from the file. */
  rows: number;
}

/** What an import did. */
export interface ImportReport {
  /** Id of the `imports` row; null when nothing changed (then nothing was written at all). */
  importId: string | null;
  source: string;
  kind: string;
  /** Per file of the format present. */
  files: Partial<Record<FolderFile, FileCounts & { source: string }>>;
  /** Per store table written. */
  tables: Record<string, TargetCounts>;
  total: FileCounts;
  /** True when the store already held exactly this data. */
  unchanged: boolean;
  /**
   * Features recomputed right after the import, for the lots it touched (absent when it wrote
   * nothing features depend on: lots, replicates, events, tags, samples).
   */
  features?: RefreshResult;
}

/** Tables whose rows features are computed from (see context/features-scope.ts). */
const FEATURE_TABLES = ['lots', 'replicates', 'events', 'tags', 'samples'];

interface FileInfo { file: FolderFile; table: string; types: Map<string, string>; rows: number; sources: string }

/**
 * Validates staged files and imports them in one transaction (see the phases above).
 * Any problem → an `AppError('invalid_input')` listing all problems (up to `maxIssues`),
 * each with file, line, column, value and the fix, and the store is unchanged.
 *
 * @param store the store
 * @param staged temp table per file (from {@link stageFolder}, a mapping or the demo)
 * @param options actor, source, kind, replace (default false), logger, maxIssues (default 50)
 * @returns counts per file and table; `unchanged` when the store already held this data
 * @example
 * const report = await importStaged(store, await stageFolder(store, dir), { actor: { user: 'ana' }, source: dir, kind: 'folder' });
 * @see docs/folder-format.md
 */
export async function importStaged(store: Store, staged: Staged, options: ImportOptions): Promise<ImportReport> {
  if (options.replace && !options.actor.reason?.trim()) {
    throw new AppError('reason_required', 'replacing stored values needs a reason', `add a ${field('reason')}: why the values are corrected (it goes into the audit trail)`);
  }
  // Fast path for samples into a store without any: one read of the staged samples that
  // checks and inserts together (see writeSamplesFast). Any problem there, or in another file,
  // and the import runs again on the slow path, which lists every problem with its line.
  if (staged.continuous && !(await store.value<boolean>('SELECT EXISTS (SELECT 1 FROM samples)'))) {
    try {
      return await run(store, staged, options, true);
    } catch (e) {
      if (!(e instanceof FastPathRefused)) throw e;
    }
    const lazy = RESTAGE.get(staged.continuous);
    if (lazy) staged = { ...staged, continuous: await lazy.restage() };
  }
  return run(store, staged, options, false);
}

/** Thrown inside the fast path's transaction to roll it back and take the slow path. */
class FastPathRefused extends Error {}

/** Phases 1–5; with `fast`, continuous is checked while it is written. */
async function run(store: Store, staged: Staged, options: ImportOptions, fast: boolean): Promise<ImportReport> {
  const log = options.logger ?? silentLogger;
  const cap = options.maxIssues ?? 50;
  const replace = options.replace ?? false;
  const infos = await describe(store, staged, fast);
  const what = `import of '${options.source}'`;
  const missing = infos.flatMap((i) => missingColumns(i.file, i.types, i.sources));
  if (fast && missing.length > 0) throw new FastPathRefused();
  throwIfIssues(missing, what, cap);

  const prefix = `_imp${randomBytes(4).toString('hex')}_`;
  const types: StagedTypes = Object.fromEntries(infos.map((i) => [i.file, i.types]));
  const ctx = await createContextViews(store, staged, types, prefix);
  const plans: FilePlan[] = [];
  try {
    for (const info of infos) {
      const plan = PLANS[info.file]({ stage: info.table, types: info.types, viewName: `${prefix}${info.file}`, ctx });
      await store.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(plan.viewName)} AS ${plan.view}`);
      plans.push(plan);
    }
    const fresh = new Map<Target, boolean>();
    let bounds: SampleBounds | undefined;
    const issues: InputIssue[] = [];
    let total = 0;
    for (const [i, plan] of plans.entries()) {
      log.progress('validating', i, plans.length);
      if (fast && plan.file === 'continuous') {
        fresh.set(plan.targets[0]!, true);
        continue;
      }
      const found = await runChecks(store, plan, cap);
      issues.push(...found.issues);
      total += found.total;
      for (const t of plan.targets) {
        if (t.table === 'samples') {
          const span = await samplesSpan(store, plan.viewName);
          fresh.set(t, span.fresh);
          if (span.bounds) {
            bounds = span.bounds;
            t.storedWhere = `s."time" BETWEEN ${span.bounds.sql.lo} AND ${span.bounds.sql.hi}`;
          }
        } else fresh.set(t, false);
        if (replace || fresh.get(t) || found.total > 0) continue;
        const conflicts = await findConflicts(store, t, cap);
        issues.push(...conflicts.issues);
        total += conflicts.total;
      }
    }
    log.progress('validating', plans.length, plans.length);
    if (fast && total > 0) throw new FastPathRefused();
    const shown = sortIssues(issues).slice(0, cap);
    throwIfIssues(shown, total > shown.length ? `${what} (${total} problems in all; the first ${shown.length} are listed)` : what, cap);
    return await write(store, plans, infos, fresh, options, log, fast, bounds);
  } finally {
    for (const plan of plans) await store.run(`DROP VIEW IF EXISTS ${quoteIdent(plan.viewName)}`);
    await dropContextViews(store, ctx);
  }
}

/**
 * The fast path of samples: one INSERT … SELECT over the typed view in which every check of
 * the plan guards the row (a row with any problem raises, which rolls the transaction back),
 * then a duplicate check over the rows just written: a proof from their order when they come
 * nearly sorted (sorted-keys.ts), else one hash aggregate on typed columns.
 * Reading the staged samples once is what keeps the import near DuckDB's own load speed.
 */
async function writeSamplesFast(store: Store, plan: FilePlan, importId: string, log: Logger): Promise<number> {
  log.progress('writing samples', 0, 1);
  const guard = plan.checks.filter((c) => !c.dup).map((c) => `(${c.when})`).join(' OR ');
  let inserted: number;
  try {
    inserted = Number(await store.value<bigint>(
      `INSERT INTO samples (tag, time, value, quality, status, import_id)
       SELECT tag, time, CASE WHEN ${guard} THEN error('causeway: sample refused') ELSE value END, quality, status, $1 FROM ${quoteIdent(plan.viewName)}`,
      [importId],
    ) ?? 0);
  } catch {
    throw new FastPathRefused();
  }
  log.progress('writing samples', 1, 1);
  log.progress('checking duplicate samples', 0, 1);
  // Files usually come sorted: a proof over the rows in order settles most imports at a
  // fraction of the hash aggregate's cost; without it, every key is counted.
  const proven = await provesDistinctKeys(store, { from: 'samples', where: 'import_id = $1', param: importId, key: { series: 'tag', time: 'time' }, rows: inserted });
  const dups = proven ? null : await store.value<bigint | null>(
    'SELECT sum(n - 1) FROM (SELECT count(*) AS n FROM samples WHERE import_id = $1 GROUP BY hash(tag, time) HAVING count(*) > 1)',
    [importId],
  );
  if (dups) throw new FastPathRefused();
  log.progress('checking duplicate samples', 1, 1);
  return inserted;
}

/** Phase 1: column types, row counts and source names of each staged table, in import order. */
async function describe(store: Store, staged: Staged, fast: boolean): Promise<FileInfo[]> {
  const infos: FileInfo[] = [];
  for (const file of IMPORT_ORDER) {
    const table = staged[file];
    if (!table) continue;
    const cols = await store.all<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE ${quoteIdent(table)})`);
    // On the fast path the samples are counted while they are written, not read twice.
    const stats = fast && file === 'continuous'
      ? { n: 0n, src: RESTAGE.get(table)?.files ?? table }
      : await store.one<{ n: bigint; src: string | null }>(`SELECT count(*) AS n, string_agg(DISTINCT _source, ', ' ORDER BY _source) AS src FROM ${quoteIdent(table)}`);
    infos.push({ file, table, types: new Map(cols.map((c) => [c.column_name, c.column_type])), rows: Number(stats?.n ?? 0), sources: stats?.src ?? file });
  }
  return infos;
}

/** First and last time of the staged samples, as instants and as SQL literals. */
interface SampleBounds {
  lo: Date;
  hi: Date;
  sql: { lo: string; hi: string };
}

/**
 * The time span of the staged samples, and whether the store holds no samples of the staged tags
 * inside it (then they are inserted without a de-duplicating join: the fast path of a first
 * import). The stored samples are read only between the span's constant bounds, so DuckDB skips
 * every row group outside them: a small batch into a large store reads what it needs.
 */
async function samplesSpan(store: Store, view: string): Promise<{ fresh: boolean; bounds?: SampleBounds }> {
  const ranges = `${view}_ranges`;
  await store.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(ranges)} AS SELECT tag, min(time) AS lo, max(time) AS hi FROM ${quoteIdent(view)} WHERE tag IS NOT NULL AND time IS NOT NULL GROUP BY tag`);
  try {
    const span = await store.one<{ lo: string | null; hi: string | null }>(
      `SELECT strftime(min(lo), '%Y-%m-%dT%H:%M:%S.%fZ') AS lo, strftime(max(hi), '%Y-%m-%dT%H:%M:%S.%fZ') AS hi FROM ${quoteIdent(ranges)}`);
    if (!span?.lo || !span.hi) return { fresh: true };
    const bounds: SampleBounds = {
      lo: new Date(span.lo), hi: new Date(span.hi),
      sql: { lo: `TIMESTAMPTZ ${quoteLiteral(span.lo)}`, hi: `TIMESTAMPTZ ${quoteLiteral(span.hi)}` },
    };
    const overlap = await store.value<boolean>(
      `SELECT EXISTS (SELECT 1 FROM samples s JOIN ${quoteIdent(ranges)} r ON s.tag = r.tag AND s.time BETWEEN r.lo AND r.hi
         WHERE s.time BETWEEN ${bounds.sql.lo} AND ${bounds.sql.hi})`,
    );
    return { fresh: !overlap, bounds };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${quoteIdent(ranges)}`);
  }
}

/** Phase 5: everything in one transaction; when nothing changes, nothing is written. */
async function write(store: Store, plans: FilePlan[], infos: FileInfo[], fresh: Map<Target, boolean>, options: ImportOptions, log: Logger, fast: boolean, bounds?: SampleBounds): Promise<ImportReport> {
  const importId = `${options.kind}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  let touchesFeatures = false;
  const report: ImportReport = { importId, source: options.source, kind: options.kind, files: {}, tables: {}, total: { rows: 0, inserted: 0, unchanged: 0, replaced: 0 }, unchanged: false };
  await store.transaction(async () => {
    await store.run(
      `INSERT INTO imports (import_id, source, kind, user_name, reason, started_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [importId, options.source, options.kind, options.actor.user, options.actor.reason ?? null],
    );
    for (const [i, plan] of plans.entries()) {
      log.progress('importing', i, plans.length);
      const info = infos.find((x) => x.file === plan.file)!;
      const fc = { source: info.sources, rows: info.rows, inserted: 0, unchanged: 0, replaced: 0 };
      if (fast && plan.file === 'continuous') fc.rows = await writeSamplesFast(store, plan, importId, log);
      for (const t of plan.targets) {
        const c = fast && plan.file === 'continuous'
          ? { inserted: fc.rows, unchanged: 0, replaced: 0 }
          : await writeTarget(store, t, importId, options.actor, options.replace ?? false, fresh.get(t) ?? false);
        const tc = (report.tables[t.table] ??= { inserted: 0, unchanged: 0, replaced: 0 });
        tc.inserted += c.inserted; tc.unchanged += c.unchanged; tc.replaced += c.replaced;
        fc.inserted += c.inserted; fc.unchanged += c.unchanged; fc.replaced += c.replaced;
      }
      report.files[plan.file] = fc;
      report.total.rows += fc.rows; report.total.inserted += fc.inserted; report.total.unchanged += fc.unchanged; report.total.replaced += fc.replaced;
    }
    log.progress('importing', plans.length, plans.length);
    log.progress('committing', 0, 1);
    report.unchanged = report.total.inserted === 0 && report.total.replaced === 0;
    if (report.unchanged) {
      await store.run('DELETE FROM imports WHERE import_id = $1', [importId]);
      report.importId = null;
      await options.alsoWrite?.(null, report);
      return;
    }
    const samples = report.tables.samples;
    if (samples && samples.inserted + samples.replaced > 0) await markTrendLevelsPending(store, importId, bounds && { lo: bounds.lo, hi: bounds.hi });
    touchesFeatures = FEATURE_TABLES.some((t) => (report.tables[t]?.inserted ?? 0) + (report.tables[t]?.replaced ?? 0) > 0);
    if (touchesFeatures) await markFeaturesPending(store, importId);
    const entries = Object.entries(report.tables)
      .filter(([, c]) => c.inserted > 0)
      .map(([table, c]) => ({ action: 'import', entity: table, field: 'rows', newValue: `${c.inserted} inserted, ${c.unchanged} unchanged, ${c.replaced} replaced`, importId }));
    await audit(store, options.actor, entries);
    await store.run('UPDATE imports SET finished_at = now(), counts = $2 WHERE import_id = $1', [importId, JSON.stringify({ files: report.files, tables: report.tables })]);
    await options.alsoWrite?.(importId, report);
  });
  if (!report.unchanged && report.tables.samples) {
    log.progress('trend levels', 0, 1);
    await completeTrendLevels(store);
    log.progress('trend levels', 1, 1);
  }
  if (touchesFeatures) report.features = await completeFeatures(store, { logger: log, actor: options.actor });
  return report;
}
