/**
 * What a host application keeps per edge node: its birth (bdSeq, the metrics and their
 * aliases, per device), and the order of its messages. Pure logic: the connector feeds it
 * messages and the clock and carries out what it answers.
 *
 * Sequence numbers (§7.2): NBIRTH has seq 0; every later message of the node (DBIRTH, NDATA,
 * DDATA, DDEATH) has the next, wrapping from 255 to 0. A message ahead of the expected one waits
 * up to the reorder timeout for the missing ones; if they do not come, the host asks the node
 * for a rebirth (NCMD `Node Control/Rebirth`) and goes on with what it has. A message behind the
 * expected one (a re-delivery) is processed again: the store's keys make it change nothing.
 * An NDEATH counts only when its bdSeq is the one of the node's current birth (§7.1: a late
 * death of an earlier session must not mark the new one stale).
 *
 * @see Eclipse Sparkplug Specification 3.0.0, §6.4.18 (sequence numbers), §7 (state management)
 */
import type { Metric, Payload } from './payload.js';

/** The message types of an edge node (§6.2). */
export type MessageType = 'NBIRTH' | 'NDEATH' | 'DBIRTH' | 'DDEATH' | 'NDATA' | 'DDATA';

/** One message of an edge node, decoded. */
export interface EdgeMessage {
  type: MessageType;
  device?: string;
  payload: Payload;
  /** Epoch ms when it arrived. */
  receivedAt: number;
}

/** A metric as born: its name, device, data type. */
export interface BornMetric {
  name: string;
  device?: string;
  datatype?: number;
  properties: Record<string, number | string>;
}

/** What the connector does after a message or a tick. */
export interface EdgeActions {
  /** Messages to store, in order, each with its metrics resolved to their birth. */
  process: Array<{ message: EdgeMessage; metrics: Array<{ born: BornMetric; metric: Metric }>; unknown: Metric[] }>;
  /** Ask the node for a rebirth. */
  rebirth?: string;
  /** The node (device undefined) or one device went offline: its metrics are stale. */
  stale?: { device?: string; metrics: BornMetric[] };
  /** Sequence numbers that never arrived (a gap given up on). */
  lost?: { from: number; to: number };
  /** A message refused, with the reason (an NDEATH of an earlier session, data before any birth). */
  refused?: string;
  /** When to call {@link EdgeNode.tick} next (epoch ms), if a gap is pending. */
  wakeAt?: number;
}

const next = (seq: number) => (seq + 1) % 256;

/**
 * One edge node as the host sees it.
 *
 * @example
 * const node = new EdgeNode('Plant1/Edge1', 2000);
 * const a = node.receive({ type: 'NBIRTH', payload, receivedAt: Date.now() });
 */
export class EdgeNode {
  /** bdSeq of the current birth; undefined before one. */
  bdSeq: number | undefined;
  /** The next sequence number expected; undefined before a birth and after a death. */
  private expected: number | undefined;
  private readonly byAlias = new Map<number, BornMetric>();
  private readonly byName = new Map<string, BornMetric>();
  private readonly pending = new Map<number, EdgeMessage>();
  private gapSince: number | undefined;

  constructor(readonly key: string, private readonly reorderTimeoutMs: number) {}

  /** True between a birth and a death. */
  get online(): boolean {
    return this.expected !== undefined;
  }

  /** Every metric born on the node (device undefined) or one of its devices. */
  metrics(device?: string | null): BornMetric[] {
    return [...this.byName.values()].filter((m) => device === null || m.device === device);
  }

  /** Takes a message; answers what to do. */
  receive(message: EdgeMessage): EdgeActions {
    const seq = message.payload.seq;
    if (message.type === 'NBIRTH') return this.birth(message);
    if (message.type === 'NDEATH') return this.death(message);
    if (this.expected === undefined) {
      return { process: [], rebirth: `${message.type} before the node's birth`, refused: `${message.type} of ${this.key}${message.device ? `/${message.device}` : ''} arrived before the node's birth, so its metric aliases are unknown; a rebirth was requested` };
    }
    if (seq === undefined || seq === this.expected) {
      const out = this.accept(message);
      return this.drain(out);
    }
    const ahead = (seq - this.expected + 256) % 256;
    if (ahead >= 128) return { process: [this.resolve(message)] };
    this.pending.set(seq, message);
    this.gapSince ??= message.receivedAt;
    return { process: [], wakeAt: this.gapSince + this.reorderTimeoutMs };
  }

