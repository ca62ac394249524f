/**
 * The OPC UA server of `opcua.bench.ts`, in a process of its own so that its work is not done
 * on the connector's event loop: N Double variables under 10 areas × 10 units, each written once
 * a second when asked. Messages: → {port, dir}; ← 'produce', 'stop' → {produced}; ← 'close'.
 */
import { TestPlant } from '../test/support/opcua-plant.js';

const n = Number(process.argv[2] ?? 10_000);
const tags = Array.from({ length: n }, (_, i) => ({ path: `Area${i % 10}.Unit${Math.floor(i / 10) % 10}.T${String(i).padStart(5, '0')}`, noHistory: true }));
const plant = new TestPlant({ tags });
await plant.start();
// An initial value for every variable (a variable never written has none: its status is Bad).
for (const t of tags) plant.produce(t.path, 0);
process.send!({ port: plant.port, dir: plant.dir, paths: tags.map((t) => t.path) });
process.on('message', async (m: string) => {
  if (m === 'produce') plant.startProducing(1000, (_tag, k) => k + Math.random());
  else if (m === 'stop') {
    plant.stopProducing();
    let produced = -tags.length; // not the initial values
    for (const values of plant.produced.values()) produced += values.length;
    process.send!({ produced });
  } else if (m === 'close') {
    await plant.close();
    process.exit(0);
  }
});
