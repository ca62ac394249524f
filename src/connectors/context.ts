/**
 * The {@link ConnectorContext} the framework gives a connector of one source: its one way to
 * store data (ingestBatch with dead letters, one batch at a time, the source's health and
 * watermark written in the batch's transaction), dead letters of undecodable input, stale items.
 */
import { AppError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { BatchReport } from '../ingest/batch/batch-types.js';
import { writeDeadLetters } from '../ingest/batch/dead-letters.js';
import { ingestBatch } from '../ingest/batch/ingest-batch.js';
import type { Store } from '../store/store.js';
import type { ConnectorContext } from './connector-types.js';
import { readWatermark, recordSuccess } from './health.js';
import type { OpenedSource } from './sources.js';

/** Options of {@link createContext}. */
export interface ContextOptions {
  logger?: Logger;
  /** Called when the running connector reports a failure. Default: ignored. */
  onFail?: (error: unknown) => void;
  /** True for `test`: the context refuses to store anything. Default false. */
  readOnly?: boolean;
}

/** The user a source writes as, in the audit trail and provenance. */
export function sourceUser(source: string): string {
  return `source:${source}`;
}

/**
 * Makes the context of one source on its own store handle.
 *
 * @example
 * const ctx = createContext(handle, await openSource(handle, 'lims'), { logger });
 * const connector = ctx.kind.create(ctx);
 */
export function createContext<C>(store: Store, source: OpenedSource<C>, options: ContextOptions = {}): ConnectorContext<C> {
  const name = source.name;
  // One batch at a time: a handle is one unit of work (its staged tables live on its connection).
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };
  const refuseWrites = () => {
    if (options.readOnly) throw new AppError('test_only', `source '${name}' is being tested: nothing is stored`, 'use `causeway sources sync` or `run` to store data');
  };
  return {
    source: name,
    config: source.config,
    logger: options.logger ?? silentLogger,
    store,
    ingest: (batch, o = {}) => serial(async (): Promise<BatchReport> => {
      refuseWrites();
      return ingestBatch(store, { ...batch, source: name }, {
        actor: { user: sourceUser(name), reason: o.reason ?? `corrected in source ${name}` },
        replace: o.replace ?? false,
        invalid: 'dead-letter',
        alsoWrite: () => recordSuccess(store, name, o.watermark),
      });
    }),
    deadLetter: (letter) => serial(async () => {
      refuseWrites();
      await store.transaction(() => writeDeadLetters(store, name, null, [letter]));
    }),
    watermark: () => readWatermark(store, name),
    stale: (items, at) => serial(async () => {
      if (items.length === 0 || options.readOnly) return;
      await store.transaction(() => store.run(
        `UPDATE source_items SET stale_since = $3 WHERE source = $1 AND stale_since IS NULL AND item IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`,
        [name, JSON.stringify(items), at.toISOString()]));
    }),
    fail: (error) => options.onFail?.(error),
  };
}
