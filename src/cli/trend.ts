import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { trendVerb } from '../context/context-verbs.js';
import type { TrendResult } from '../context/trend.js';
import type { Json } from '../core/json.js';
import { fmtNum } from './common.js';
import { verbCommand } from './verb-command.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The points as JSON-friendly rows: [time ISO, value] per point, bad sample times apart. */
export function trendJson(t: Json<TrendResult>): unknown {
  return {
    from: t.from, to: t.to, width: t.width,
    series: t.series.map((s) => ({
      tag: s.tag, unit: s.unit, mode: s.mode, bucketSeconds: s.bucketSeconds, samples: s.samples, badSamples: s.badSamples,
      points: s.time.map((ms, i) => [iso(ms), s.value[i]]), bad: s.bad.map(iso),
    })),
  };
}

/** CSV of the points: tag,time,value,quality (bad rows have no value). */
export function trendCsv(t: Json<TrendResult>): string {
  const lines = ['tag,time,value,quality'];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const s of t.series) {
    for (let i = 0; i < s.time.length; i++) lines.push(`${q(s.tag)},${iso(s.time[i]!)},${s.value[i]},good`);
    for (const b of s.bad) lines.push(`${q(s.tag)},${iso(b)},,bad`);
  }
  return lines.join('\n') + '\n';
}

function text(t: Json<TrendResult>, csv: unknown): string {
  const lines = [`${t.from} – ${t.to}, width ${t.width} px`];
  for (const s of t.series) {
    let lo = Infinity, hi = -Infinity;
    for (const v of s.value) {
      if (v === null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = s.value.length ? `, values ${fmtNum(lo)} … ${fmtNum(hi)}${s.unit ? ' ' + s.unit : ''}` : ', no good values';
    lines.push(`${s.tag}: ${s.samples} samples (${s.badSamples} bad), ${s.value.length} points (${s.mode}${s.bucketSeconds ? ` from ${s.bucketSeconds}-s trend levels` : ''})${range}`);
  }
  if (csv) lines.push(`points written to ${String(csv)}`);
  return lines.join('\n');
}

/** `causeway trend TAG…`: values for a chart of a given width (M4 down-sampling in the store). */
export function register(program: Command): void {
  verbCommand({
    verb: trendVerb, parent: program,
    options: [new Option('--csv <file>', '[string] also write the points to a CSV file')],
    after: async ({ result, flags }) => {
      if (flags.csv) await writeFile(String(flags.csv), trendCsv(result));
      return {};
    },
    json: (t) => trendJson(t),
    text: (t, _x, flags) => text(t, flags.csv),
  });
}
