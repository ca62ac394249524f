/**
 * The contract between causeway and a connector (OPC UA, MQTT Sparkplug B, SQL sources…).
 *
 * A connector **kind** describes one protocol: the schema of a source's configuration, which
 * fields of it are secrets, and how to make a running connector of one source. The framework
 * (sources.ts, runner.ts) stores the configuration (secrets sealed), starts and stops the
 * connectors, isolates their failures, and gives each a {@link ConnectorContext}: the one way a
 * connector stores data (`ingest`: the same checks and transaction as a folder import), keeps
 * its watermark, records dead letters and reports errors for the source's health.
 *
 * @example
 * // A kind (see src/connectors/kinds.ts for how kinds are listed):
 * export const kind: ConnectorKind<MyConfig> = {
 *   kind: 'my-protocol', title: 'My protocol', mode: 'live', schema: MyConfigSchema,
 *   secrets: ['connection.password'],
 *   create: (ctx) => new MyConnector(ctx),
 * };
 */
import type { z } from 'zod';
import type { Logger } from '../core/logger.js';
import type { Batch, BatchReport, DeadLetter } from '../ingest/batch/batch-types.js';
import type { Store } from '../store/store.js';

/** How a kind runs: continuously (a subscription) or by polling on a schedule. */
export type ConnectorMode = 'live' | 'poll';

/** One protocol. `C` is the parsed configuration of one source. */
export interface ConnectorKind<C = unknown> {
  /** Stable name, used in configurations: 'opcua', 'sparkplug', 'sql'. */
  kind: string;
  /** A person's name for it, e.g. 'MQTT Sparkplug B host application'. */
  title: string;
  mode: ConnectorMode;
  /** The configuration of a source of this kind (connection, mapping, options). */
  schema: z.ZodType<C>;
  /**
   * Dotted paths of the configuration's secrets (passwords, private keys), e.g.
   * 'connection.password'. They are sealed before they are stored, shown as "(secret)" and
   * never written to the audit trail in clear.
   */
  secrets: readonly string[];
  /** Makes the connector of one source (not yet connected). */
  create(context: ConnectorContext<C>): Connector;
  /**
   * Actions a kind offers beyond the common verbs (e.g. OPC UA's `trust` of a server
   * certificate), run by `causeway sources do NAME ACTION` and the API. Default: none.
   */
  actions?: Record<string, ConnectorAction<C>>;
}

/** An action of a kind (see {@link ConnectorKind.actions}). */
export interface ConnectorAction<C> {
  description: string;
  /**
   * The action changes what the source trusts or does (OPC UA's `trust`): it needs a reason,
   * only an administrator runs it, and it is written to the audit trail. Default: false.
   */
  writes?: boolean;
  run(context: ConnectorContext<C>, args: Record<string, string>): Promise<unknown>;
}

/** What `test` found: whether the source can be reached and read, in sentences a person reads. */
export interface TestReport {
  ok: boolean;
  /** What was checked and seen, e.g. "connected to mqtt://127.0.0.1:1883 as host 'causeway'". */
  notes: string[];
}

/** What one `sync` pass did. */
export interface SyncReport {
  /** Batches applied. */
  batches: number;
  rows: number;
  inserted: number;
  unchanged: number;
  replaced: number;
  dead: number;
  /** The watermark after the pass (kind-specific, JSON). */
  watermark?: unknown;
}

/**
 * A running connector of one source. The framework calls `test`, `sync` (poll kinds, and live
 * kinds that can catch up), `start`/`stop` (live kinds). Errors thrown are recorded in the
 * source's health with their reason; the framework retries with back-off.
 */
export interface Connector {
  /** Connects and reads what it can without storing anything. */
  test(signal: AbortSignal): Promise<TestReport>;
  /** One pass: reads what is new since the watermark and stores it through `context.ingest`. */
  sync?(signal: AbortSignal): Promise<SyncReport>;
  /**
   * Starts the live subscription; resolves once it runs. A failure after that is reported
   * through `context.fail`, after which the framework stops and restarts the connector.
   */
  start?(signal: AbortSignal): Promise<void>;
  /** Stops everything it started (idempotent); flushes data it holds. */
  stop(): Promise<void>;
}

/** Options of {@link ConnectorContext.ingest}. */
export interface ContextIngestOptions {
  /**
   * Corrections: a different value for a stored key replaces it (old value kept), the reason
   * from the row, else `reason`. Default false: such rows become dead letters.
   */
  replace?: boolean;
  /** Reason of corrections whose rows give none. */
  reason?: string;
  /** The watermark to keep once this batch is stored (in the same transaction). */
  watermark?: unknown;
}

/** What the framework gives a connector of one source. */
export interface ConnectorContext<C> {
  /** The source's name. */
  readonly source: string;
  /** Its configuration, secrets opened (never log it). */
  readonly config: C;
  readonly logger: Logger;
  /** A store handle of the source's own (reads: tags, lots; never write outside `ingest`). */
  readonly store: Store;
  /**
   * Stores a batch through the one ingest path (ingestBatch with dead letters): rows refused by
   * the checks become dead letters with their reason; the source's health is updated.
   */
  ingest(batch: Omit<Batch, 'source'>, options?: ContextIngestOptions): Promise<BatchReport>;
  /** Keeps input that never became a batch (an undecodable payload) as a dead letter. */
  deadLetter(letter: DeadLetter): Promise<void>;
  /** The watermark kept with the last batch (undefined before the first). */
  watermark(): Promise<unknown>;
  /** Marks items of the source stale from `at` (Sparkplug DEATH, a lost OPC UA item). */
  stale(items: readonly string[], at: Date): Promise<void>;
  /** Reports a failure of the running connector (recorded; the framework restarts it). */
  fail(error: unknown): void;
}
