/**
 * The Sparkplug B host application against the Mosquitto broker on this machine, with an edge
 * node simulated here (an MQTT client publishing Sparkplug B payloads). Unique group and host
 * ids per run; the retained STATE is cleared afterwards.
 *
 * The edge node keeps its own record of every value it published. Checked: every value of a
 * numeric metric it published is stored exactly once (count and sum per tag against that record),
 * a sequence gap is answered by a rebirth request and recorded as lost, the rebirth's repeated
 * values are not stored twice, a malformed payload and an NDEATH of an earlier session are kept
 * as dead letters, and the NDEATH of the current session marks the node's metrics stale.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sourceHealth } from '../src/connectors/health.js';
import { SourceRunner } from '../src/connectors/runner.js';
import { addSource } from '../src/connectors/sources.js';
import { DataType, decodePayload, encodePayload, type MetricInput } from '../src/connectors/sparkplug/payload.js';
import { ingestBatch } from '../src/ingest/batch/ingest-batch.js';
import { readDeadLetters } from '../src/ingest/batch/dead-letters.js';
import { Store } from '../src/store/store.js';
import { describeWithService } from './support/services.js';

const run = randomBytes(4).toString('hex');
const GROUP = `cwtest-${run}`;
const HOST = `cwhost-${run}`;
const URL = 'mqtt://127.0.0.1:1883';
const T0 = Date.parse('2025-06-01T08:00:00Z');

/** Waits for a condition read from the store or the broker (events, not a clock). */
async function waitFor<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 45_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}: last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The simulated edge node: publishes, and records every numeric value it published by tag. */
class Edge {
  readonly published = new Map<string, Map<number, number>>();
  readonly commands: string[] = [];
  seq = 0;
  constructor(readonly client: MqttClient, readonly edge: string) {}

  private note(device: string | undefined, metrics: MetricInput[]): void {
    for (const m of metrics) {
      if (m.name === 'bdSeq' || m.name?.startsWith('Node Control/') || m.datatype === DataType.String || m.value === null) continue;
      const name = m.name ?? ALIASES.get(m.alias!)!;
      const tag = [this.edge, device, name].filter(Boolean).join('.');
      const v = typeof m.value === 'boolean' ? (m.value ? 1 : 0) : (m.value as number);
      if (!this.published.has(tag)) this.published.set(tag, new Map());
      this.published.get(tag)!.set(m.timestamp!, v);
    }
  }

  /** Publishes a message with the next sequence number (NBIRTH resets it to 0); `skip` leaves it unsent. */
  async send(type: string, metrics: MetricInput[], opts: { device?: string; skip?: boolean } = {}): Promise<void> {
    const seq = type === 'NBIRTH' ? 0 : this.seq;
    this.seq = (seq + 1) % 256;
    if (opts.skip) return;
    this.note(opts.device, metrics);
    const topic = `spBv1.0/${GROUP}/${type}/${this.edge}${opts.device ? `/${opts.device}` : ''}`;
    await this.client.publishAsync(topic, Buffer.from(encodePayload({ timestamp: Date.now(), seq, metrics })), { qos: 1 });
  }
}

const ALIASES = new Map<number, string>([[1, 'Temperature'], [2, 'Running'], [3, 'Label'], [4, 'Pressure'], [10, 'Speed']]);
let tick = 0;
const at = () => T0 + 1000 * tick++;
const nodeBirth = (bdSeq: number, temp: number, ts = at()): MetricInput[] => [
  { name: 'bdSeq', datatype: DataType.Int64, value: bdSeq, timestamp: ts },
  { name: 'Node Control/Rebirth', datatype: DataType.Boolean, value: false, timestamp: ts },
  { name: 'Temperature', alias: 1, datatype: DataType.Double, value: temp, timestamp: ts, properties: { engUnit: '°C' } },
  { name: 'Running', alias: 2, datatype: DataType.Boolean, value: true, timestamp: ts },
  { name: 'Label', alias: 3, datatype: DataType.String, value: 'batch A', timestamp: ts },
  { name: 'Pressure', alias: 4, datatype: DataType.Float, value: 1.5, timestamp: ts, properties: { engUnit: 'bar' } },
];
const deviceBirth = (speed: number, ts = at()): MetricInput[] => [{ name: 'Speed', alias: 10, datatype: DataType.Int32, value: speed, timestamp: ts, properties: { Quality: 192 } }];
const nodeData = (temp: number): MetricInput[] => [{ alias: 1, datatype: DataType.Double, value: temp, timestamp: at() }, { alias: 4, datatype: DataType.Float, value: temp / 10, timestamp: at() }];
const deviceData = (speed: number): MetricInput[] => [{ alias: 10, datatype: DataType.Int32, value: speed, timestamp: at() }];

