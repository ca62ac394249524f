/**
 * The hub: reads every site's stream through its own durable pull consumer and applies each
 * batch through the one ingest path of an import (ingestBatch: every check of a folder import,
 * one transaction per batch, idempotent by batch id), acknowledging a message only after its
 * transaction committed. A crash between commit and ack makes JetStream deliver it again; the
 * batch id (the message id) makes that a no-op. A batch that fails the checks is parked — sent
 * to the dead-letter subject with its reason, recorded as a dead letter — and the site's stream
 * goes on.
 *
 *   discover — every site stream (`CAUSEWAY_SITE_*`): a consumer and an apply loop each
 *   apply     — per site, one message at a time, in the order the site sent them
 *   observe   — heartbeats of the agents; every few seconds the backlog of each stream, written
 *               to the store and published to the health bucket for `causeway hub status`
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { ERRORS, isAppError } from '../core/errors.js';
import { jsonReplacer } from '../core/json.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Batch } from '../ingest/batch/batch-types.js';
import { ingestBatch } from '../ingest/batch/ingest-batch.js';
import type { Store } from '../store/store.js';
import type { AgentHeartbeat } from './agent.js';
import { networkHealth, recordApplied, recordDuplicate, recordObserved, recordParked, type Observed } from './hub-state.js';
import { deadSubject, HEALTH_BUCKET, HUB_CONSUMER, siteOfStream, siteStream, statusSubject } from './names.js';
import { connectNats, ensureDeadStream, ensureHubConsumer } from './streams.js';
import { decodeMessage, HEADERS } from './wire.js';

/** Options of a {@link Hub}. */
export interface HubOptions {
  /** NATS server(s) of the hub's cluster, comma-separated. */
  servers: string;
  logger?: Logger;
  /** How often backlog and heartbeats are written, ms (default 2 000). */
  observeMs?: number;
}

interface Beat { beat: AgentHeartbeat; heardAt: Date; skewS: number }

/** A running hub (see the file's comment). */
export class Hub {
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private kv: KV | undefined;
  private stopping = false;
  private readonly sites = new Map<string, Promise<void>>();
  private readonly beats = new Map<string, Beat>();
  /** The last known clock skew of each site's agent, s (kept between heartbeats). */
  private readonly skews = new Map<string, number>();
  private readonly loops: Promise<void>[] = [];
  private readonly logger: Logger;

