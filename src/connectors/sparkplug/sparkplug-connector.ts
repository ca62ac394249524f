/**
 * The Sparkplug B host application: subscribes to the edge nodes' messages, keeps each node's
 * birth and sequence (edge-node.ts), and stores their metrics as samples through the one ingest
 * path, in batches (sample-buffer.ts).
 *
 * - STATE (§7.4): on connect the host publishes `spBv1.0/STATE/<hostId>` retained
 *   `{"online":true,"timestamp":…}`; its MQTT will says `{"online":false,…}` with the same
 *   timestamp, so edge nodes know when it is gone;
 * - NBIRTH/DBIRTH: the metrics, their aliases and data types; tags the store does not know are
 *   added when an equipment template is configured; `source_items` records which metric feeds
 *   which tag; the birth's values are stored like data;
 * - NDATA/DDATA: numeric and boolean metrics become samples (time: the metric's time stamp,
 *   else the payload's; quality: the metric's `Quality` property, 192 good, 500 stale as
 *   uncertain, other values bad; a null metric is a bad sample);
 * - NDEATH (its bdSeq matching the birth's) and DDEATH: the metrics are marked stale;
 * - a sequence gap beyond the reorder timeout, data before a birth, an unknown alias: the host
 *   sends NCMD `Node Control/Rebirth` (at most once per reorder timeout per node) and records
 *   what was lost as a dead letter; an undecodable payload is a dead letter too.
 *
 * A lost connection to the broker is reported to the framework, which restarts the connector:
 * the new session asks every node for a rebirth as its first data arrives.
 *
 * @see Eclipse Sparkplug Specification 3.0.0, §6–§7
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { AppError } from '../../core/errors.js';
import type { Connector, ConnectorContext, TestReport } from '../connector-types.js';
import { SampleBuffer } from '../sample-buffer.js';
import { EdgeNode, type EdgeActions, type MessageType } from './edge-node.js';
import { DataType, decodePayload, encodePayload, isNumericType, type Metric } from './payload.js';
import { fillTemplate, type SparkplugConfig } from './sparkplug-config.js';

const NAMESPACE = 'spBv1.0';
const TYPES = new Set<MessageType>(['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA']);
/** Metrics of the protocol itself, not of the process (§6.4.18, §6.4.19). */
const CONTROL = /^(bdSeq$|Node Control\/|Device Control\/)/;
/** Sparkplug's Quality property (§6.4.7 examples): 192 good, 500 stale, 0 bad. */
const QUALITY_GOOD = 192;
const QUALITY_STALE = 500;

/** A topic of an edge node: spBv1.0/<group>/<type>/<edge>[/<device>]. */
export function parseTopic(topic: string): { group: string; type: MessageType; edge: string; device?: string } | undefined {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE || parts.length < 4 || parts.length > 5 || !TYPES.has(parts[2] as MessageType)) return undefined;
  return { group: parts[1]!, type: parts[2] as MessageType, edge: parts[3]!, ...(parts[4] !== undefined ? { device: parts[4] } : {}) };
}

/** The connector of one Sparkplug B source. */
export class SparkplugConnector implements Connector {
  private client: MqttClient | undefined;
  private readonly nodes = new Map<string, EdgeNode>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastRebirth = new Map<string, number>();
  private readonly knownTags = new Set<string>();
  private readonly buffer: SampleBuffer;
  private readonly config: SparkplugConfig;
  private stopping = false;

  constructor(private readonly ctx: ConnectorContext<SparkplugConfig>) {
    this.config = ctx.config;
    this.buffer = new SampleBuffer(async (b) => {
      await ctx.ingest({ samples: b, received: b.received });
    }, { maxRows: this.config.batch.maxRows, maxWaitMs: this.config.batch.maxWaitMs, onError: (e) => ctx.fail(e) });
  }

  async test(): Promise<TestReport> {
    const client = await this.connect(false);
    const notes = [`connected to ${this.config.broker.url} as '${client.options.clientId}'`];
    for (const g of this.config.groups) {
      await client.subscribeAsync(`${NAMESPACE}/${g}/#`, { qos: 1 });
      notes.push(`subscribed to ${NAMESPACE}/${g}/#`);
    }
    await client.endAsync();
    return { ok: true, notes };
  }

