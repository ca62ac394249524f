/**
 * What the hub records per site (table `network_sites`) and the network's health read from it:
 * which site is behind and by how much, whose agent is silent, whose clock is off, what was
 * parked and why. Lag is measured on the hub's clock only (the agents' clocks may be off); the
 * samples keep their source times as the site stamped them.
 */
import { writeDeadLetters } from '../ingest/batch/dead-letters.js';
import type { Store } from '../store/store.js';
import type { AgentHeartbeat } from './agent.js';
import { WIRE_SCHEMA } from './wire.js';

/** An agent clock this far from the hub's is flagged (a few seconds of transit never reach it). */
export const SKEW_FLAG_S = 60;
/** An agent not heard from for this long is flagged as silent. */
export const SILENT_S = 30;

/** One applied batch, written in its own transaction. */
export interface Applied {
  seq: number;
  msgId: string;
  /** When the hub's stream stored it (hub side). */
  receivedAt: Date;
  /** From the agent queuing it (its clock corrected by the skew) to the commit, s. */
  transitS: number | null;
  rows: number;
}

/** Records an applied batch. Call inside the batch's transaction (ingestBatch's `alsoWrite`). */
export async function recordApplied(store: Store, site: string, a: Applied): Promise<void> {
  await store.run(
    `INSERT INTO network_sites (site, last_seq, last_msg_id, last_applied_at, last_received_at, last_transit_s, batches, rows, updated_at)
     VALUES ($1, $2, $3, now(), $4, $5, 1, $6, now())
     ON CONFLICT (site) DO UPDATE SET last_seq = excluded.last_seq, last_msg_id = excluded.last_msg_id, last_applied_at = excluded.last_applied_at,
       last_received_at = excluded.last_received_at, last_transit_s = excluded.last_transit_s, batches = network_sites.batches + 1,
       rows = network_sites.rows + excluded.rows, updated_at = excluded.updated_at`,
    [site, a.seq, a.msgId, a.receivedAt.toISOString(), a.transitS, a.rows]);
}

/** Counts a message whose batch was applied before (a redelivery) in its own transaction. */
export async function recordDuplicate(store: Store, site: string): Promise<void> {
  await store.transaction(() => store.run(
    `INSERT INTO network_sites (site, duplicates, updated_at) VALUES ($1, 1, now())
     ON CONFLICT (site) DO UPDATE SET duplicates = network_sites.duplicates + 1, updated_at = excluded.updated_at`, [site]));
}

/** A batch set aside: why, and where it waits. */
export interface Parked {
  /** `<site>/<source>`, or the site when the message could not be read. */
  source: string;
  msgId: string;
  seq: number;
  code: string;
  reason: string;
  hint: string;
  rows: number;
  /** Where the message now waits (the dead-letter subject and its sequence there). */
  deadSubject: string;
  deadSeq: number;
}

/** Records a parked batch as a dead letter of kind 'batch'. */
export async function recordParked(store: Store, p: Parked): Promise<void> {
  await store.transaction(() => writeDeadLetters(store, p.source, p.msgId, [{
    kind: 'batch', item: `${p.msgId} (stream seq ${p.seq})`, code: p.code, reason: p.reason, hint: p.hint,
    payload: { msgId: p.msgId, seq: p.seq, rows: p.rows, deadSubject: p.deadSubject, deadSeq: p.deadSeq },
  }]));
}

/** What the hub saw of a site since its last write: its stream's backlog and its agent's heartbeat. */
export interface Observed {
  site: string;
  /** Messages in the site's stream not yet applied (null: not known, NATS unreachable). */
  pending: number | null;
  oldestPendingAt: Date | null;
  beat?: { beat: AgentHeartbeat; heardAt: Date; skewS: number };
}

/** Writes what the hub observed of every site, in one transaction. */
export async function recordObserved(store: Store, list: readonly Observed[]): Promise<void> {
  if (list.length === 0) return;
  await store.transaction(async () => {
    for (const o of list) {
      const b = o.beat;
      await store.run(
        `INSERT INTO network_sites (site, pending, oldest_pending_at, agent_heard_at, agent_skew_s, agent_outbox_messages, agent_outbox_bytes,
           agent_outbox_oldest, agent_outbox_full, agent_timezone, agent_schema, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
         ON CONFLICT (site) DO UPDATE SET pending = coalesce(excluded.pending, network_sites.pending),
           oldest_pending_at = CASE WHEN excluded.pending IS NULL THEN network_sites.oldest_pending_at ELSE excluded.oldest_pending_at END,
           agent_heard_at = coalesce(excluded.agent_heard_at, network_sites.agent_heard_at), agent_skew_s = coalesce(excluded.agent_skew_s, network_sites.agent_skew_s),
           agent_outbox_messages = coalesce(excluded.agent_outbox_messages, network_sites.agent_outbox_messages),
           agent_outbox_bytes = coalesce(excluded.agent_outbox_bytes, network_sites.agent_outbox_bytes),
           agent_outbox_oldest = CASE WHEN excluded.agent_heard_at IS NULL THEN network_sites.agent_outbox_oldest ELSE excluded.agent_outbox_oldest END,
           agent_outbox_full = coalesce(excluded.agent_outbox_full, network_sites.agent_outbox_full),
           agent_timezone = coalesce(excluded.agent_timezone, network_sites.agent_timezone), agent_schema = coalesce(excluded.agent_schema, network_sites.agent_schema),
           updated_at = excluded.updated_at`,
        [o.site, o.pending, o.oldestPendingAt?.toISOString() ?? null, b?.heardAt.toISOString() ?? null, b?.skewS ?? null,
          b?.beat.outbox.messages ?? null, b?.beat.outbox.bytes ?? null,
          b?.beat.outbox.oldest != null ? new Date(b.beat.outbox.oldest - b.skewS * 1000).toISOString() : null,
          b?.beat.outbox.full ?? null, b?.beat.timezone ?? null, b?.beat.schema ?? null]);
    }
  });
}

