/**
 * The site agent: takes the site's batches (batch files dropped in its inbox, or
 * {@link Agent.send} from a connector in the same process), keeps them in its outbox on disk and
 * forwards them to the site's JetStream stream, oldest first, each removed only once JetStream
 * confirmed storing it. While the link is down the outbox grows up to its bound, then new input
 * waits in the inbox. Every few seconds it tells the hub how it is doing (heartbeat), with its
 * clock, so the hub can tell a site that is behind from one whose clock is off.
 *
 *   loop inbox  — files → outbox (one transaction per file) → file deleted
 *   loop link   — connect (retrying), create the site's stream if new, publish the outbox in order
 *   heartbeat   — outbox depth, oldest waiting, clock, time zone, message format
 */
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { AppError, isAppError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Batch } from '../ingest/batch/batch-types.js';
import { doneWith, listInbox, readBatchFile, reject } from './inbox.js';
import { checkSite, siteStream, statusSubject } from './names.js';
import { Outbox, type OutboxDepth } from './outbox.js';
import { connectNats, ensureSiteStream } from './streams.js';
import { encodeBatch, HEADERS, WIRE_SCHEMA } from './wire.js';

/** Options of an {@link Agent}. */
export interface AgentOptions {
  site: string;
  /** NATS server(s), comma-separated: the site's leaf node in a deployment. */
  servers: string;
  /** The outbox file. */
  outbox: string;
  /** The folder batch files are dropped into; none: only {@link Agent.send}. */
  inbox?: string;
  /** Bound of the outbox in bytes (default 1 GiB). */
  maxBytes?: number;
  /** The site's IANA time zone, reported to the hub (default: this machine's). */
  timezone?: string;
  logger?: Logger;
  /** Heartbeat and inbox poll interval, ms (default 2 000 and 250). */
  heartbeatMs?: number;
  pollMs?: number;
}

/** What an agent's heartbeat says (JSON on `causeway.status.<site>`). */
export interface AgentHeartbeat {
  site: string;
  /** The agent's clock, epoch ms, when it sent this. */
  sentAt: number;
  outbox: { messages: number; bytes: number; oldest: number | null; maxBytes: number; full: boolean };
  timezone: string;
  schema: number;
  /** Messages JetStream confirmed since the agent started, and how many of those it already had. */
  published: number;
  duplicates: number;
}

/** A running site agent (see the file's comment). */
export class Agent {
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private stopping = false;
  private full = false;
  private published = 0;
  private duplicates = 0;
  private readonly loops: Promise<void>[] = [];
  private readonly logger: Logger;
  private readonly clock: () => number;

  private constructor(readonly options: AgentOptions, private readonly outbox: Outbox) {
    this.logger = options.logger ?? silentLogger;
    // CAUSEWAY_CLOCK_OFFSET_MS shifts the agent's clock: how the tests play a site whose clock is off.
    const offset = Number(process.env.CAUSEWAY_CLOCK_OFFSET_MS ?? 0) || 0;
    this.clock = () => Date.now() + offset;
  }

  /** Opens the outbox and starts the loops. */
  static async start(options: AgentOptions): Promise<Agent> {
    checkSite(options.site);
    const agent = new Agent(options, await Outbox.open(options.outbox, options.maxBytes));
    agent.loops.push(agent.linkLoop());
    if (options.inbox) agent.loops.push(agent.inboxLoop(options.inbox));
    agent.loops.push(agent.heartbeatLoop());
    return agent;
  }

  /**
   * Queues one batch for the hub.
   *
   * @returns false when it was queued before (same content and key range).
   * @throws AppError `outbox_full` while the outbox is at its bound.
   */
  async send(batch: Batch): Promise<boolean> {
    const at = new Date(this.clock());
    return (await this.outbox.enqueue([encodeBatch(this.options.site, batch, at)], at)) === 1;
  }

  /** How full the outbox is. */
  depth(): Promise<OutboxDepth> {
    return this.outbox.depth();
  }

  /** Stops the loops and closes the connection and the outbox (waiting messages stay in it). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.loops);
    await this.nc?.close().catch(() => undefined);
    this.outbox.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  private async inboxLoop(dir: string): Promise<void> {
    while (!this.stopping) {
      let took = 0;
      for (const name of listInbox(dir, 50)) {
        if (this.stopping) break;
        try {
          const { batch, file } = readBatchFile(dir, name);
          await this.send(batch);
          doneWith(file);
          this.full = false;
          took++;
        } catch (e) {
          if (isAppError(e) && e.code === 'outbox_full') {
            if (!this.full) this.logger.warn(`${e.message}; waiting (${e.hint})`);
            this.full = true;
            break;
          }
          this.logger.warn(`${name} rejected: ${(e as Error).message}`);
          reject(dir, name, e);
        }
      }
      if (took === 0) await this.sleep(this.options.pollMs ?? 250);
    }
  }

  private async linkLoop(): Promise<void> {
    let wait = 500;
    while (!this.stopping) {
      try {
        if (!this.nc || this.nc.isClosed()) {
          this.nc = await connectNats(this.options.servers, `causeway-agent-${this.options.site}`);
          this.js = jetstream(this.nc, { timeout: 10_000 });
          await ensureSiteStream(await jetstreamManager(this.nc), this.options.site);
          this.logger.info(`connected to ${this.options.servers}; forwarding to stream ${siteStream(this.options.site)}`);
        }
        const sent = await this.publishSome(64);
        wait = 500;
        if (sent === 0) await this.sleep(100);
      } catch (e) {
        this.logger.warn(`link: ${(e as Error).message}; retrying in ${wait} ms`);
        await this.sleep(wait);
        wait = Math.min(wait * 2, 5_000);
      }
    }
  }

  /** Publishes waiting messages in order, each removed after JetStream's confirmation. */
  private async publishSome(limit: number): Promise<number> {
    const js = this.js!;
    const waiting = await this.outbox.peek(limit);
    for (const m of waiting) {
      if (this.stopping) break;
      const h = natsHeaders();
      for (const [k, v] of Object.entries(m.headers)) if (k !== HEADERS.msgId) h.set(k, v);
      const ack = await js.publish(m.subject, m.data, { msgID: m.msgId, headers: h, expect: { streamName: siteStream(this.options.site) } });
      await this.outbox.remove(m.seq);
      this.published++;
      if (ack.duplicate) this.duplicates++;
    }
    return waiting.length;
  }

  private async heartbeatLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.nc && !this.nc.isClosed()) {
          const d = await this.outbox.depth();
          const beat: AgentHeartbeat = {
            site: this.options.site, sentAt: this.clock(),
            outbox: { messages: d.messages, bytes: d.bytes, oldest: d.oldest?.getTime() ?? null, maxBytes: this.outbox.maxBytes, full: this.full },
            timezone: this.options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
            schema: WIRE_SCHEMA, published: this.published, duplicates: this.duplicates,
          };
          this.nc.publish(statusSubject(this.options.site), JSON.stringify(beat));
        }
      } catch (e) {
        if (!(e instanceof AppError)) this.logger.warn(`heartbeat: ${(e as Error).message}`);
      }
      await this.sleep(this.options.heartbeatMs ?? 2_000);
    }
  }
}
