/**
 * Report runs as records: each run stores its model as canonical JSON (RFC 8785, the one
 * serialisation every signed record uses: records/canonical.ts) with its SHA-256, the
 * definition version, the period, the data state it saw (the last import), the audit-chain head
 * and the software version, so it can be shown again as it was, signed and verified.
 */
import { AppError } from '../../core/errors.js';
import { audit } from '../../store/audit.js';
import type { Actor, Store } from '../../store/store.js';
import type { ReportModel } from '../model/types.js';
import { canonicalJson, sha256Hex as sha256 } from '../../records/canonical.js';

/** A stored run, without its content. */
export interface ReportRun {
  runId: string;
  name: string;
  version: number;
  kind: string;
  period: string | null;
  lot: string | null;
  generatedAt: string;
  user: string;
  dataState: string | null;
  auditHead: string | null;
  software: string;
  /** SHA-256 of the canonical JSON of the model. */
  contentSha256: string;
}

type Row = { run_id: string; name: string; version: number; kind: string; period: string | null; lot: string | null; generated_at: Date; user_name: string; data_state: string | null; audit_head: string | null; software: string; content_sha256: string };
const COLS = 'run_id, name, version, kind, period, lot, generated_at, user_name, data_state, audit_head, software, content_sha256';
const fromRow = (r: Row): ReportRun => ({
  runId: r.run_id, name: r.name, version: Number(r.version), kind: r.kind, period: r.period, lot: r.lot, generatedAt: new Date(r.generated_at).toISOString(),
  user: r.user_name, dataState: r.data_state, auditHead: r.audit_head, software: r.software, contentSha256: r.content_sha256,
});

/** Stores a run and its audit entry in one transaction. */
export async function recordRun(store: Store, model: ReportModel, actor: Actor): Promise<ReportRun> {
  const h = model.header;
  const content = canonicalJson(model);
  const hash = sha256(content);
  await store.transaction(async () => {
    await store.run(
      `INSERT INTO report_runs (run_id, name, version, kind, period, period_from, period_to, lot, generated_at, user_name, data_state, audit_head, software, content_sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMPTZ, $7::TIMESTAMPTZ, $8, $9::TIMESTAMPTZ, $10, $11, $12, $13, $14, $15)`,
      [h.reportId, h.definition.name, h.definition.version, h.definition.kind, h.period?.label ?? null, h.period?.from ?? null, h.period?.to ?? null,
        model.investigation?.lot.lot ?? null, h.generatedAt, h.generatedBy, h.dataState, h.auditHead?.hash ?? null, h.software, hash, content],
    );
    await audit(store, { user: actor.user, reason: actor.reason ?? `report ${h.definition.name} run` }, {
      action: 'insert', entity: 'report_runs', key: h.reportId, newValue: `${h.definition.name} v${h.definition.version} ${h.period?.label ?? model.investigation?.lot.lot ?? ''} sha256 ${hash}`,
    });
  });
  return getRun(store, h.reportId);
}

/** A stored run's record. */
export async function getRun(store: Store, runId: string): Promise<ReportRun> {
  const r = await store.one<Row>(`SELECT ${COLS} FROM report_runs WHERE run_id = $1`, [runId]);
  if (!r) throw new AppError('run_not_found', `no report run '${runId}'`, 'list the runs of a definition with report show');
  return fromRow(r);
}

/** Runs of a definition (every version), newest first. */
export async function listRuns(store: Store, name: string, limit = 50): Promise<ReportRun[]> {
  return (await store.all<Row>(`SELECT ${COLS} FROM report_runs WHERE name = $1 ORDER BY generated_at DESC, run_id DESC LIMIT $2`, [name, limit])).map(fromRow);
}

/**
 * The canonical content of a run (the bytes a signature binds) and its SHA-256, recomputed from
 * the stored content and checked against the stored hash: a content changed in the store
 * without causeway no longer matches.
 *
 * @example const { content, sha256, matches } = await runContent(store, runId)
 */
export async function runContent(store: Store, runId: string): Promise<{ runId: string; content: string; sha256: string; storedSha256: string; matches: boolean; model: ReportModel }> {
  const r = await store.one<{ content: string; content_sha256: string }>('SELECT content, content_sha256 FROM report_runs WHERE run_id = $1', [runId]);
  if (!r) throw new AppError('run_not_found', `no report run '${runId}'`, 'list the runs of a definition with report show');
  const model = JSON.parse(r.content) as ReportModel;
  // Canonical again: the stored text is canonical when causeway wrote it; recomputing catches an edit that kept valid JSON.
  const content = canonicalJson(model);
  const hash = sha256(content);
  return { runId, content, sha256: hash, storedSha256: r.content_sha256, matches: hash === r.content_sha256 && content === r.content, model };
}