  /**
   * The clock: once a gap has waited the reorder timeout, give up on the missing messages,
   * process what waited and ask for a rebirth.
   */
  tick(now: number): EdgeActions {
    if (this.gapSince === undefined || this.expected === undefined) return { process: [] };
    if (now < this.gapSince + this.reorderTimeoutMs) return { process: [], wakeAt: this.gapSince + this.reorderTimeoutMs };
    const first = this.expected;
    // The nearest waiting message ahead of the expected one.
    let resume = first;
    while (!this.pending.has(resume)) resume = next(resume);
    const lost = { from: first, to: (resume + 255) % 256 };
    this.expected = resume;
    this.gapSince = undefined;
    const out = this.drain({ process: [] });
    return { ...out, rebirth: `messages ${lost.from}–${lost.to} did not arrive within ${this.reorderTimeoutMs} ms`, lost };
  }

  private birth(message: EdgeMessage): EdgeActions {
    this.byAlias.clear();
    this.byName.clear();
    this.pending.clear();
    this.gapSince = undefined;
    const bd = message.payload.metrics.find((m) => m.name === 'bdSeq');
    this.bdSeq = typeof bd?.value === 'number' ? bd.value : undefined;
    this.expected = message.payload.seq ?? 0;
    return this.drain(this.accept(message));
  }

  private death(message: EdgeMessage): EdgeActions {
    const bd = message.payload.metrics.find((m) => m.name === 'bdSeq');
    const bdSeq = typeof bd?.value === 'number' ? bd.value : undefined;
    if (this.expected === undefined) return { process: [], refused: `NDEATH of ${this.key} while it is not online` };
    if (this.bdSeq !== undefined && bdSeq !== undefined && bdSeq !== this.bdSeq) {
      return { process: [], refused: `NDEATH of ${this.key} with bdSeq ${bdSeq} is of an earlier session (the current birth has bdSeq ${this.bdSeq})` };
    }
    this.expected = undefined;
    this.pending.clear();
    this.gapSince = undefined;
    return { process: [], stale: { metrics: this.metrics(null) } };
  }

  /** The expected message: learn its births, resolve its metrics, advance. */
  private accept(message: EdgeMessage): EdgeActions {
    this.expected = next(message.payload.seq ?? this.expected ?? 0);
    if (message.type === 'NBIRTH' || message.type === 'DBIRTH') {
      for (const m of message.payload.metrics) {
        if (m.name === undefined) continue;
        const born: BornMetric = { name: m.name, ...(message.device !== undefined ? { device: message.device } : {}), ...(m.datatype !== undefined ? { datatype: m.datatype } : {}), properties: m.properties };
        this.byName.set(`${message.device ?? ''}\u0000${m.name}`, born);
        if (m.alias !== undefined) this.byAlias.set(m.alias, born);
      }
    }
    const out: EdgeActions = { process: [this.resolve(message)] };
    if (message.type === 'DDEATH') out.stale = { device: message.device!, metrics: this.metrics(message.device) };
    return out;
  }

  /** Processes waiting messages that are now in order. */
  private drain(out: EdgeActions): EdgeActions {
    while (this.expected !== undefined && this.pending.has(this.expected)) {
      const m = this.pending.get(this.expected)!;
      this.pending.delete(this.expected);
      const more = this.accept(m);
      out.process.push(...more.process);
      if (more.stale) out.stale = more.stale;
    }
    if (this.pending.size === 0) this.gapSince = undefined;
    else if (this.gapSince !== undefined) out.wakeAt = this.gapSince + this.reorderTimeoutMs;
    return out;
  }

  /** The message's metrics with their births; those with an unknown alias or name apart. */
  private resolve(message: EdgeMessage): EdgeActions['process'][number] {
    const metrics: Array<{ born: BornMetric; metric: Metric }> = [];
    const unknown: Metric[] = [];
    for (const metric of message.payload.metrics) {
      const born = metric.alias !== undefined ? this.byAlias.get(metric.alias) : metric.name !== undefined ? this.byName.get(`${message.device ?? ''}\u0000${metric.name}`) : undefined;
      if (born) metrics.push({ born, metric });
      else unknown.push(metric);
    }
    return { message, metrics, unknown };
  }
}
