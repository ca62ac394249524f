/**
 * A running OPC UA source: a secured session, one subscription, and the catch-up that makes the
 * store whole after any interruption.
 *
 * Phases, in order:
 * 1. connect — secure channel and session ({@link connectOpcua}); a certificate not yet trusted
 *    stops here with a clear error, before anything is stored;
 * 2. model — the configured equipment and tags are stored;
 * 3. subscribe — a monitored item per tag; every notification becomes a sample (value, status
 *    code, source time), a Bad status is refused with its reason, the Overflow bit becomes a
 *    data-loss marker;
 * 4. catch up — HistoryRead from each tag's latest stored time to now, so what the server
 *    produced while causeway was away is stored too;
 * 5. run — samples are written one transaction per flush, idempotent by (tag, source time).
 *
 * After a break the SDK reconnects and repairs the session: ActivateSession, else a new
 * session with TransferSubscriptions, then Republish of every unacknowledged notification. What
 * neither can give back (the server restarted, its queues were lost) is read from history: each
 * tag's time at the break is kept, and once the session is restored its gap is read (phase 4).
 */
import { performance } from 'node:perf_hooks';
import type { ClientSession, ClientSubscription, DataValue } from 'node-opcua-client';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { AppError, isAppError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { OpcuaConfig, OpcuaTag } from './config.js';
import { readHistory, type HistoryRange } from './history.js';
import { openPki } from './pki.js';
import { convertDataValue, type DataLossMarker, type RefusedValue, type SampleRecord } from './samples.js';
import { MessageGaps, type MessageGap } from './message-gaps.js';
import { connectOpcua, type OpcuaConnection } from './session.js';
import type { OpcuaSink } from './sink.js';
import { subscribe } from './subscription.js';

/** The health of a source, as `sources list` and the overview show it. */
export interface OpcuaHealth {
  state: 'starting' | 'running' | 'reconnecting' | 'stopped';
  /** When a batch was last stored. */
  lastSuccess: Date | undefined;
  /** Source time of the newest stored sample to the moment it became queryable, in ms. */
  lagMs: number | undefined;
  stored: number;
  /** Values delivered twice (subscription and history, or a republish) and stored once. */
  duplicates: number;
  refused: number;
  dataLossMarkers: number;
  reconnections: number;
  historyCalls: number;
  historyValues: number;
  /** The latest errors, newest last (at most 20). */
  errors: { at: Date; code: string; message: string }[];
}

/** Options of {@link OpcuaConnector}. */
export interface OpcuaConnectorOptions {
  logger?: Logger;
  /** Called after each stored batch with the moment of commit and how long the write took (benchmarks measure lag with it). */
  onStored?: (samples: readonly SampleRecord[], committedMs: number, writeMs: number) => void;
}

/** Values older than the break by this much are read again at catch-up (in flight when it broke). */
const CATCH_UP_MARGIN_PUBLISHES = 3;
/** History is read to this far past the client's clock, in case the server's clock runs ahead. */
const CLOCK_SKEW_MS = 60_000;


/** One OPC UA source while it runs (see the module doc for its phases). */
export class OpcuaConnector {
  private readonly logger: Logger;
  private pki: OPCUACertificateManager | undefined;
  private connection: OpcuaConnection | undefined;
  private subscription: ClientSubscription | undefined;
  private readonly tagsByName: Map<string, OpcuaTag>;
  /** Newest source time (µs) seen per tag, from the subscription or history. */
  private readonly lastSeen = new Map<string, number>();
  /** Each tag's newest time at the latest break, until its gap has been read from history. */
  private gapFrom: Map<string, number> | undefined;
  private buffer: SampleRecord[] = [];
  private markers: DataLossMarker[] = [];
  private refusedBuffer: RefusedValue[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushSoon = false;
  /** Numbers of the notification messages with data, and the gaps among them. */
  private readonly messages = new MessageGaps();
  private catchUps: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly state: OpcuaHealth = {
    state: 'starting', lastSuccess: undefined, lagMs: undefined, stored: 0, duplicates: 0, refused: 0,
    dataLossMarkers: 0, reconnections: 0, historyCalls: 0, historyValues: 0, errors: [],
  };

  constructor(
    /** The source's name (provenance, health, messages). */
    readonly name: string,
    private readonly config: OpcuaConfig,
    private readonly sink: OpcuaSink,
    private readonly options: OpcuaConnectorOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.tagsByName = new Map(config.tags.map((t) => [t.tag, t]));
  }

  /**
   * Connects, stores the model, subscribes and catches up. Resolves once the subscription runs
   * and the first catch-up is stored.
   *
   * @throws AppError from {@link connectOpcua} (e.g. `opcua_certificate_untrusted`); nothing is stored then.
   */
  async start(): Promise<void> {
    if (this.config.tags.length === 0) throw new AppError('opcua_no_tags', `OPC UA source '${this.name}' maps no tags`, 'browse the server (see the OPC UA section of docs/connectors.md) and list the tags to read');
    this.pki = await openPki(this.config.pki);
    try {
      this.connection = await connectOpcua(this.config, this.pki, this.logger);
    } catch (e) {
      await this.pki.dispose();
      this.pki = undefined;
      if (isAppError(e)) this.error(e);
      throw e;
    }
    try {
      await this.run(this.connection);
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  /** Phases 2 to 4 on an open connection. */
  private async run({ client, session }: OpcuaConnection): Promise<void> {
    await this.sink.writeModel(modelOf(this.config));
    for (const [tag, us] of await this.sink.watermarks([...this.tagsByName.keys()])) this.lastSeen.set(tag, us);
    client.on('connection_lost', () => this.onBreak());
    client.on('start_reconnection', () => this.onBreak());
    session.on('session_restored', () => {
      this.state.state = 'running';
      this.state.reconnections++;
      this.logger.info(`OPC UA source '${this.name}': session restored; reading the gap from history`);
      this.scheduleCatchUp();
    });
    const { subscription, failures } = await subscribe(session, this.config, (tag, dv) => this.onValue(tag, dv, 'subscription'));
    this.subscription = subscription;
    subscription.on('raw_notification', (m: { sequenceNumber: number; notificationData?: unknown[] | null }) => this.onMessage(m.sequenceNumber, (m.notificationData?.length ?? 0) > 0));
    // A new subscription (the old one was lost) numbers its messages from 1 again.
    // A new subscription numbers its messages from 1: the old one's missing messages cannot come any more.
    subscription.on('subscriptionId_changed', () => this.markLost(this.messages.restart()));
    for (const f of failures) this.refuse({ tag: f.tag.tag, item: f.tag.nodeId, timeMs: undefined, status: f.status, reason: f.reason });
    this.flushTimer = setInterval(() => void this.flush().catch(() => undefined), this.config.flushInterval);
    // First catch-up: from each tag's latest stored sample, or the back-fill window for a new tag.
    const now = Date.now();
    const backfill = this.config.history.backfill;
    this.gapFrom = new Map();
    for (const t of this.config.tags) {
      const seen = this.lastSeen.get(t.tag);
      if (seen !== undefined) this.gapFrom.set(t.tag, seen);
      else if (backfill > 0) this.gapFrom.set(t.tag, (now - backfill) * 1000);
    }
    this.state.state = 'running';
    this.scheduleCatchUp();
    await this.catchUps;
    await this.flush();
  }

  /** Writes what is buffered, then closes the subscription, the session and the channel. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.catchUps.catch(() => undefined);
    await this.flush().catch(() => undefined);
    await this.subscription?.terminate().catch(() => undefined);
    await this.connection?.close();
    await this.pki?.dispose();
    this.pki = undefined;
    this.state.state = 'stopped';
  }

  /** A copy of the source's health now. */
  health(): OpcuaHealth {
    return { ...this.state, errors: [...this.state.errors] };
  }

  /** The session (for browsing while the source runs). */
  get session(): ClientSession | undefined {
    return this.connection?.session;
  }

  /** Stores everything received so far; resolves when it is committed. One flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBuffered());
    return this.flushing;
  }

  /** Resolves when every catch-up scheduled so far is stored. */
  async settled(): Promise<void> {
    await this.catchUps;
    await this.flush();
  }

  private async writeBuffered(): Promise<void> {
    this.markLost(this.messages.lost(Date.now(), this.abort.signal.aborted));
    const samples = this.buffer;
    const markers = this.markers;
    const refused = this.refusedBuffer;
    this.buffer = [];
    this.markers = [];
    this.refusedBuffer = [];
    try {
      if (refused.length) await this.sink.refused(refused);
      if (samples.length) {
        const began = performance.now();
        const counts = await this.sink.writeSamples(samples);
        const committed = Date.now();
        const writeMs = performance.now() - began;
        this.state.stored += counts.inserted;
        this.state.duplicates += counts.duplicates;
        this.state.lastSuccess = new Date(committed);
        let newest = -Infinity;
        for (const s of samples) if (s.via === 'subscription' && s.timeUs > newest) newest = s.timeUs;
        if (newest > -Infinity) this.state.lagMs = committed - newest / 1000;
        this.options.onStored?.(samples, committed, writeMs);
      }
      if (markers.length) {
        await this.sink.writeDataLoss(markers);
        this.state.dataLossMarkers += markers.length;
      }
    } catch (e) {
      // Nothing is lost: the batch goes back to the front and the next flush tries again.
      this.buffer = samples.concat(this.buffer);
      this.markers = markers.concat(this.markers);
      this.error(isAppError(e) ? e : new AppError('opcua_store_failed', `storing ${samples.length} samples of source '${this.name}' failed: ${(e as Error).message}`, 'the samples are kept and written again at the next flush'));
    }
  }

  private onValue(tag: OpcuaTag, dv: DataValue, via: SampleRecord['via']): void {
    const c = convertDataValue(dv, tag.tag, tag.nodeId, via, Date.now());
    if (c.kind === 'refused') return this.refuse(c.refused);
    const s = c.sample;
    this.buffer.push(s);
    // A publish delivers all its notifications in one turn of the event loop: store them right
    // after it, instead of waiting for the flush timer (bench/opcua.bench.ts, 10 000 tags: median
    // lag 2.2 s with the timer alone, 0.8 and 1.2 s with this; see docs/benchmarks.md).
    if (via === 'subscription' && !this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        void this.flush().catch(() => undefined);
      });
    }
    const before = this.lastSeen.get(s.tag);
    if (before === undefined || s.timeUs > before) this.lastSeen.set(s.tag, s.timeUs);
    if (c.overflow && via === 'subscription') {
      this.markers.push({ kind: 'overflow', tag: s.tag, item: s.item, timeUs: s.timeUs, status: s.status });
      // The server discarded values before this one; its history may still hold them.
      this.gapFrom ??= new Map();
      if (before !== undefined && !this.gapFrom.has(s.tag)) this.gapFrom.set(s.tag, before);
      this.scheduleCatchUp();
    }
  }

  /**
   * Notification messages carrying data are numbered one after another (Part 4, 7.21; a
   * keep-alive carries the next number without using it). A number skipped is a message neither
   * received nor republished after a break: its values are read from history where it has them,
   * and the span is recorded as a data-loss marker once the message has had time to come late
   * (message-gaps.ts).
   */
  private onMessage(sequenceNumber: number, hasData: boolean): void {
    if (!hasData) return;
    const gap = this.messages.received(sequenceNumber, Date.now());
    if (!gap) return;
    // The newest value seen so far came with the last message received before the gap
    // (this message's own values are handed over after this event).
    let fromUs = 0;
    for (const us of this.lastSeen.values()) if (us > fromUs) fromUs = us;
    gap.fromUs = fromUs;
    this.gapFrom ??= new Map();
    for (const t of this.config.tags) if (!this.gapFrom.has(t.tag)) this.gapFrom.set(t.tag, fromUs);
    this.scheduleCatchUp();
  }

  /** Gaps whose messages did not come (message-gaps.ts) become data-loss markers. */
  private markLost(gaps: MessageGap[]): void {
    for (const g of gaps) {
      this.markers.push({ kind: 'sequence', fromUs: g.fromUs, timeUs: g.seenMs * 1000, first: g.first, last: g.last });
      this.logger.warn(`OPC UA source '${this.name}': notification messages ${g.first}–${g.last} were lost (${g.missing.size} neither received nor republished); their time is read from history where it has it`);
    }
  }

  private refuse(r: RefusedValue): void {
    this.state.refused++;
    this.refusedBuffer.push(r);
    this.error(new AppError('opcua_bad_value', r.reason, 'the value is not stored; check the sensor or the tag on the server'));
  }

  /** The connection broke: keep each tag's newest time, the start of its gap. */
  private onBreak(): void {
    if (this.state.state !== 'reconnecting')
      void this.sink.markStale(this.config.tags.map((t) => t.nodeId), new Date()).catch((e: unknown) => this.error(new AppError('opcua_store_failed', `marking the items of source '${this.name}' stale failed: ${(e as Error).message}`, 'it is marked again at the next break')));
    this.state.state = 'reconnecting';
    this.gapFrom ??= new Map();
    for (const [tag, us] of this.lastSeen) if (!this.gapFrom.has(tag)) this.gapFrom.set(tag, us);
  }

  private scheduleCatchUp(): void {
    if (!this.config.history.catchUp) {
      this.gapFrom = undefined;
      return;
    }
    this.catchUps = this.catchUps.then(() => this.catchUp()).catch((e) => this.error(isAppError(e) ? e : new AppError('opcua_history_failed', `catching up source '${this.name}' from history failed: ${(e as Error).message}`, 'it is tried again at the next reconnection')));
  }

  /** Reads every pending gap from history (phase 4) and stores it. */
  private async catchUp(): Promise<void> {
    const gaps = this.gapFrom;
    const session = this.connection?.session;
    if (!gaps || gaps.size === 0 || !session || this.abort.signal.aborted) return;
    this.gapFrom = undefined;
    const marginMs = CATCH_UP_MARGIN_PUBLISHES * this.config.subscription.publishingInterval;
    const toMs = Date.now() + CLOCK_SKEW_MS;
    const ranges: HistoryRange[] = [];
    for (const [tag, us] of gaps) {
      const t = this.tagsByName.get(tag);
      if (t) ranges.push({ tag: t, fromMs: Math.floor(us / 1000) - marginMs, toMs });
    }
    try {
      const counts = await readHistory(session, ranges, this.config.history, async (batch) => {
        for (const { tag, dataValues } of batch) for (const dv of dataValues) this.onValue(tag, dv, 'history');
        await this.flush();
      }, this.abort.signal);
      this.state.historyCalls += counts.calls;
      this.state.historyValues += counts.values;
      for (const f of counts.failures) this.error(new AppError('opcua_history_unavailable', f.reason, 'enable historizing of the variable on the server, or accept that gaps of this tag cannot be filled'));
    } catch (e) {
      // Put the gaps back so the next restored session reads them.
      this.gapFrom ??= new Map();
      for (const [tag, us] of gaps) if (!this.gapFrom.has(tag)) this.gapFrom.set(tag, us);
      throw e;
    }
  }

  private error(e: AppError): void {
    this.state.errors.push({ at: new Date(), code: e.code, message: e.message });
    if (this.state.errors.length > 20) this.state.errors.shift();
    this.logger.warn(`OPC UA source '${this.name}': ${e.message}`);
  }
}

/** The equipment and tags a configuration names. */
function modelOf(config: OpcuaConfig) {
  const equipment = [...new Set(config.tags.map((t) => t.equipment))].map((e) => ({ equipment: e }));
  return { equipment, tags: config.tags.map((t) => ({ tag: t.tag, equipment: t.equipment, unit: t.unit, signal: t.signal, description: t.description })) };
}
