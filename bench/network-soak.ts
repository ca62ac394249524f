/**
 * Soak run of a network of sites at the size of issue 13: 1 000 000 samples and 2 000 lots with
 * results and genealogy produced at three sites, a 60 s link outage, the hub paused, an agent
 * killed with a full outbox, the hub killed while it applies (test/support/network-scenario.ts;
 * `npm test` runs the same scenario at a tenth of the size). Prints per site what was produced
 * and what the hub holds — counts and checksums — as the table in docs/reliability.md.
 *
 * `npm run soak:network` (builds first). Env: SOAK_SAMPLES, SOAK_LOTS, SOAK_OUTAGE_S.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNetworkScenario } from '../test/support/network-scenario.js';

const samples = Number(process.env.SOAK_SAMPLES ?? 1_000_000);
const lots = Number(process.env.SOAK_LOTS ?? 2_000);
const outageS = Number(process.env.SOAK_OUTAGE_S ?? 60);
const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-soak-'));
const started = new Date();
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const loadBefore = load();
console.log(`soak: ${samples} samples, ${lots} lots, ${outageS} s outage, in ${dir}`);
try {
  const r = await runNetworkScenario({ dir, samples, lots, outageMs: outageS * 1000, drainMs: 3_600_000, log: (l) => console.log(`  ${l}`) });
  const ok = (a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? 'yes' : 'NO');
  console.log(`\nRun on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, load average (1/5/15 min) ${loadBefore} at the start, ${load()} at the end; ${r.seconds.toFixed(0)} s in all.`);
  console.log(`Faults: hub paused ${(r.pausedMs / 1000).toFixed(1)} s; link down ${(r.outageMs / 1000).toFixed(1)} s; SG's agent killed with ${r.killedAgentOutbox.messages} message(s) (${r.killedAgentOutbox.bytes} bytes) in its full outbox; hub killed while applying ${r.killedHubDuring.site} stream seq ${r.killedHubDuring.seq}.\n`);
  console.log('| site | batches sent | applied | parked | redelivered, skipped | samples produced / stored | sum of values produced / stored | sum of times (s) produced / stored | lots | results (sum) | genealogy links | same? |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const s of r.sites) {
    const p = s.produced, t = s.stored;
    console.log(`| ${s.site} | ${s.files} | ${s.health.batches} | ${s.health.parked} | ${s.health.duplicates} | ${p.samples} / ${t.samples} | ${p.valueSum} / ${t.valueSum} | ${p.timeSum} / ${t.timeSum} | ${p.lots} / ${t.lots} | ${p.discrete} (${p.discreteSum}) / ${t.discrete} (${t.discreteSum}) | ${p.genealogy} / ${t.genealogy} | ${ok(p, t)}, ${s.repeatedSamples} repeated |`);
  }
  console.log(`\nParked: ${r.dead.map((d) => `${d.subject} ${d.code}: ${d.reason.slice(0, 140)}`).join(' | ')}`);
  console.log(`\n${r.statusText}`);
  if (r.sites.some((s) => JSON.stringify(s.stored) !== JSON.stringify(s.produced) || s.repeatedSamples > 0)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
