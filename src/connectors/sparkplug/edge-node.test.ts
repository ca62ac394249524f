/**
 * The host's view of one edge node: births, aliases, sequence numbers with wrap, reordering
 * within the timeout, a gap answered by a rebirth, deaths of this and of an earlier session.
 * Times are given, not waited for.
 */
import { describe, expect, it } from 'vitest';
import { EdgeNode, type EdgeMessage, type MessageType } from './edge-node.js';
import { DataType, decodePayload, encodePayload, type MetricInput } from './payload.js';

/** A message as the connector hands it over: encoded and decoded again, as from the wire. */
function msg(type: MessageType, seq: number | undefined, metrics: MetricInput[], at = 0, device?: string): EdgeMessage {
  const payload = decodePayload(encodePayload({ timestamp: 1_000 + at, ...(seq !== undefined ? { seq } : {}), metrics }));
  return { type, payload, receivedAt: at, ...(device ? { device } : {}) };
}
const birth = (bdSeq = 0) => msg('NBIRTH', 0, [
  { name: 'bdSeq', datatype: DataType.Int64, value: bdSeq },
  { name: 'Temp', alias: 1, datatype: DataType.Double, value: 20, timestamp: 1_000 },
]);
const data = (seq: number, value: number, at = 0) => msg('NDATA', seq, [{ alias: 1, datatype: DataType.Double, value, timestamp: 2_000 + seq }], at);
const values = (a: ReturnType<EdgeNode['receive']>) => a.process.flatMap((p) => p.metrics.map((m) => m.metric.value));

describe('an edge node as the host sees it', () => {
  it('resolves aliases of its birth and takes messages in sequence, wrapping from 255 to 0', () => {
    const node = new EdgeNode('G/E', 1_000);
    expect(values(node.receive(birth()))).toEqual([0, 20]);
    expect(node.bdSeq).toBe(0);
    const seen: unknown[] = [];
    for (let i = 1; i <= 300; i++) {
      const a = node.receive(data(i % 256, i));
      expect([a.rebirth, a.wakeAt]).toEqual([undefined, undefined]);
      seen.push(...values(a));
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('holds a message ahead of a missing one and processes both in order when it comes within the timeout', () => {
    const node = new EdgeNode('G/E', 1_000);
    node.receive(birth());
    const early = node.receive(data(2, 22, 10));
    expect([values(early), early.wakeAt]).toEqual([[], 1_010]);
    const late = node.receive(data(1, 21, 500));
    expect([values(late), late.rebirth, late.wakeAt]).toEqual([[21, 22], undefined, undefined]);
    expect(node.tick(5_000)).toEqual({ process: [] });
  });

  it('gives up on a gap after the timeout: what waited is processed, the loss named, a rebirth asked for', () => {
    const node = new EdgeNode('G/E', 1_000);
    node.receive(birth());
    node.receive(data(1, 21));
    node.receive(data(4, 24, 100));
    node.receive(data(5, 25, 200));
    expect(node.tick(1_099).process).toEqual([]);
    const a = node.tick(1_100);
    expect(values(a)).toEqual([24, 25]);
    expect(a.lost).toEqual({ from: 2, to: 3 });
    expect(a.rebirth).toContain('messages 2–3 did not arrive within 1000 ms');
    // The sequence goes on from there; the rebirth's NBIRTH starts it again at 0.
    expect(values(node.receive(data(6, 26)))).toEqual([26]);
    expect(values(node.receive(birth()))).toEqual([0, 20]);
  });

  it('refuses data before a birth and asks for one', () => {
    const node = new EdgeNode('G/E', 1_000);
    const a = node.receive(data(7, 1));
    expect(a.process).toEqual([]);
    expect(a.rebirth).toBeDefined();
    expect(a.refused).toContain('before the node\'s birth');
  });

  it('takes an NDEATH of the current session (its bdSeq) and refuses one of an earlier session', () => {
    const node = new EdgeNode('G/E', 1_000);
    node.receive(birth(3));
    node.receive(msg('DBIRTH', 1, [{ name: 'Speed', alias: 10, datatype: DataType.Int32, value: -5 }], 0, 'D1'));
    const old = node.receive(msg('NDEATH', undefined, [{ name: 'bdSeq', datatype: DataType.Int64, value: 2 }]));
    expect([old.refused?.includes('bdSeq 2 is of an earlier session'), node.online]).toEqual([true, true]);
    const dead = node.receive(msg('NDEATH', undefined, [{ name: 'bdSeq', datatype: DataType.Int64, value: 3 }]));
    expect(node.online).toBe(false);
    expect(dead.stale!.metrics.map((m) => `${m.device ?? ''}:${m.name}`).sort()).toEqual([':Temp', ':bdSeq', 'D1:Speed']);
  });

  it('decodes signed integers, booleans and null metrics as the specification encodes them', () => {
    const p = decodePayload(encodePayload({ seq: 0, metrics: [
      { name: 'i8', datatype: DataType.Int8, value: -3 }, { name: 'i32', datatype: DataType.Int32, value: -70_000 },
      { name: 'i64', datatype: DataType.Int64, value: -5_000_000_000 }, { name: 'u32', datatype: DataType.UInt32, value: 4_000_000_000 },
      { name: 'b', datatype: DataType.Boolean, value: true }, { name: 'f', datatype: DataType.Float, value: 0.5 },
      { name: 'n', datatype: DataType.Double, value: null }, { name: 's', datatype: DataType.String, value: 'run' },
    ] }));
    expect(p.metrics.map((m) => [m.name, m.value, m.isNull])).toEqual([
      ['i8', -3, false], ['i32', -70_000, false], ['i64', -5_000_000_000, false], ['u32', 4_000_000_000, false],
      ['b', 1, false], ['f', 0.5, false], ['n', null, true], ['s', 'run', false],
    ]);
  });
});
