import { AppError, field } from '../core/errors.js';
import { audit } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import { whereEquals } from '../store/sql.js';
import type { ChartKind } from './types.js';

/** Which limits: one chart of one parameter of one material. */
export interface LimitsKey {
  material: string;
  parameter: string;
  chart: ChartKind;
}

/** A version of stored control limits to propose. */
export interface LimitsProposal extends LimitsKey {
  /** From when the limits judge points (lot start); ISO 8601 or Date. */
  validFrom: string | Date;
  center: number;
  /** σ of individual values (variables charts); for attribute charts the per-unit σ. */
  sigma: number;
  lcl: number;
  ucl: number;
  /** Chart settings the limits belong to (nsigmas, λ, k, h, subgroup size, …). */
  settings?: Record<string, unknown>;
  /** Where they came from: lots or a date range of the phase I baseline. */
  baseline?: Record<string, unknown>;
}

/** A stored version of control limits. */
export interface StoredLimits extends LimitsKey {
  version: number;
  validFrom: Date;
  center: number;
  sigma: number;
  lcl: number;
  ucl: number;
  settings: Record<string, unknown>;
  baseline: Record<string, unknown>;
  status: 'proposed' | 'approved';
  setBy: string;
  setAt: Date;
  reason: string;
  approvedBy: string | null;
  approvedAt: Date | null;
}

function requireReason(actor: Actor, what: string): string {
  const r = actor.reason?.trim();
  if (!r) throw new AppError('reason_required', `${what} needs a reason for the audit trail`, `give ${field('reason', '"…"')}, e.g. "phase I on 2024 campaign lots"`);
  return r;
}

const keyText = (k: LimitsKey, version: number) => `${k.material}/${k.parameter}/${k.chart}/v${version}`;

/**
 * Stores a new version of control limits with status 'proposed'. A new version never rewrites
 * an old one: the version number is one more than the highest stored. The audit entry is
 * written in the same transaction.
 *
 * @param proposal - limits, validity start, settings and baseline
 * @param actor - who proposes and why (reason required)
 * @returns the stored version
 * @example await proposeLimits(store, { material: 'TAB', parameter: 'assay', chart: 'imr', validFrom: '2024-01-01', center: 100, sigma: 1, lcl: 97, ucl: 103 }, { user: 'ana', reason: 'phase I' })
 */
export async function proposeLimits(store: Store, proposal: LimitsProposal, actor: Actor): Promise<StoredLimits> {
  const reason = requireReason(actor, 'proposing control limits');
  const validFrom = new Date(proposal.validFrom);
  if (Number.isNaN(validFrom.getTime())) throw new AppError('bad_time', `valid-from '${String(proposal.validFrom)}' is not a date`, 'use ISO 8601, e.g. 2024-01-13');
  for (const [k, v] of Object.entries({ center: proposal.center, sigma: proposal.sigma, lcl: proposal.lcl, ucl: proposal.ucl })) {
    if (!Number.isFinite(v)) throw new AppError('bad_limits', `control limit ${k} is ${v}`, 'limits must be finite numbers');
  }
  return store.transaction(async () => {
    const version = Number((await store.value<number>(
      'SELECT coalesce(max(version), 0) + 1 FROM control_limits WHERE material = $1 AND parameter = $2 AND chart = $3',
      [proposal.material, proposal.parameter, proposal.chart],
    )) ?? 1);
    await store.run(
      `INSERT INTO control_limits (material, parameter, chart, version, valid_from, center, lcl, ucl, sigma, settings, baseline, status, set_by, set_at, reason)
       VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, $6, $7, $8, $9, $10::JSON, $11::JSON, 'proposed', $12, now(), $13)`,
      [proposal.material, proposal.parameter, proposal.chart, version, validFrom.toISOString(), proposal.center, proposal.lcl, proposal.ucl, proposal.sigma,
        JSON.stringify(proposal.settings ?? {}), JSON.stringify(proposal.baseline ?? {}), actor.user, reason],
    );
    await audit(store, { ...actor, reason }, {
      action: 'insert', entity: 'control_limits', key: keyText(proposal, version),
      newValue: JSON.stringify({ validFrom: validFrom.toISOString(), center: proposal.center, sigma: proposal.sigma, lcl: proposal.lcl, ucl: proposal.ucl, status: 'proposed' }),
    });
    return (await listLimits(store, proposal)).find((l) => l.version === version)!;
  });
}

/**
 * Approves a proposed version. Four-eyes principle: the approver must be a different person
 * from the proposer (GMP practice for limits that judge product); a reason is required. Only
 * approved versions judge points.
 *
 * @example await approveLimits(store, { material: 'TAB', parameter: 'assay', chart: 'imr', version: 1 }, { user: 'qa.lead', reason: 'reviewed' })
 */
export async function approveLimits(store: Store, key: LimitsKey & { version: number }, actor: Actor): Promise<StoredLimits> {
  const reason = requireReason(actor, 'approving control limits');
  return store.transaction(async () => {
    const found = (await listLimits(store, key)).find((l) => l.version === key.version);
    if (!found) throw new AppError('limits_not_found', `no control limits version ${key.version} for ${key.material}/${key.parameter} (${key.chart})`, 'list the stored versions to see which exist');
    if (found.status === 'approved') throw new AppError('already_approved', `version ${key.version} was approved by ${found.approvedBy}`, 'propose a new version to change limits');
    if (found.setBy === actor.user) {
      throw new AppError('four_eyes', `${actor.user} proposed version ${key.version} and cannot also approve it`, 'a second person approves it');
    }
    await store.run(
      `UPDATE control_limits SET status = 'approved', approved_by = $1, approved_at = now()
       WHERE material = $2 AND parameter = $3 AND chart = $4 AND version = $5`,
      [actor.user, key.material, key.parameter, key.chart, key.version],
    );
    await audit(store, { ...actor, reason }, { action: 'approve', entity: 'control_limits', key: keyText(key, key.version), field: 'status', oldValue: 'proposed', newValue: 'approved' });
    return (await listLimits(store, key)).find((l) => l.version === key.version)!;
  });
}

/** Stored versions, oldest first, optionally filtered by material, parameter, chart. */
export async function listLimits(store: Store, filter: Partial<LimitsKey> = {}): Promise<StoredLimits[]> {
  const { where, params } = whereEquals([['material', filter.material], ['parameter', filter.parameter], ['chart', filter.chart]]);
  const rows = await store.all(
    `SELECT material, parameter, chart, version, valid_from, center, sigma, lcl, ucl, settings::VARCHAR AS settings, baseline::VARCHAR AS baseline,
            status, set_by, set_at, reason, approved_by, approved_at
     FROM control_limits ${where} ORDER BY material, parameter, chart, version`,
    params,
  );
  return rows.map((r) => ({
    material: String(r.material), parameter: String(r.parameter), chart: r.chart as ChartKind, version: Number(r.version),
    validFrom: r.valid_from as Date, center: Number(r.center), sigma: Number(r.sigma), lcl: Number(r.lcl), ucl: Number(r.ucl),
    settings: JSON.parse(String(r.settings ?? '{}')) as Record<string, unknown>, baseline: JSON.parse(String(r.baseline ?? '{}')) as Record<string, unknown>,
    status: r.status as 'proposed' | 'approved', setBy: String(r.set_by), setAt: r.set_at as Date, reason: String(r.reason),
    approvedBy: (r.approved_by as string | null) ?? null, approvedAt: (r.approved_at as Date | null) ?? null,
  }));
}
