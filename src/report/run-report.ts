/**
 * Running a report: the definition version → the model of its kind (review or investigation)
 * → the header (report id, data state, software, audit-chain head) → for CPV, the rule
 * violations not in the previous run → the run stored as a record with its content's SHA-256.
 */
import { randomBytes } from 'node:crypto';
import { AppError, field } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { SOFTWARE } from '../core/version.js';
import { verifyAudit } from '../store/audit-verify.js';
import type { Actor, Store } from '../store/store.js';
import { getDefinition, type ReportDefinition } from './definitions/definition-store.js';
import { investigationModel } from './model/investigation-model.js';
import { reviewModel } from './model/review-model.js';
import type { ReportHeader, ReportModel, RuleViolation } from './model/types.js';
import { parsePeriod, type ReportPeriod } from './period.js';
import { listRuns, recordRun, runContent, type ReportRun } from './runs/run-store.js';

/** What to run. */
export interface RunRequest {
  name: string;
  version?: number;
  /** apr, cpv: the period ('2025', '2025-Q2', …). */
  period?: string;
  /** investigation: the lot. */
  lot?: string;
}

/** Who runs it, progress and cancellation. */
export interface RunContext {
  actor: Actor;
  logger?: Logger;
  signal?: AbortSignal;
  /** The instant printed as generated (default now); tests and benchmarks fix it. */
  now?: Date;
}

const TITLES = { apr: 'Annual Product Review', cpv: 'Continued Process Verification report', investigation: 'Investigation report' } as const;

/** The title a definition prints. */
export function reportTitle(def: ReportDefinition): string {
  return def.title ?? `${TITLES[def.kind]} — ${def.product}`;
}

function newRunId(now: Date): string {
  return `R-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

async function header(store: Store, def: ReportDefinition, period: ReportPeriod | null, ctx: RunContext): Promise<ReportHeader> {
  const now = ctx.now ?? new Date();
  const sites = def.sites.length ? def.sites : (await store.all<{ site: string }>('SELECT DISTINCT site FROM lots WHERE material = $1 ORDER BY 1', [def.product])).map((r) => r.site);
  const dataState = (await store.value<string>('SELECT import_id FROM imports ORDER BY coalesce(finished_at, started_at) DESC, import_id DESC LIMIT 1')) ?? null;
  const chain = await verifyAudit(store);
  return {
    reportId: newRunId(now),
    definition: { name: def.name, version: def.version, kind: def.kind, title: reportTitle(def) },
    product: def.product, sites, period: period ? { label: period.label, from: period.from, to: period.to } : null,
    generatedAt: now.toISOString(), generatedBy: ctx.actor.user, dataState, software: SOFTWARE,
    auditHead: chain.head ? { auditId: String(chain.head.auditId), hash: chain.head.hash, verified: chain.ok } : null,
  };
}

const violationKey = (v: RuleViolation) => `${v.material}|${v.parameter}|${v.rule}|${v.series}|${v.lot}`;

/** CPV: the violations of this run that the previous run of the definition did not show. */
async function sincePrevious(store: Store, name: string, model: ReportModel): Promise<NonNullable<ReportModel['newViolations']>> {
  const all = (model.parameters ?? []).flatMap((p) => p.signals);
  const previous = (await listRuns(store, name, 1))[0];
  if (!previous) return { previousRun: null, previousGeneratedAt: null, violations: all };
  const before = (await runContent(store, previous.runId)).model;
  const seen = new Set((before.parameters ?? []).flatMap((p) => p.signals).map(violationKey));
  return { previousRun: previous.runId, previousGeneratedAt: previous.generatedAt, violations: all.filter((v) => !seen.has(violationKey(v))) };
}

/**
 * Runs a report definition and stores the run as a record.
 *
 * @example const { run, model } = await runReport(store, { name: 'apr-cwx', period: '2025' }, { actor: { user: 'ana' } })
 */
export async function runReport(store: Store, req: RunRequest, ctx: RunContext): Promise<{ run: ReportRun; model: ReportModel }> {
  const def = await getDefinition(store, req.name, req.version);
  const log = ctx.logger ?? silentLogger;
  let period: ReportPeriod | null = null;
  let body: Omit<ReportModel, 'header'>;
  if (def.kind === 'investigation') {
    if (!req.lot) throw new AppError('bad_report', `report '${def.name}' investigates one lot: give it`, `add ${field('lot', 'LJU-T0004')}`);
    const lot = await store.one<{ material: string }>('SELECT material FROM lots WHERE lot = $1', [req.lot]);
    if (!lot) throw new AppError('unknown_lot', `no lot '${req.lot}'`, `name a lot of ${def.product} in ${field('lot')}`);
    log.progress('investigating', 0, 1);
    body = await investigationModel(store, req.lot, def.rules);
    log.progress('investigating', 1, 1);
  } else {
    if (!req.period) throw new AppError('bad_report', `report '${def.name}' (${def.kind}) covers a period: give it`, `add ${field('period', '2025')}`);
    period = parsePeriod(req.period);
    body = await reviewModel(store, def, { period, logger: log, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  }
  const model: ReportModel = { header: await header(store, def, period, ctx), ...body };
  // An investigation is about one lot: its site, not the product's.
  if (body.investigation) model.header.sites = [body.investigation.lot.site];
  if (def.kind === 'cpv') model.newViolations = await sincePrevious(store, def.name, model);
  const run = await recordRun(store, model, ctx.actor);
  return { run, model };
}
