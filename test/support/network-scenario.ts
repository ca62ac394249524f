/**
 * The network scenario of issue 13, at any size: three sites, each with `causeway agent`
 * forwarding to one `causeway hub` over a NATS server of the scenario's own, through these
 * faults in order:
 *
 *   1. the sites produce a first third; the hub applies some of it
 *   2. the hub is paused (SIGSTOP) while the sites go on, then resumed (SIGCONT)
 *   3. the link goes down (the NATS server stopped) for `outageMs`; the sites produce the second
 *      third (one bad batch at LJ among it); SG's outbox fills to its bound and its agent is
 *      killed with SIGKILL with the outbox full, then started again
 *   4. the link comes back; the hub is killed with SIGKILL while it applies a batch, and started again
 *   5. the sites produce the last third; everything drains
 *
 * Then it reads the hub's store and returns per site what was produced and what is stored.
 * Used by test/network.test.ts (small) and bench/network-soak.ts (the full size).
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Batch } from '../../src/ingest/batch/batch-types.js';
import { DEAD_STREAM, HEALTH_BUCKET, HUB_CONSUMER, siteStream } from '../../src/network/names.js';
import type { SiteHealth } from '../../src/network/hub-state.js';
import { Outbox } from '../../src/network/outbox.js';
import { encodeBatch, WIRE_SCHEMA } from '../../src/network/wire.js';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { connectNats } from '../../src/network/streams.js';
import { Store } from '../../src/store/store.js';
import { freePort, NatsServer, startCli, waitFor, type Proc } from './network-harness.js';
import { badBatch, siteBatches, type SiteTotals } from './network-sites.js';

export interface ScenarioOptions {
  dir: string;
  samples: number;
  lots: number;
  outageMs: number;
  /** Samples per batch (default 10 000). */
  samplesPerBatch?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** How long everything may take to drain at the end, ms. */
  drainMs?: number;
}

export interface SiteFigures {
  site: string;
  timezone: string;
  /** Batches the site produced (the bad one and the newer agent's included). */
  files: number;
  produced: SiteTotals;
  stored: SiteTotals;
  /** Samples stored more than once at the same tag and time (must be 0). */
  repeatedSamples: number;
  /** Batches recorded at the hub for the site, and distinct batch ids among them. */
  batchesRecorded: number;
  distinctBatchIds: number;
  health: SiteHealth;
}

export interface ScenarioResult {
  sites: SiteFigures[];
  /** SG's outbox when its agent was killed. */
  killedAgentOutbox: { messages: number; bytes: number };
  /** Which site the hub was applying when killed, and the stream sequence. */
  killedHubDuring: { site: string; seq: number };
  pausedMs: number;
  outageMs: number;
  /** Messages on the dead-letter stream, with their reason headers. */
  dead: { subject: string; reason: string; code: string }[];
  statusText: string;
  seconds: number;
}

const SITES = [
  { site: 'LJ', timezone: 'Europe/Ljubljana', env: {} as Record<string, string>, maxBuffer: '64' },
  // An agent whose clock is 5 minutes ahead of the hub's.
  { site: 'NJ', timezone: 'America/New_York', env: { CAUSEWAY_CLOCK_OFFSET_MS: String(5 * 60_000) }, maxBuffer: '64' },
  // An outbox of 1 KB: it holds one message, so it fills at the second batch of the outage.
  { site: 'SG', timezone: 'Asia/Singapore', env: {} as Record<string, string>, maxBuffer: '0.001' },
];

/** Writes a batch file the way a producer should: whole, then renamed into place. */
function drop(inbox: string, name: string, batch: Batch): void {
  const file = path.join(inbox, name);
  writeFileSync(`${file}.tmp`, JSON.stringify(batch));
  renameSync(`${file}.tmp`, file);
}

