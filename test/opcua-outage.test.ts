/**
 * Exactly once across a server outage: a tag is subscribed for 60 s, the server is stopped for
 * 20 s and started again; every value the plant produced is stored once, which the count and a
 * checksum against the plant's own record show. The values of the outage come back through
 * HistoryRead after the session is restored. About 90 s (the outage is real time).
 */
import { afterAll, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { TestPlant, nodeIdOf, opcuaSource, storedRecord, trustedConfig, until } from './support/opcua-plant.js';

const TAG = 'Line1.Dryer1.InletTemp';
const plant = new TestPlant({ tags: [{ path: TAG, unit: '°C' }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(() => plant.close());

it('stores every sample exactly once across a 20 s server outage', async () => {
  await plant.start();
  const config = await trustedConfig(plant, {
    tags: [{ nodeId: nodeIdOf(TAG), tag: TAG, equipment: 'Line1.Dryer1' }],
    subscription: { publishingInterval: 500, samplingInterval: 0, queueSize: 100 },
    // The first start reads the history since the plant began producing.
    history: { backfill: 10 * 60_000, valuesPerRead: 100, nodesPerRead: 10 },
    reconnect: { initialDelay: 250, maxDelay: 1000 },
    flushInterval: 500,
  });
  const store = await Store.open(':memory:');
  const connector = await opcuaSource(store, 'plant', config);
  // A value every 100 ms, each one different, so a value stored twice or lost changes the checksum.
  plant.startProducing(100, (_tag, n) => 20 + n / 1000);
  await connector.start();

  await sleep(60_000);
  const beforeOutage = connector.health();
  await plant.stop();
  const producedBeforeOutage = plant.produced.get(TAG)!.length;
  await sleep(20_000);
  const producedDuringOutage = plant.produced.get(TAG)!.length - producedBeforeOutage;
  await plant.start();
  await until(() => connector.health().reconnections >= 1, 'the session to be restored', 60_000);
  await sleep(5_000);
  plant.stopProducing();
  // However slow the machine, each value produced comes in a later publish or from history:
  // wait for all of them (a value lost times this out, and the count below fails).
  const expected = plant.record().count;
  await until(async () => (await storedRecord(store)).count >= expected, 'every value produced', 60_000).catch(() => undefined);
  await connector.settled();
  const health = connector.health();
  await connector.stop();

  const produced = plant.record();
  const stored = await storedRecord(store);
  console.log(
    `outage test: produced ${produced.count} (${producedDuringOutage} while the server was stopped), stored ${stored.count}, ` +
      `duplicates delivered and not stored ${health.duplicates}, history calls ${health.historyCalls} (${health.historyValues} values), ` +
      `reconnections ${health.reconnections}, lag before the outage ${beforeOutage.lagMs} ms; checksum ${stored.checksum.slice(0, 16)}`,
  );
  expect(producedDuringOutage).toBeGreaterThan(150);
  expect(stored.count).toBe(produced.count);
  expect(stored.distinct).toBe(stored.count);
  expect(stored.checksum).toBe(produced.checksum);
  expect(health.reconnections).toBe(1);
  // The outage's values can only have come from history.
  expect(health.historyValues).toBeGreaterThanOrEqual(producedDuringOutage);
  expect(health.refused).toBe(0);
  store.close();
}, 180_000);
