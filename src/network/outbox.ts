/**
 * The agent's outbox: messages waiting for the hub's stream to confirm them, in a DuckDB file at
 * the site. A message enters in one transaction (so a crash leaves it whole or absent), is
 * removed only after JetStream acknowledged storing it, and is never entered twice (its id is
 * its content's). Bounded: past `maxBytes` it refuses more, and the agent leaves new input
 * where it is (the inbox) until the link is back — back-pressure, nothing dropped.
 */
import { DuckDBBlobValue, DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../core/errors.js';
import type { WireMessage } from './wire.js';

/** A queued message, oldest first. */
export interface QueuedMessage {
  seq: number;
  msgId: string;
  subject: string;
  headers: Record<string, string>;
  data: Uint8Array;
  queuedAt: Date;
}

/** How full the outbox is. */
export interface OutboxDepth {
  messages: number;
  bytes: number;
  /** When the oldest waiting message was queued; null when empty. */
  oldest: Date | null;
}

/** The disk-backed, bounded queue of one agent (see the file's comment). */
export class Outbox {
  private constructor(private readonly instance: DuckDBInstance, private readonly db: DuckDBConnection, readonly maxBytes: number) {}

  /** One operation at a time on the one connection (a transaction must not take in another loop's statements). */
  private chain: Promise<unknown> = Promise.resolve();
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Opens (or creates) the outbox file.
   *
   * @param path - the DuckDB file, e.g. `agent-LJ.outbox.duckdb`.
   * @param maxBytes - the bound on the bytes of waiting messages (default 1 GiB).
   */
  static async open(path: string, maxBytes = 1 << 30): Promise<Outbox> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { threads: '1' });
    } catch (e) {
      throw new AppError('store_locked', `the outbox '${path}' cannot be opened: ${(e as Error).message}`, 'another agent of this site may be running; stop it, or give each agent its own --outbox');
    }
    const db = await instance.connect();
    await db.run('CREATE SEQUENCE IF NOT EXISTS outbox_seq START 1');
    await db.run(`CREATE TABLE IF NOT EXISTS outbox (
      seq BIGINT PRIMARY KEY DEFAULT nextval('outbox_seq'), msg_id VARCHAR NOT NULL UNIQUE, subject VARCHAR NOT NULL,
      headers JSON NOT NULL, data BLOB NOT NULL, bytes BIGINT NOT NULL, queued_at TIMESTAMPTZ NOT NULL)`);
    return new Outbox(instance, db, maxBytes);
  }

  /**
   * Queues messages in one transaction, skipping any already queued (same id).
   *
   * @returns how many were new.
   * @throws AppError `outbox_full` when they would take the outbox past its bound (nothing queued).
   */
  enqueue(messages: readonly WireMessage[], queuedAt: Date): Promise<number> {
    return this.serial(() => this.enqueueNow(messages, queuedAt));
  }

  private async enqueueNow(messages: readonly WireMessage[], queuedAt: Date): Promise<number> {
    const depth = await this.depthNow();
    // A message queued already adds nothing: the same file taken again after a crash is not refused.
    const known = await this.db.runAndReadAll(`SELECT msg_id FROM outbox WHERE msg_id IN (SELECT unnest(from_json($1, '["VARCHAR"]')))`, [JSON.stringify(messages.map((m) => m.msgId))]);
    const queued = new Set(known.getRowObjects().map((r) => String(r.msg_id)));
    const adding = messages.reduce((n, m) => n + (queued.has(m.msgId) ? 0 : m.data.byteLength), 0);
    if (adding > 0 && depth.messages > 0 && depth.bytes + adding > this.maxBytes)
      throw new AppError('outbox_full', `the outbox holds ${depth.messages} messages (${depth.bytes} bytes) and may hold ${this.maxBytes} bytes`, 'the link to the hub is down or slow; input waits in the inbox until the outbox drains (raise --max-buffer for a longer outage)');
    let added = 0;
    await this.db.run('BEGIN TRANSACTION');
    try {
      for (const m of messages) {
        const r = await this.db.run(
          `INSERT INTO outbox (msg_id, subject, headers, data, bytes, queued_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (msg_id) DO NOTHING`,
          [m.msgId, m.subject, JSON.stringify(m.headers), new DuckDBBlobValue(m.data), m.data.byteLength, queuedAt.toISOString()]);
        added += Number(r.rowsChanged);
      }
      await this.db.run('COMMIT');
    } catch (e) {
      await this.db.run('ROLLBACK');
      throw e;
    }
    return added;
  }

  /** The oldest waiting messages, at most `limit`. */
  peek(limit: number): Promise<QueuedMessage[]> {
    return this.serial(() => this.peekNow(limit));
  }

  private async peekNow(limit: number): Promise<QueuedMessage[]> {
    const reader = await this.db.runAndReadAll('SELECT seq, msg_id, subject, CAST(headers AS VARCHAR) AS headers, data, queued_at FROM outbox ORDER BY seq LIMIT $1', [limit]);
    return reader.getRowObjects().map((r) => ({
      seq: Number(r.seq), msgId: String(r.msg_id), subject: String(r.subject),
      headers: JSON.parse(String(r.headers)) as Record<string, string>, data: (r.data as DuckDBBlobValue).bytes,
      queuedAt: new Date(Number((r.queued_at as { micros: bigint }).micros / 1000n)),
    }));
  }

  /** Removes a message the hub's stream has confirmed. */
  async remove(seq: number): Promise<void> {
    await this.serial(() => this.db.run('DELETE FROM outbox WHERE seq = $1', [seq]));
  }

  /** Messages and bytes waiting, and the age of the oldest. */
  depth(): Promise<OutboxDepth> {
    return this.serial(() => this.depthNow());
  }

  private async depthNow(): Promise<OutboxDepth> {
    const reader = await this.db.runAndReadAll('SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b, min(queued_at) AS oldest FROM outbox');
    const r = reader.getRowObjects()[0]!;
    const oldest = r.oldest as { micros: bigint } | null;
    return { messages: Number(r.n), bytes: Number(r.b), oldest: oldest ? new Date(Number(oldest.micros / 1000n)) : null };
  }

  /** Closes the file. */
  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }
}