  private constructor(private readonly store: Store, readonly options: HubOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts the hub on `store` (the store stays open; the caller closes it after {@link stop}). */
  static async start(store: Store, options: HubOptions): Promise<Hub> {
    const hub = new Hub(store, options);
    hub.loops.push(hub.mainLoop());
    return hub;
  }

  /** Stops reading; a batch being applied is finished (and acknowledged) first. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.sites.values());
    await this.nc?.close().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  /** Connects (retrying), then discovers sites and observes until stopped. */
  private async mainLoop(): Promise<void> {
    while (!this.stopping && !this.nc) {
      try {
        this.nc = await connectNats(this.options.servers, 'causeway-hub');
      } catch (e) {
        this.logger.warn(`${(e as Error).message}; retrying`);
        await this.sleep(1000);
      }
    }
    if (!this.nc) return;
    this.js = jetstream(this.nc, { timeout: 10_000 });
    this.nc.subscribe(statusSubject('*'), { callback: (_e, m) => this.heard(m.string()) });
    this.logger.info(`hub connected to ${this.options.servers}`);
    while (!this.stopping) {
      try {
        this.jsm ??= await jetstreamManager(this.nc);
        await ensureDeadStream(this.jsm);
        for await (const name of this.jsm.streams.names()) {
          const site = siteOfStream(name);
          if (site !== null && !this.sites.has(site)) {
            await ensureHubConsumer(this.jsm, site);
            this.logger.info(`reading site ${site}`);
            this.sites.set(site, this.siteLoop(site));
          }
        }
        await this.observe();
      } catch (e) {
        this.logger.warn(`hub: ${(e as Error).message}`);
      }
      await this.sleep(this.options.observeMs ?? 2_000);
    }
  }

  private heard(text: string): void {
    try {
      const beat = JSON.parse(text) as AgentHeartbeat;
      const heardAt = new Date();
      const skewS = (beat.sentAt - heardAt.getTime()) / 1000;
      this.beats.set(beat.site, { beat, heardAt, skewS });
      this.skews.set(beat.site, skewS);
    } catch {
      // not a heartbeat: ignored
    }
  }

  /** One site: its messages one at a time, in order. */
  private async siteLoop(site: string): Promise<void> {
    const handle = await this.store.fork();
    try {
      while (!this.stopping) {
        try {
          const consumer = await this.js!.consumers.get(siteStream(site), HUB_CONSUMER);
          while (!this.stopping) {
            const m = await consumer.next({ expires: 2_000 });
            if (m) await this.apply(handle, site, m);
          }
        } catch (e) {
          if (!this.stopping) this.logger.warn(`site ${site}: ${(e as Error).message}; retrying`);
          await this.sleep(1_000);
        }
      }
    } finally {
      handle.close();
    }
  }

  /** Applies one message: commit, then ack; park what fails the checks; retry what failed otherwise. */
  private async apply(store: Store, site: string, m: JsMsg): Promise<void> {
    const header = (name: string) => m.headers?.get(name) || undefined;
    const msgId = header(HEADERS.msgId) ?? `${site}.seq${m.seq}`;
    const receivedAt = new Date(Math.floor(Number(m.info.timestampNanos) / 1e6));
    // Tell JetStream the batch is being worked on, so a long apply is not delivered again.
    const keepAlive = setInterval(() => m.working(), 15_000);
    let source = site;
    try {
      const decoded = decodeMessage(header, m.data);
      source = `${site}/${decoded.body.source}`;
      const skewS = this.skews.get(site) ?? 0;
      const queued = decoded.queuedAt === null ? receivedAt : new Date(Math.min(decoded.queuedAt - skewS * 1000, receivedAt.getTime()));
      const batch: Batch = { ...(decoded.body as Batch), source, id: msgId, received: { first: queued, last: receivedAt } };
      const report = await ingestBatch(store, batch, {
        actor: { user: `site:${site}` }, invalid: 'reject',
        alsoWrite: (r) => recordApplied(store, site, { seq: m.seq, msgId, receivedAt, transitS: (Date.now() - queued.getTime()) / 1000, rows: r.rows }),
      });
      if (report.duplicate) await recordDuplicate(store, site);
    } catch (e) {
      if (!isAppError(e) || ERRORS[e.code] >= 500) {
        // Not the data's fault (the store, the link): delivered again later.
        clearInterval(keepAlive);
        this.logger.warn(`site ${site} seq ${m.seq}: ${(e as Error).message}; will retry`);
        m.nak(2_000);
        return;
      }
      try {
        await this.park(store, site, source, msgId, m, e.code, e.message, e.hint, (e.details as { issues?: unknown[] } | undefined)?.issues?.length ?? 0);
      } catch (p) {
        clearInterval(keepAlive);
        this.logger.warn(`site ${site} seq ${m.seq}: cannot park (${(p as Error).message}); will retry`);
        m.nak(2_000);
        return;
      }
    } finally {
      clearInterval(keepAlive);
    }
    await this.ack(m);
  }

  /** Sends the message to the dead-letter subject with its reason, then records it. */
  private async park(store: Store, site: string, source: string, msgId: string, m: JsMsg, code: string, reason: string, hint: string, issues: number): Promise<void> {
    const h = natsHeaders();
    // The message's own headers, less JetStream's (its id and the stream it expected).
    for (const [k, v] of m.headers ?? []) if (!k.startsWith('Nats-')) h.set(k, v[0] ?? '');
    // A header is one line: the checks' message lists its problems on several.
    h.set(HEADERS.reason, reason.replace(/\s*[\r\n]+\s*/g, '; ').slice(0, 2000));
    h.set(HEADERS.code, code);
    h.set(HEADERS.seq, String(m.seq));
    const ack = await this.js!.publish(deadSubject(site), m.data, { msgID: `dead.${msgId}`, headers: h });
    await recordParked(store, { source, msgId, seq: m.seq, code, reason, hint, rows: issues, deadSubject: deadSubject(site), deadSeq: ack.seq });
    this.logger.warn(`site ${site} seq ${m.seq} parked on ${deadSubject(site)}: ${reason}`);
  }

  /** Acknowledges, waiting for the server's confirmation (retried while the link is down). */
  private async ack(m: JsMsg): Promise<void> {
    for (let i = 0; i < 30 && !this.stopping; i++) {
      try {
        if (await m.ackAck({ timeout: 2_000 })) return;
      } catch {
        await this.sleep(1_000);
      }
    }
  }

  /** Backlog per site and the agents' heartbeats → store and health bucket. */
  private async observe(): Promise<void> {
    const list: Observed[] = [];
    for (const site of new Set([...this.sites.keys(), ...this.beats.keys()])) {
      const o: Observed = { site, pending: null, oldestPendingAt: null };
      const beat = this.beats.get(site);
      if (beat) o.beat = beat;
      try {
        const info = await this.jsm!.consumers.info(siteStream(site), HUB_CONSUMER);
        o.pending = info.num_pending + info.num_ack_pending;
        if (o.pending > 0) {
          const next = await this.jsm!.streams.getMessage(siteStream(site), { seq: info.ack_floor.stream_seq + 1 });
          o.oldestPendingAt = next ? next.time : null;
        }
      } catch {
        // stream or consumer not there yet
      }
      list.push(o);
    }
    this.beats.clear();
    await recordObserved(this.store, list);
    this.kv ??= await new Kvm(this.js!).create(HEALTH_BUCKET, { history: 1 });
    const health = await networkHealth(this.store);
    await this.kv.put('health', JSON.stringify({ at: new Date(), sites: health }, jsonReplacer));
  }
}
