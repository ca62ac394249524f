/**
 * Benchmark: the hub of a network of sites (src/network), over a NATS server of its own.
 *
 * 1. Apply rate. One site's production — `CAUSEWAY_BENCH_HUB_SAMPLES` samples (default
 *    300 000) in batches of 10 000 and 200 lots with results and genealogy — waits in the site's
 *    stream; a hub starts on an empty store and applies it all. Baseline in the same run: the same
 *    rows as one batch through one local `ingestBatch` (a single import, no network), into an
 *    empty store. Ratio = hub samples/s ÷ single import samples/s.
 * 2. End-to-end lag at a steady rate. A `causeway agent` process forwards one batch a second of
 *    3 334 tags (one site's share of 100 000 tags at 1 s over 30 sites) for 60 s, written to its
 *    inbox as the second ends; the hub applies them. Lag of a batch = its commit at the hub − the
 *    moment the agent queued it (the `batches` table: applied_at − received_first).
 */
import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Batch } from '../src/ingest/batch/batch-types.js';
import { ingestBatch } from '../src/ingest/batch/ingest-batch.js';
import { Hub } from '../src/network/hub.js';
import { ensureSiteStream, connectNats } from '../src/network/streams.js';
import { encodeBatch } from '../src/network/wire.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { Store } from '../src/store/store.js';
import { freePort, NatsServer, startCli, waitFor } from '../test/support/network-harness.js';
import { siteBatches } from '../test/support/network-sites.js';

const SAMPLES = Number(process.env.CAUSEWAY_BENCH_HUB_SAMPLES ?? 300_000);
const STEADY_TAGS = 3_334;
const STEADY_S = Number(process.env.CAUSEWAY_BENCH_HUB_STEADY_S ?? 60);

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

/** All batches of a site merged into one (the same rows, one import). */
function merged(batches: Batch[]): Batch {
  const out: Batch & { samples: { tag: string[]; time: number[]; value: number[] } } = { source: 'site', samples: { tag: [], time: [], value: [] } };
  for (const b of batches) {
    for (const [k, v] of Object.entries(b)) {
      if (k === 'source' || v === undefined) continue;
      if (k === 'samples') {
        const s = v as { tag: string[]; time: number[]; value: number[] };
        for (let i = 0; i < s.tag.length; i++) { out.samples.tag.push(s.tag[i]!); out.samples.time.push(s.time[i]!); out.samples.value.push(s.value[i]!); }
      } else {
        const rows = ((out as unknown as Record<string, unknown[]>)[k] ??= []);
        rows.push(...(v as unknown[]));
      }
    }
  }
  return out;
}

