/**
 * Events other than lab results: alarms where a planned profile crosses a tag's alarm limit,
 * and the tooling story at the drifting site (a CPV trend deviation and the CAPA that replaced
 * the punches). Phase events come straight from the lots' phases (writer.ts); deviations for
 * failed lab results are added by lab.ts.
 */
import type { DemoEvent, DemoLot, DemoNetwork } from './model.js';
import { SIGNALS, SITES, tagName } from './network.js';
import { lateRiseCrossing, lotProfiles } from './profiles.js';

const MINUTE = 60_000;

/** Adds alarms, the trend deviation and the CAPA to `net.events`. */
export function buildEvents(net: DemoNetwork): void {
  for (const lot of net.lots) {
    if (lot.step === 'drying') alarmOnRise(net, lot, 'dryer', 'drying', 'product_temp', 'cooling');
    if (lot.step === 'granulation') alarmOnRise(net, lot, 'granulator', 'wet_massing', 'impeller_power');
  }
  for (const site of SITES.filter((s) => s.toolingWear)) {
    const change = net.lots.find((l) => l.site === site.site && l.step === 'compression' && l.knobs.toolingChange === 1);
    if (!change) continue;
    const before = net.lots.find((l) => l.site === site.site && l.step === 'compression' && l.index === change.index - 1);
    if (before?.end !== undefined) {
      net.events.push({
        event: `DEV-${site.site}-HARDNESS-TREND`, type: 'deviation', name: 'deviation', lot: before.lot, equipment: before.equipment!,
        start: before.end + 6 * 60 * MINUTE, severity: 'minor',
        text: `CPV: core hardness trending down on ${before.equipment} over the campaign (run rule: 8 points below centre line)`,
      });
    }
    net.events.push({
      event: `CAPA-${site.site}-TOOLING`, type: 'capa', name: 'capa', equipment: change.equipment!,
      start: change.start! - 2 * 60 * MINUTE, end: change.start! - 30 * MINUTE, severity: 'major',
      text: `Replace punch and die set of ${change.equipment} (tip wear); add ejection force to the CPV plan`,
    });
  }
}

/** An alarm from the time a late-rise profile crosses its tag's upper limit until `until` phase starts (or the phase ends). */
function alarmOnRise(net: DemoNetwork, lot: DemoLot, cls: 'dryer' | 'granulator', phase: string, signal: string, until?: string): void {
  const def = SIGNALS[cls].find((s) => s.signal === signal);
  const ph = lot.phases.find((p) => p.phase === phase);
  const profile = lotProfiles(cls, lot)?.[phase]?.[signal];
  if (!def?.usl || !ph || !profile) return;
  const u = lateRiseCrossing(profile, def.usl);
  if (u === undefined) return;
  const start = Math.round((ph.start + u * (ph.end - ph.start)) / 1000) * 1000;
  const next = until ? lot.phases.find((p) => p.phase === until) : undefined;
  const end = next ? next.start + 3 * MINUTE : ph.end;
  const tag = tagName(lot.equipment!, signal);
  const e: DemoEvent = {
    event: `ALM-${lot.lot}-${signal}`, type: 'alarm', name: `${tag} HI`, lot: lot.lot, equipment: lot.equipment!,
    start, end, severity: 'high', text: `${tag} above its alarm limit ${def.usl} ${def.unit}`,
  };
  net.events.push(e);
}