  async start(): Promise<void> {
    for (const r of await this.ctx.store.all<{ tag: string }>('SELECT tag FROM tags')) this.knownTags.add(r.tag);
    const client = await this.connect(true);
    this.client = client;
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('close', () => {
      if (!this.stopping) this.ctx.fail(new AppError('broker_lost', `the connection to ${this.config.broker.url} was lost`, 'check the broker; causeway reconnects by itself'));
    });
    for (const g of this.config.groups) await client.subscribeAsync(`${NAMESPACE}/${g}/#`, { qos: 1 });
    await client.publishAsync(this.stateTopic(), JSON.stringify({ online: true, timestamp: this.stateTime }), { qos: 1, retain: true });
    this.ctx.logger.info(`source ${this.ctx.source}: Sparkplug host '${this.config.hostId}' online at ${this.config.broker.url}`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const client = this.client;
    this.client = undefined;
    if (client?.connected) {
      await client.publishAsync(this.stateTopic(), JSON.stringify({ online: false, timestamp: this.stateTime }), { qos: 1, retain: true }).catch(() => undefined);
    }
    await client?.endAsync().catch(() => undefined);
    await this.buffer.close();
  }

  /** The STATE timestamp of this session (§7.4: birth and will carry the same). */
  private readonly stateTime = Date.now();

  private stateTopic(): string {
    return `${NAMESPACE}/STATE/${this.config.hostId}`;
  }

  private async connect(withWill: boolean): Promise<MqttClient> {
    const b = this.config.broker;
    try {
      return await mqtt.connectAsync(b.url, {
        clientId: b.clientId ?? `causeway-${this.ctx.source}-${randomBytes(4).toString('hex')}`,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        ...(b.username !== undefined ? { username: b.username } : {}),
        ...(b.password !== undefined ? { password: b.password } : {}),
        ...(b.ca !== undefined ? { ca: readFileSync(b.ca) } : {}),
        ...(withWill ? { will: { topic: this.stateTopic(), payload: Buffer.from(JSON.stringify({ online: false, timestamp: this.stateTime })), qos: 1 as const, retain: true } } : {}),
      });
    } catch (e) {
      throw new AppError('broker_unreachable', `cannot connect to the MQTT broker ${b.url}: ${(e as Error).message}`, 'check the address, that the broker runs, and the user name and password');
    }
  }

  private onMessage(topic: string, bytes: Buffer): void {
    const t = parseTopic(topic);
    if (!t) return;
    const key = `${t.group}/${t.edge}`;
    let payload;
    try {
      payload = decodePayload(bytes);
    } catch (e) {
      void this.ctx.deadLetter({ kind: 'payload', item: topic, code: 'bad_payload', reason: (e as Error).message, hint: (e as AppError).hint, payload: { topic, base64: bytes.subarray(0, 4096).toString('base64'), bytes: bytes.length } });
      return;
    }
    let node = this.nodes.get(key);
    if (!node) this.nodes.set(key, (node = new EdgeNode(key, this.config.reorderTimeoutMs)));
    const actions = node.receive({ type: t.type, ...(t.device !== undefined ? { device: t.device } : {}), payload, receivedAt: Date.now() });
    this.act(t.group, t.edge, node, actions);
  }

  /** Carries out what the edge node's state answered. */
  private act(group: string, edge: string, node: EdgeNode, a: EdgeActions): void {
    const key = node.key;
    for (const { message, metrics, unknown } of a.process) {
      if (message.type === 'NBIRTH' || message.type === 'DBIRTH') this.births(group, edge, metrics.map((m) => m.born));
      const fallback = message.payload.timestamp ?? message.receivedAt;
      for (const { born, metric } of metrics) {
        if (CONTROL.test(born.name) || !isNumericType(born.datatype)) continue;
        const tag = fillTemplate(this.config.tag, { group, edge, device: born.device, metric: born.name });
        this.buffer.add(tag, metric.timestamp ?? fallback, typeof metric.value === 'number' ? metric.value : NaN, quality(metric));
      }
      if (unknown.length > 0) {
        void this.ctx.deadLetter({
          kind: 'message', item: `${key}${message.device ? `/${message.device}` : ''} ${message.type} seq ${message.payload.seq ?? '-'}`, code: 'unknown_metric',
          reason: `${unknown.length} metric${unknown.length === 1 ? '' : 's'} with an alias or name the node's birth did not declare`,
          hint: 'a rebirth was requested; the edge node must declare every metric in its NBIRTH/DBIRTH',
          payload: unknown.map((m) => ({ alias: m.alias ?? null, name: m.name ?? null, timestamp: m.timestamp ?? null, value: m.value })),
        });
        this.rebirth(group, edge, 'unknown metric alias');
      }
    }
    if (a.refused) void this.ctx.deadLetter({ kind: 'message', item: key, code: 'refused_message', reason: a.refused, hint: 'nothing to do if the node is back; otherwise check its bdSeq and sequence numbers', payload: null });
    if (a.lost) {
      void this.ctx.deadLetter({
        kind: 'sequence-gap', item: key, code: 'messages_lost', reason: `messages with seq ${a.lost.from}–${a.lost.to} of edge node ${key} never arrived (waited ${this.config.reorderTimeoutMs} ms)`,
        hint: 'a rebirth was requested so the node sends its current values; check the network and the broker between them', payload: a.lost,
      });
    }
    if (a.rebirth) this.rebirth(group, edge, a.rebirth);
    if (a.stale) {
      const items = a.stale.metrics.map((m) => itemOf(group, edge, m.device, m.name));
      void this.ctx.stale(items, new Date());
    }
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (a.wakeAt !== undefined) {
      this.timers.set(key, setTimeout(() => this.act(group, edge, node, node.tick(Date.now())), Math.max(0, a.wakeAt - Date.now())));
    }
  }

  /** Tags and items of metrics just born: new tags added (with an equipment template), every item recorded. */
  private births(group: string, edge: string, born: EdgeActions['process'][number]['metrics'][number]['born'][]): void {
    const items: { item: string; tag: string }[] = [];
    const tags: { tag: string; equipment: string; unit?: string; description?: string }[] = [];
    for (const m of born) {
      if (CONTROL.test(m.name) || !isNumericType(m.datatype)) continue;
      const tag = fillTemplate(this.config.tag, { group, edge, device: m.device, metric: m.name });
      items.push({ item: itemOf(group, edge, m.device, m.name), tag });
      if (this.config.equipment && !this.knownTags.has(tag)) {
        const unit = m.properties.engUnit ?? m.properties.EngUnit;
        tags.push({ tag, equipment: fillTemplate(this.config.equipment, { group, edge, device: m.device, metric: m.name }), ...(unit !== undefined ? { unit: String(unit) } : {}), description: `Sparkplug ${itemOf(group, edge, m.device, m.name)}` });
        this.knownTags.add(tag);
      }
    }
    // Queued before the samples of the birth (the buffer hands them over later), so the tags exist first.
    void this.ctx.ingest({ ...(tags.length ? { tags } : {}), items }).catch((e: unknown) => this.ctx.fail(e));
  }

  /** Sends NCMD Node Control/Rebirth, at most once per reorder timeout per node (§6.4.18). */
  private rebirth(group: string, edge: string, why: string): void {
    const key = `${group}/${edge}`;
    const now = Date.now();
    if (now - (this.lastRebirth.get(key) ?? 0) < this.config.reorderTimeoutMs) return;
    this.lastRebirth.set(key, now);
    this.ctx.logger.warn(`source ${this.ctx.source}: asking edge node ${key} for a rebirth (${why})`);
    const payload = encodePayload({ timestamp: now, metrics: [{ name: 'Node Control/Rebirth', datatype: DataType.Boolean, value: true }] });
    this.client?.publish(`${NAMESPACE}/${group}/NCMD/${edge}`, Buffer.from(payload), { qos: 0 });
  }
}

/** The source item of a metric: group/edge[/device]:metric. */
export function itemOf(group: string, edge: string, device: string | undefined, metric: string): string {
  return `${group}/${edge}${device ? `/${device}` : ''}:${metric}`;
}

/** Quality of a metric: its Quality property if it has one, else good (bad when null). */
function quality(m: Metric): number {
  const q = m.properties.Quality ?? m.properties.quality;
  if (m.isNull) return 2;
  if (q === undefined) return 0;
  return q === QUALITY_GOOD ? 0 : q === QUALITY_STALE ? 1 : 2;
}
