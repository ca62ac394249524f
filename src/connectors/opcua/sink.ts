/**
 * Where an OPC UA connector puts what it reads. The connector speaks only to this interface,
 * so it is the same whether the samples go through causeway's batch ingest or elsewhere.
 */
import type { DataLossMarker, RefusedValue, SampleRecord } from './samples.js';

/** Counts of one written batch. */
export interface SinkCounts {
  /** Samples stored by this batch. */
  inserted: number;
  /** Samples already stored (same tag and source time): re-delivered, so not stored again. */
  duplicates: number;
}

/** The equipment and tags a browse found or a configuration names. */
export interface ModelRows {
  equipment: { equipment: string; parent?: string; name?: string }[];
  tags: { tag: string; equipment: string; unit?: string; signal?: string; description?: string }[];
}

/** The destination of one OPC UA source. */
export interface OpcuaSink {
  /**
   * Stores samples in one transaction, idempotent by (tag, source time): a sample already
   * stored is counted as a duplicate and changes nothing.
   */
  writeSamples(samples: readonly SampleRecord[]): Promise<SinkCounts>;
  /** Records queue overflows of monitored items as data-loss markers (idempotent by tag and time). */
  writeDataLoss(markers: readonly DataLossMarker[]): Promise<void>;
  /** Values the connector refused (Bad status, not a number, no source time): reported, never stored as samples. */
  refused(values: readonly RefusedValue[]): Promise<void>;
  /** The latest stored source time of each tag that has samples, in µs since 1970. */
  watermarks(tags: readonly string[]): Promise<Map<string, number>>;
  /** Stores equipment and tags (idempotent: rows already there are kept as they are). */
  writeModel(rows: ModelRows): Promise<void>;
  /** Marks the source's items (NodeIds) stale from `at`: the connection broke. The next value of an item clears it. */
  markStale(items: readonly string[], at: Date): Promise<void>;
}