/** The health of one site as the workbench and `causeway hub status` show it. */
export interface SiteHealth {
  site: string;
  /** ok, behind (data waiting), silent (agent not heard from), or attention (skew, parked, newer agent, full outbox). */
  status: 'ok' | 'behind' | 'silent' | 'attention';
  /** Plain sentences: what needs a look. */
  flags: string[];
  /** Age of the oldest data not yet applied, on the hub's clock (0: nothing waiting). */
  lagSeconds: number;
  /** Messages waiting: in the hub's stream, and in the agent's outbox (as last heard). */
  pending: number | null;
  outbox: { messages: number; bytes: number; full: boolean } | null;
  lastSeq: number | null;
  lastAppliedAt: Date | null;
  /** From the agent queuing the last batch to its commit at the hub. */
  lastTransitSeconds: number | null;
  batches: number;
  rows: number;
  duplicates: number;
  parked: number;
  lastParked: { at: Date; reason: string } | null;
  agentHeardAt: Date | null;
  /** Agent clock minus hub clock, s (positive: the agent is ahead). */
  skewSeconds: number | null;
  timezone: string | null;
  agentSchema: number | null;
}

/**
 * The health of every site the hub knows, by site name.
 *
 * @param store - the hub's store.
 * @param now - the hub's clock (default now).
 */
export async function networkHealth(store: Store, now = new Date()): Promise<SiteHealth[]> {
  const rows = await store.all<Record<string, unknown>>(
    `SELECT s.*, (SELECT count(*) FROM dead_letters d WHERE d.kind = 'batch' AND (d.source = s.site OR starts_with(d.source, s.site || '/'))) AS parked,
       (SELECT arg_max(d.reason, d.dead_letter_id) FROM dead_letters d WHERE d.kind = 'batch' AND (d.source = s.site OR starts_with(d.source, s.site || '/'))) AS parked_reason,
       (SELECT max(d.recorded_at) FROM dead_letters d WHERE d.kind = 'batch' AND (d.source = s.site OR starts_with(d.source, s.site || '/'))) AS parked_at
     FROM network_sites s ORDER BY site`);
  return rows.map((r) => siteHealth(r, now));
}

function siteHealth(r: Record<string, unknown>, now: Date): SiteHealth {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const date = (v: unknown) => (v instanceof Date ? v : null);
  const heard = date(r.agent_heard_at);
  const skew = num(r.agent_skew_s);
  const pending = num(r.pending);
  const outbox = r.agent_outbox_messages === null ? null : { messages: Number(r.agent_outbox_messages), bytes: Number(r.agent_outbox_bytes), full: r.agent_outbox_full === true };
  const oldest = [date(r.oldest_pending_at), outbox && outbox.messages > 0 ? date(r.agent_outbox_oldest) : null].filter((d): d is Date => d !== null);
  const lag = oldest.length === 0 ? 0 : Math.max(0, (now.getTime() - Math.min(...oldest.map((d) => d.getTime()))) / 1000);
  const parked = Number(r.parked ?? 0);
  const flags: string[] = [];
  const silentFor = heard ? (now.getTime() - heard.getTime()) / 1000 : null;
  if (silentFor === null) flags.push('agent never heard from');
  else if (silentFor > SILENT_S) flags.push(`agent silent for ${Math.round(silentFor)} s`);
  if (skew !== null && Math.abs(skew) > SKEW_FLAG_S) flags.push(`agent clock ${Math.abs(skew / 60).toFixed(1)} min ${skew > 0 ? 'ahead of' : 'behind'} the hub (lag is measured on the hub's clock; source times are kept)`);
  if (outbox?.full) flags.push('agent outbox full: new data waits at the site');
  const agentSchema = num(r.agent_schema);
  if (agentSchema !== null && agentSchema > WIRE_SCHEMA) flags.push(`agent sends message format ${agentSchema}, this hub reads up to ${WIRE_SCHEMA}: upgrade the hub`);
  if (parked > 0) flags.push(`${parked} batch${parked === 1 ? '' : 'es'} parked, the last: ${String(r.parked_reason).replace(/\s*\n\s*/g, ' ')}`);
  const waiting = (pending ?? 0) + (outbox?.messages ?? 0);
  const status = silentFor === null || silentFor > SILENT_S ? 'silent' : flags.length > 0 ? 'attention' : waiting > 0 ? 'behind' : 'ok';
  return {
    site: String(r.site), status, flags, lagSeconds: Math.round(lag * 10) / 10, pending, outbox,
    lastSeq: num(r.last_seq), lastAppliedAt: date(r.last_applied_at), lastTransitSeconds: num(r.last_transit_s),
    batches: Number(r.batches), rows: Number(r.rows), duplicates: Number(r.duplicates), parked,
    lastParked: parked > 0 ? { at: date(r.parked_at)!, reason: String(r.parked_reason) } : null,
    agentHeardAt: heard, skewSeconds: skew, timezone: (r.agent_timezone as string | null) ?? null, agentSchema,
  };
}