export default async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-hub-bench-'));
  const nats = new NatsServer(await freePort(), path.join(dir, 'nats'), path.join(dir, 'nats.log'));
  await nats.start();
  try {
    console.log(`load average at start ${load()}`);
    const { batches, totals } = siteBatches({ site: 'B1', timezone: 'Europe/Ljubljana', samples: SAMPLES, lots: 200 });

    // Baseline: one local import of the same rows.
    const local = await Store.open(path.join(dir, 'local.duckdb'));
    const t0 = performance.now();
    await ingestBatch(local, merged(batches), { actor: { user: 'bench' } });
    const localS = (performance.now() - t0) / 1000;
    const localSamples = Number(await local.value('SELECT count(*) FROM samples'));
    local.close();

    // The hub: everything waits in the stream, then a hub starts and applies it.
    const nc = await connectNats(nats.url, 'bench');
    await ensureSiteStream(await jetstreamManager(nc), 'B1');
    const js = jetstream(nc);
    for (const b of batches) {
      const m = encodeBatch('B1', b, new Date());
      const h = natsHeaders();
      for (const [k, v] of Object.entries(m.headers)) if (k !== 'Nats-Msg-Id') h.set(k, v);
      await js.publish(m.subject, m.data, { msgID: m.msgId, headers: h });
    }
    const hubStore = await Store.open(path.join(dir, 'hub.duckdb'));
    const t1 = performance.now();
    const hub = await Hub.start(hubStore, { servers: nats.url });
    await waitFor(async () => Number(await hubStore.value(`SELECT coalesce(max(batches), 0) FROM network_sites WHERE site = 'B1'`)) === batches.length || undefined, 3_600_000, 'the hub to apply every batch', 100);
    const hubS = (performance.now() - t1) / 1000;
    const hubSamples = Number(await hubStore.value('SELECT count(*) FROM samples'));
    if (hubSamples !== totals.samples || localSamples !== totals.samples) throw new Error(`samples: produced ${totals.samples}, hub ${hubSamples}, local ${localSamples}`);
    console.log(`apply rate: ${totals.samples} samples and ${totals.lots} lots in ${batches.length} batches`);
    console.log(`  hub (from start, ${batches.length} messages, one transaction each): ${hubS.toFixed(1)} s = ${Math.round(totals.samples / hubS)} samples/s`);
    console.log(`  single local import of the same rows (one ingestBatch): ${localS.toFixed(1)} s = ${Math.round(totals.samples / localS)} samples/s`);
    console.log(`  ratio hub / single import: ${(localS / hubS).toFixed(2)}`);
    console.log(`load average after the apply run ${load()}`);

    // Steady rate: an agent process, one batch a second.
    const inbox = path.join(dir, 'B2', 'inbox');
    mkdirSync(inbox, { recursive: true });
    const agent = startCli(['agent', '--site', 'B2', '--hub', nats.url, '--inbox', inbox, '--outbox', path.join(dir, 'B2', 'outbox.duckdb')], path.join(dir, 'agent.log'));
    const tags = Array.from({ length: STEADY_TAGS }, (_, i) => `B2.T${String(i).padStart(4, '0')}`);
    const model: Batch = { source: 'setup', sites: [{ site: 'B2', timezone: 'UTC' }], equipment: [{ equipment: 'B2-E', site: 'B2' }], tags: tags.map((tag) => ({ tag, equipment: 'B2-E' })) };
    const drop = (name: string, b: Batch) => { const f = path.join(inbox, name); writeFileSync(`${f}.tmp`, JSON.stringify(b)); renameSync(`${f}.tmp`, f); };
    drop('000000.json', model);
    await waitFor(async () => Number(await hubStore.value(`SELECT coalesce(max(batches), 0) FROM network_sites WHERE site = 'B2'`)) === 1 || undefined, 120_000, 'the model of B2');
    const start = Math.ceil(Date.now() / 1000) * 1000;
    for (let s = 0; s < STEADY_S; s++) {
      const second = start + s * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, second + 1000 - Date.now())));
      drop(`${String(s + 1).padStart(6, '0')}.json`, { source: 'historian', samples: { tag: tags, time: tags.map(() => second), value: tags.map((_, i) => (i + s) % 100) } });
    }
    await waitFor(async () => Number(await hubStore.value(`SELECT coalesce(max(batches), 0) FROM network_sites WHERE site = 'B2'`)) === STEADY_S + 1 || undefined, 600_000, 'the steady batches of B2', 200);
    const lag = await hubStore.one<{ p50: number; p95: number; max: number; n: bigint }>(
      `SELECT quantile_cont(l, 0.5) AS p50, quantile_cont(l, 0.95) AS p95, max(l) AS max, count(*) AS n
       FROM (SELECT epoch(applied_at) - epoch(received_first) AS l FROM batches WHERE source = 'B2/historian')`);
    const fromSource = await hubStore.one<{ p50: number; p95: number }>(
      `SELECT quantile_cont(l, 0.5) AS p50, quantile_cont(l, 0.95) AS p95 FROM (SELECT epoch(applied_at) - epoch(source_last) AS l FROM batches WHERE source = 'B2/historian')`);
    console.log(`steady rate: ${STEADY_TAGS} tags at 1 s for ${STEADY_S} s (${Number(lag!.n)} batches)`);
    console.log(`  lag queued at the agent → committed at the hub: p50 ${lag!.p50.toFixed(2)} s, p95 ${lag!.p95.toFixed(2)} s, max ${lag!.max.toFixed(2)} s`);
    console.log(`  lag source time → committed at the hub (includes the second of collecting): p50 ${fromSource!.p50.toFixed(2)} s, p95 ${fromSource!.p95.toFixed(2)} s`);
    console.log(`load average at the end ${load()}`);
    await agent.stop();
    await hub.stop();
    hubStore.close();
    await nc.close();
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