let dir: string;
let store: Store;
let runner: SourceRunner;
let edge: Edge;
let watcher: MqttClient;
let hostState: { online: boolean; timestamp: number } | undefined;

(await describeWithService('mosquitto'))('Sparkplug B host application against Mosquitto', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-sparkplug-'));
    store = await Store.open(path.join(dir, 'store.duckdb'));
    await ingestBatch(store, { source: 'setup', sites: [{ site: 'S', timezone: 'UTC' }], equipment: [{ equipment: 'FBD1', site: 'S' }] }, { actor: { user: 'test' } });
    await addSource(store, {
      name: 'plant', kind: 'sparkplug',
      config: { broker: { url: URL }, hostId: HOST, groups: [GROUP], equipment: 'FBD1', reorderTimeoutMs: 400, batch: { maxRows: 1000, maxWaitMs: 50 } },
    }, { user: 'admin' });
    watcher = await mqtt.connectAsync(URL, { clientId: `cw-watch-${run}` });
    watcher.on('message', (topic, payload) => {
      if (topic === `spBv1.0/STATE/${HOST}` && payload.length > 0) hostState = JSON.parse(payload.toString()) as typeof hostState;
    });
    await watcher.subscribeAsync(`spBv1.0/STATE/${HOST}`, { qos: 1 });
    const client = await mqtt.connectAsync(URL, { clientId: `cw-edge-${run}` });
    edge = new Edge(client, 'Edge1');
    client.on('message', (topic, payload) => {
      if (topic === `spBv1.0/${GROUP}/NCMD/Edge1`) edge.commands.push(...decodePayload(payload).metrics.filter((m) => m.value === 1).map((m) => m.name!));
    });
    await client.subscribeAsync(`spBv1.0/${GROUP}/NCMD/Edge1`, { qos: 1 });
    runner = new SourceRunner(store, { backoff: { first: 100, max: 1000 } });
    await runner.start(['plant']);
    await waitFor('the host to say it is online', () => hostState, (s) => s?.online === true);
  }, 60_000);

  afterAll(async () => {
    await runner?.stop();
    await edge?.client.endAsync();
    await watcher?.publishAsync(`spBv1.0/STATE/${HOST}`, '', { qos: 1, retain: true });
    await watcher?.endAsync();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every published value once through a sequence gap, the rebirth it triggers and its repeated values', async () => {
    await edge.send('NBIRTH', nodeBirth(0, 20));
    await edge.send('DBIRTH', deviceBirth(-5), { device: 'D1' });
    for (let i = 1; i <= 3; i++) {
      await edge.send('NDATA', nodeData(20 + i));
      await edge.send('DDATA', deviceData(100 + i), { device: 'D1' });
    }
    // A message lost on the way: the host waits 400 ms for it, then asks for a rebirth.
    await edge.send('NDATA', nodeData(99), { skip: true });
    await edge.send('NDATA', nodeData(25));
    await edge.send('DDATA', deviceData(105), { device: 'D1' });
    await waitFor('the rebirth request', () => edge.commands, (c) => c.includes('Node Control/Rebirth'));
    // The rebirth repeats the last values with their time stamps: the host must not store them twice.
    const lastTemp = T0 + 1000 * (tick - 3);
    await edge.send('NBIRTH', nodeBirth(0, 25, lastTemp));
    await edge.send('DBIRTH', deviceBirth(105, T0 + 1000 * (tick - 1)), { device: 'D1' });
    for (let i = 6; i <= 8; i++) await edge.send('NDATA', nodeData(20 + i));

    const expected = [...edge.published.values()].reduce((n, m) => n + m.size, 0);
    await waitFor('every published value in the store', () => store.value<bigint>('SELECT count(*) FROM samples'), (n) => Number(n) >= expected);
    const stored = await store.all<{ tag: string; n: bigint; total: number }>('SELECT tag, count(*) AS n, sum(value) AS total FROM samples GROUP BY tag ORDER BY tag');
    const mine = [...edge.published.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([tag, m]) => ({ tag, n: BigInt(m.size), total: [...m.values()].reduce((a, b) => a + b, 0) }));
    expect(stored.map((r) => ({ ...r, total: Math.round(r.total * 1e6) / 1e6 }))).toEqual(mine.map((r) => ({ ...r, total: Math.round(r.total * 1e6) / 1e6 })));
    expect(stored.map((r) => r.tag)).toEqual(['Edge1.D1.Speed', 'Edge1.Pressure', 'Edge1.Running', 'Edge1.Temperature']);
    expect(await store.value('SELECT count(*) FROM (SELECT tag, time FROM samples GROUP BY ALL HAVING count(*) > 1)')).toBe(0n);
    // The lost value (99) never arrived; the repeated birth values arrived and changed nothing.
    expect(await store.value("SELECT count(*) FROM samples WHERE tag = 'Edge1.Temperature' AND value = 99")).toBe(0n);
    // Temperature and Speed came again with their last time stamps: counted unchanged, stored once.
    expect(Number(await store.value("SELECT sum(unchanged) FROM batches WHERE source = 'plant'"))).toBe(2);
    expect((await readDeadLetters(store, { source: 'plant' })).find((l) => l.kind === 'sequence-gap')).toMatchObject({ code: 'messages_lost', item: `${GROUP}/Edge1` });
    // Tags were added with the equipment of the template and the metric's unit; items recorded.
    expect(await store.all("SELECT tag, equipment, unit FROM tags ORDER BY tag")).toEqual([
      { tag: 'Edge1.D1.Speed', equipment: 'FBD1', unit: null }, { tag: 'Edge1.Pressure', equipment: 'FBD1', unit: 'bar' },
      { tag: 'Edge1.Running', equipment: 'FBD1', unit: null }, { tag: 'Edge1.Temperature', equipment: 'FBD1', unit: '°C' },
    ]);
    expect(await store.value("SELECT tag FROM source_items WHERE item = $1", [`${GROUP}/Edge1/D1:Speed`])).toBe('Edge1.D1.Speed');
    expect(await store.value("SELECT value FROM samples WHERE tag = 'Edge1.D1.Speed' ORDER BY time LIMIT 1")).toBe(-5);
  }, 90_000);

  it('keeps a malformed payload and an NDEATH of an earlier session as dead letters, and marks the metrics stale on the real NDEATH', async () => {
    const before = Number(await store.value('SELECT count(*) FROM samples'));
    await edge.client.publishAsync(`spBv1.0/${GROUP}/NDATA/Edge1`, Buffer.from([0xff, 0xff, 0xff, 0x07]), { qos: 1 });
    await edge.client.publishAsync(`spBv1.0/${GROUP}/NDEATH/Edge1`, Buffer.from(encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', datatype: DataType.Int64, value: 7 }] })), { qos: 1 });
    const letters = await waitFor('the dead letters', () => readDeadLetters(store, { source: 'plant' }), (l) => l.some((x) => x.kind === 'payload') && l.some((x) => x.code === 'refused_message'));
    expect(letters.find((l) => l.kind === 'payload')).toMatchObject({ code: 'bad_payload', item: `spBv1.0/${GROUP}/NDATA/Edge1` });
    expect(letters.find((l) => l.code === 'refused_message')!.reason).toContain('bdSeq 7 is of an earlier session');
    expect(await store.value('SELECT count(*) FROM source_items WHERE stale_since IS NOT NULL')).toBe(0n);
    await edge.client.publishAsync(`spBv1.0/${GROUP}/NDEATH/Edge1`, Buffer.from(encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', datatype: DataType.Int64, value: 0 }] })), { qos: 1 });
    await waitFor('the metrics to be stale', () => store.value<bigint>('SELECT count(*) FROM source_items WHERE stale_since IS NOT NULL'), (n) => n === 4n);
    expect(Number(await store.value('SELECT count(*) FROM samples'))).toBe(before);
    const [h] = await sourceHealth(store, 'plant');
    expect([h!.status, h!.lastError, h!.deadLetters.total]).toEqual(['ok', null, 3]);
  }, 60_000);
});
