/**
 * A network of three sites and one hub, real processes of the built CLI over a NATS server of
 * the test's own, through the faults of issue 13 at a small size (100 000 samples, 200 lots,
 * a 10 s outage; the full size is `npm run soak:network`, figures in docs/reliability.md):
 * the hub paused, the link down, an agent killed with a full outbox, the hub killed while it
 * applies, a bad batch, a batch from a newer agent, an agent whose clock is 5 minutes ahead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_NATS_SERVER, NATS_SERVER } from './support/network-harness.js';
import { runNetworkScenario, type ScenarioResult } from './support/network-scenario.js';

const suite = HAS_NATS_SERVER ? describe : describe.skip;
if (!HAS_NATS_SERVER) console.warn(`no NATS server at ${NATS_SERVER} (apt-get install nats-server, or set CAUSEWAY_NATS_SERVER); skipping the network test`);

suite('a network of sites: agents, NATS JetStream and the hub', () => {
  let dir: string;
  let r: ScenarioResult;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-network-'));
    r = await runNetworkScenario({ dir, samples: 100_000, lots: 200, outageMs: 10_000, samplesPerBatch: 5_000, drainMs: 400_000 });
  }, 600_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('went through every fault: hub paused, link down, an agent killed with its outbox full, the hub killed while applying', () => {
    expect(r.pausedMs).toBeGreaterThanOrEqual(3_000);
    expect(r.outageMs).toBeGreaterThanOrEqual(10_000);
    expect(r.killedAgentOutbox.messages).toBeGreaterThanOrEqual(1);
    expect(['LJ', 'NJ', 'SG']).toContain(r.killedHubDuring.site);
  });

  it('holds every row the sites produced exactly once: counts and checksums per site', () => {
    expect(r.sites.map((s) => s.site)).toEqual(['LJ', 'NJ', 'SG']);
    expect(r.sites.reduce((n, s) => n + s.produced.samples, 0)).toBe(100_000);
    expect(r.sites.reduce((n, s) => n + s.produced.lots, 0)).toBe(200);
    for (const s of r.sites) {
      expect(s.stored).toEqual(s.produced);
      expect(s.repeatedSamples).toBe(0);
      // One batch record per message applied; the redeliveries were skipped unread.
      expect(s.batchesRecorded).toBe(s.distinctBatchIds);
      expect(s.health.batches).toBe(s.batchesRecorded);
    }
    // Tablet lots' starts were sent as local times of each site (no offset); the sums above are of
    // the UTC instants, so their equality says each was read in its own site's time zone.
    expect(r.sites.every((s) => s.stored.tabletStartSum > 0)).toBe(true);
  });

  it("parks a batch that fails the checks on the dead-letter subject with its reason, and the site's stream goes on", () => {
    const lj = r.sites.find((s) => s.site === 'LJ')!;
    expect(lj.health.parked).toBe(1);
    expect(lj.health.lastParked!.reason).toContain("unknown lot (value 'LJ-NO-SUCH-LOT')");
    expect(lj.health.batches + lj.health.parked).toBe(lj.files);
    const dead = r.dead.filter((d) => d.subject === 'causeway.dead.LJ');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.code).toBe('invalid_input');
    expect(dead[0]!.reason).toContain("unknown lot (value 'LJ-NO-SUCH-LOT')");
  });

  it('parks a batch of a newer message format with a reason that says to upgrade the hub', () => {
    const nj = r.sites.find((s) => s.site === 'NJ')!;
    expect(nj.health.parked).toBe(1);
    expect(nj.health.lastParked!.reason).toContain('made by a newer causeway than this hub');
    const dead = r.dead.filter((d) => d.subject === 'causeway.dead.NJ');
    expect(dead.map((d) => d.code)).toEqual(['newer_schema']);
  });

  it('flags the agent whose clock is 5 minutes ahead, and measures lag on the hub clock', () => {
    const nj = r.sites.find((s) => s.site === 'NJ')!;
    expect(nj.health.skewSeconds!).toBeGreaterThan(290);
    expect(nj.health.skewSeconds!).toBeLessThan(310);
    expect(nj.health.flags.some((f) => f.startsWith('agent clock 5.0 min ahead'))).toBe(true);
    for (const s of r.sites) {
      expect(s.health.lagSeconds).toBe(0);
      // From queued at the site to applied: never negative, even for the agent that is ahead.
      expect(s.health.lastTransitSeconds!).toBeGreaterThanOrEqual(0);
      expect(s.health.timezone).toBe(s.timezone);
    }
    expect(r.sites.find((s) => s.site === 'SG')!.health.status).toBe('ok');
  });

  it('`causeway hub status` reads the running hub\'s health from NATS while the hub holds the store', () => {
    expect(r.statusText).toMatch(/^site\s+status\s+lag s/m);
    expect(r.statusText).toMatch(/^NJ\s+attention/m);
    expect(r.statusText).toContain('LJ: 1 batch parked');
  });
});