export async function runNetworkScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const began = Date.now();
  const nats = new NatsServer(await freePort(), path.join(o.dir, 'nats'), path.join(o.dir, 'nats.log'));
  await nats.start();
  const hubDb = path.join(o.dir, 'hub.duckdb');
  const hubArgs = ['hub', '--db', hubDb, '--nats', nats.url];
  let hub = startCli(hubArgs, path.join(o.dir, 'hub.log'));
  const pairs = o.lots / 2;
  const plans = SITES.map((s, i) => {
    const sitePairs = Math.floor(pairs / 3) + (i < pairs % 3 ? 1 : 0);
    const samples = Math.floor(o.samples / 3) + (i < o.samples % 3 ? 1 : 0);
    const { batches, totals } = siteBatches({ site: s.site, timezone: s.timezone, samples, lots: sitePairs * 2, ...(o.samplesPerBatch ? { samplesPerBatch: o.samplesPerBatch } : {}) });
    if (s.site === 'LJ') batches.splice(Math.floor(batches.length / 2), 0, badBatch('LJ'));
    const inbox = path.join(o.dir, s.site, 'inbox');
    mkdirSync(inbox, { recursive: true });
    return { ...s, batches, totals, inbox, outbox: path.join(o.dir, s.site, 'outbox.duckdb'), next: 0 };
  });
  const agentArgs = (p: (typeof plans)[number]) => ['agent', '--site', p.site, '--hub', nats.url, '--inbox', p.inbox, '--outbox', p.outbox, '--max-buffer', p.maxBuffer, '--timezone', p.timezone];
  const agents = new Map<string, Proc>(plans.map((p) => [p.site, startCli(agentArgs(p), path.join(o.dir, `${p.site}.log`), p.env)]));
  const produce = (upTo: number) => {
    for (const p of plans) {
      const end = Math.round(p.batches.length * upTo);
      for (; p.next < end; p.next++) drop(p.inbox, `${String(p.next).padStart(6, '0')}.json`, p.batches[p.next]!);
    }
  };
  // The test's own view of the network: the hub's health bucket and the consumers.
  const nc = await connectNats(nats.url, 'scenario');
  const kvm = new Kvm(jetstream(nc));
  const health = async (): Promise<SiteHealth[] | undefined> => {
    try {
      const e = await (await kvm.open(HEALTH_BUCKET)).get('health');
      return e ? e.json<{ sites: SiteHealth[] }>().sites : undefined;
    } catch {
      return undefined;
    }
  };

  // 1. A first third; some of it applied.
  produce(1 / 3);
  await waitFor(async () => ((await health())?.filter((h) => h.batches >= 2).length === 3) || undefined, 120_000, 'every site to have 2 batches applied');
  log(`phase 1: applied at every site after ${((Date.now() - began) / 1000).toFixed(1)} s`);

  // 2. The hub paused while the sites go on.
  const pausedAt = Date.now();
  hub.signal('SIGSTOP');
  produce(0.45);
  await new Promise((r) => setTimeout(r, 3_000));
  hub.signal('SIGCONT');
  const pausedMs = Date.now() - pausedAt;
  log(`phase 2: hub paused ${pausedMs} ms`);

  // 3. The link down; SG's outbox fills and its agent is killed with it full.
  await nats.stop();
  const downAt = Date.now();
  const sgLogBefore = agents.get('SG')!.output().length;
  produce(2 / 3);
  const sg = plans.find((p) => p.site === 'SG')!;
  await waitFor(() => agents.get('SG')!.output().slice(sgLogBefore).includes('the outbox holds') || undefined, Math.max(o.outageMs, 30_000), "SG's outbox to fill");
  await agents.get('SG')!.stop('SIGKILL');
  const box = await Outbox.open(sg.outbox);
  const killedAgentOutbox = await box.depth();
  box.close();
  log(`phase 3: link down; SG killed with ${killedAgentOutbox.messages} messages (${killedAgentOutbox.bytes} bytes) in its outbox, ${readdirSync(sg.inbox).filter((n) => n.endsWith('.json')).length} files waiting in its inbox`);
  agents.set('SG', startCli(agentArgs(sg), path.join(o.dir, 'SG.log'), sg.env));
  await new Promise((r) => setTimeout(r, Math.max(0, o.outageMs - (Date.now() - downAt))));
  await nats.start();
  const outageMs = Date.now() - downAt;
  log(`phase 3: link back after ${outageMs} ms`);

  // 4. The hub killed while it applies a batch (a message delivered, not yet acknowledged).
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  const during = await waitFor(async () => {
    for (const p of plans) {
      try {
        const info = await jsm.consumers.info(siteStream(p.site), HUB_CONSUMER);
        if (info.num_ack_pending > 0) return { site: p.site, seq: info.delivered.stream_seq };
      } catch {
        // reconnecting
      }
    }
    return undefined;
  }, 120_000, 'the hub to be applying a batch', 10);
  await hub.stop('SIGKILL');
  log(`phase 4: hub killed while applying ${during.site} seq ${during.seq}`);
  hub = startCli(hubArgs, path.join(o.dir, 'hub.log'));

  // 5. The rest, and everything drained; among it a batch from an agent newer than the hub.
  produce(1);
  const newer = encodeBatch('NJ', { source: 'lims', discrete: [{ lot: 'NJ-G00000', parameter: 'lod', value: 2 }] }, new Date());
  const h = natsHeaders();
  for (const [k, v] of Object.entries(newer.headers)) if (k !== 'Nats-Msg-Id') h.set(k, v);
  h.set('Causeway-Schema', String(WIRE_SCHEMA + 1));
  await jetstream(nc).publish(newer.subject, newer.data, { msgID: `${newer.msgId}.v${WIRE_SCHEMA + 1}`, headers: h });
  const files = new Map(plans.map((p) => [p.site, p.batches.length + (p.site === 'NJ' ? 1 : 0)]));
  const final = await waitFor(async () => {
    const h = await health();
    const done = h && plans.every((p) => {
      const s = h.find((x) => x.site === p.site);
      return s && s.batches + s.parked === files.get(p.site) && s.outbox?.messages === 0 && s.pending === 0;
    });
    return done ? h : undefined;
  }, o.drainMs ?? 600_000, 'every batch applied or parked', 500);
  log(`phase 5: drained after ${((Date.now() - began) / 1000).toFixed(1)} s`);

  const status = await new Promise<string>((resolve) => {
    const p = startCli(['hub', 'status', '--db', hubDb, '--nats', nats.url], path.join(o.dir, 'status.log'));
    p.child.once('exit', () => resolve(p.output()));
  });
  const dead: ScenarioResult['dead'] = [];
  const consumer = await jetstream(nc).consumers.get(DEAD_STREAM);
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) break;
    dead.push({ subject: m.subject, reason: m.headers?.get('Causeway-Reason') ?? '', code: m.headers?.get('Causeway-Code') ?? '' });
  }
  await nc.close();
  for (const a of agents.values()) await a.stop();
  await hub.stop();
  await nats.stop();

  const store = await Store.open(hubDb, { readOnly: true });
  try {
    const sites: SiteFigures[] = [];
    for (const p of plans) sites.push({
      site: p.site, timezone: p.timezone, files: files.get(p.site)!, produced: p.totals, stored: await storedTotals(store, p.site),
      repeatedSamples: Number(await store.value(`SELECT count(*) - count(DISTINCT (tag, time)) FROM samples WHERE starts_with(tag, $1)`, [`${p.site}.`])),
      batchesRecorded: Number(await store.value(`SELECT count(*) FROM batches WHERE starts_with(source, $1)`, [`${p.site}/`])),
      distinctBatchIds: Number(await store.value(`SELECT count(DISTINCT batch_id) FROM batches WHERE starts_with(source, $1)`, [`${p.site}/`])),
      health: final.find((h) => h.site === p.site)!,
    });
    return { sites, killedAgentOutbox, killedHubDuring: during, pausedMs, outageMs, dead, statusText: status, seconds: (Date.now() - began) / 1000 };
  } finally {
    store.close();
  }
}

