/**
 * Back-fill and catch-up from the server's history: HistoryRead of raw values, in bounded
 * batches (so many nodes per call, so many values per node), following continuation points
 * until every node is done, and releasing them when stopped half way.
 *
 * @see OPC UA Part 11, 6.4.3 ReadRawModifiedDetails; Part 4, 5.10.3 HistoryRead
 */
import { HistoryReadRequest, ReadRawModifiedDetails, TimestampsToReturn, type ClientSession, type DataValue } from 'node-opcua-client';
import type { OpcuaTag } from './config.js';
import { describeStatus } from './samples.js';

/** What to read for one tag: its raw values from `fromMs` to `toMs` (both included). */
export interface HistoryRange {
  tag: OpcuaTag;
  fromMs: number;
  toMs: number;
}

/** Bounds of one HistoryRead call. */
export interface HistoryBounds {
  nodesPerRead: number;
  valuesPerRead: number;
}

/** Counts of one catch-up. */
export interface HistoryCounts {
  calls: number;
  values: number;
  /** Tags whose history could not be read, with the server's reason. */
  failures: { tag: OpcuaTag; status: number; reason: string }[];
}

/** Receives the values of one call, per tag; awaited before the next call (back-pressure). */
export type OnHistory = (values: { tag: OpcuaTag; dataValues: DataValue[] }[]) => Promise<void>;

/**
 * Reads the raw history of the given ranges. Tags are read `nodesPerRead` at a time; each call
 * asks for at most `valuesPerRead` values per node and the server returns a continuation point
 * for the rest. Values are handed to `onBatch` call by call, in time order per tag.
 */
export async function readHistory(session: ClientSession, ranges: readonly HistoryRange[], bounds: HistoryBounds, onBatch: OnHistory, signal?: AbortSignal): Promise<HistoryCounts> {
  const counts: HistoryCounts = { calls: 0, values: 0, failures: [] };
  // One request has one time range: tags are read together when their ranges start close.
  const sorted = [...ranges].sort((a, b) => a.fromMs - b.fromMs);
  for (let i = 0; i < sorted.length; i += bounds.nodesPerRead) {
    const chunk = sorted.slice(i, i + bounds.nodesPerRead);
    const details = new ReadRawModifiedDetails({
      isReadModified: false,
      startTime: new Date(Math.min(...chunk.map((r) => r.fromMs))),
      endTime: new Date(Math.max(...chunk.map((r) => r.toMs))),
      numValuesPerNode: bounds.valuesPerRead,
      returnBounds: false,
    });
    let pending = chunk.map((r) => ({ range: r, continuationPoint: null as Buffer | null }));
    while (pending.length > 0) {
      if (signal?.aborted) {
        await release(session, details, pending.filter((p) => p.continuationPoint));
        return counts;
      }
      const response = await session.historyRead(
        new HistoryReadRequest({
          historyReadDetails: details,
          timestampsToReturn: TimestampsToReturn.Both,
          releaseContinuationPoints: false,
          nodesToRead: pending.map((p) => ({ nodeId: p.range.tag.nodeId, continuationPoint: p.continuationPoint ?? undefined })),
        }),
      );
      counts.calls++;
      const results = response.results ?? [];
      const batch: { tag: OpcuaTag; dataValues: DataValue[] }[] = [];
      const next: typeof pending = [];
      pending.forEach((p, k) => {
        const r = results[k];
        const status = (r?.statusCode.value ?? 0x80000000) >>> 0;
        if (!r || status >>> 30 >= 2) {
          counts.failures.push({ tag: p.range.tag, status, reason: `the server cannot give the history of tag '${p.range.tag.tag}' (${p.range.tag.nodeId}): ${describeStatus(status)}` });
          return;
        }
        const dataValues = ((r.historyData as { dataValues?: DataValue[] } | null)?.dataValues ?? []).filter((dv) => {
          const t = dv.sourceTimestamp?.getTime();
          return t === undefined || (t >= p.range.fromMs && t <= p.range.toMs);
        });
        if (dataValues.length) batch.push({ tag: p.range.tag, dataValues });
        counts.values += dataValues.length;
        if (r.continuationPoint && r.continuationPoint.length > 0) next.push({ range: p.range, continuationPoint: r.continuationPoint });
      });
      if (batch.length) await onBatch(batch);
      pending = next;
    }
  }
  return counts;
}

/** Frees the server's continuation points of an interrupted read (Part 11, 6.4.2). */
async function release(session: ClientSession, details: ReadRawModifiedDetails, pending: { range: HistoryRange; continuationPoint: Buffer | null }[]): Promise<void> {
  if (pending.length === 0) return;
  await session
    .historyRead(
      new HistoryReadRequest({
        historyReadDetails: details,
        timestampsToReturn: TimestampsToReturn.Both,
        releaseContinuationPoints: true,
        nodesToRead: pending.map((p) => ({ nodeId: p.range.tag.nodeId, continuationPoint: p.continuationPoint ?? undefined })),
      }),
    )
    .catch(() => undefined);
}