/** What the hub's store holds of one site, computed as the site's totals are. */
async function storedTotals(store: Store, site: string): Promise<SiteTotals> {
  const s = await store.one<Record<string, unknown>>(
    `SELECT count(*) AS n, coalesce(sum(value), 0) AS v, coalesce(sum(epoch(time)), 0) AS t FROM samples WHERE starts_with(tag, $1)`, [`${site}.`]);
  const l = await store.one<Record<string, unknown>>(
    `SELECT count(*) AS n, coalesce(sum(epoch(start_time)) FILTER (WHERE material = 'TAB'), 0) AS tab FROM lots WHERE site = $1`, [site]);
  const d = await store.one<Record<string, unknown>>(
    `SELECT count(*) AS n, coalesce(sum(value), 0) AS v FROM discrete WHERE lot IN (SELECT lot FROM lots WHERE site = $1)`, [site]);
  const g = await store.value(`SELECT count(*) FROM genealogy WHERE parent_lot IN (SELECT lot FROM lots WHERE site = $1)`, [site]);
  return {
    samples: Number(s!.n), valueSum: Number(s!.v), timeSum: Number(s!.t), lots: Number(l!.n), discrete: Number(d!.n),
    discreteSum: Number(d!.v), genealogy: Number(g), tabletStartSum: Number(l!.tab),
  };
}
