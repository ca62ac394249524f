import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { trend, type TrendResult } from '../context/trend.js';
import { action, fmtNum, intFlag, output, withCommon, withStore, type CommonOptions } from './common.js';

interface TrendFlags extends CommonOptions {
  from?: string;
  to?: string;
  width?: string;
  lot?: string;
  csv?: string;
  exact?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The points as JSON-friendly rows: [time ISO, value] per point, bad sample times apart. */
export function trendJson(t: TrendResult): unknown {
  return {
    from: t.from, to: t.to, width: t.width,
    series: t.series.map((s) => ({
      tag: s.tag, unit: s.unit, mode: s.mode, bucketSeconds: s.bucketSeconds, samples: s.samples, badSamples: s.badSamples,
      points: Array.from(s.time, (ms, i) => [iso(ms), s.value[i]]), bad: Array.from(s.bad, iso),
    })),
  };
}

/** CSV of the points: tag,time,value,quality (bad rows have no value). */
export function trendCsv(t: TrendResult): string {
  const lines = ['tag,time,value,quality'];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const s of t.series) {
    for (let i = 0; i < s.time.length; i++) lines.push(`${q(s.tag)},${iso(s.time[i]!)},${s.value[i]},good`);
    for (const b of s.bad) lines.push(`${q(s.tag)},${iso(b)},,bad`);
  }
  return lines.join('\n') + '\n';
}

/** `causeway trend TAG…`: values for a chart of a given width (M4 down-sampling in the store). */
export function register(program: Command): void {
  withCommon(
    program
      .command('trend')
      .argument('<tags...>', 'one or more tags')
      .description('values of tags for a chart of a given width: raw when few, else first/last/min/max per pixel column (M4, from the trend levels)'),
  )
    .addOption(new Option('--from <time>', '[string] start, ISO 8601 (default: the lot start with --lot)'))
    .addOption(new Option('--to <time>', '[string] end (exclusive), ISO 8601 (default: the lot end with --lot)'))
    .addOption(new Option('--width <px>', '[number] pixel columns of the chart (default: 1600)'))
    .addOption(new Option('--lot <lot>', "[string] limit to this lot's time span"))
    .addOption(new Option('--csv <file>', '[string] also write the points to a CSV file'))
    .addOption(new Option('--exact', '[boolean] M4 over the samples, never the trend levels (slower; exact to the pixel; default: false)'))
    .action(
      action(async (tags: string[], flags: TrendFlags) => {
        await withStore(flags, async (store) => {
          const t = await trend(store, {
            tags,
            ...(flags.from !== undefined ? { from: flags.from } : {}),
            ...(flags.to !== undefined ? { to: flags.to } : {}),
            ...(flags.width !== undefined ? { width: intFlag('width', flags.width) } : {}),
            ...(flags.lot !== undefined ? { lot: flags.lot } : {}),
            exact: flags.exact === true,
          });
          if (flags.csv) await writeFile(flags.csv, trendCsv(t));
          output(flags, trendJson(t), () => {
            const lines = [`${t.from.toISOString()} – ${t.to.toISOString()}, width ${t.width} px`];
            for (const s of t.series) {
              let lo = Infinity, hi = -Infinity;
              for (const v of s.value) { if (v < lo) lo = v; if (v > hi) hi = v; }
              const range = s.value.length ? `, values ${fmtNum(lo)} … ${fmtNum(hi)}${s.unit ? ' ' + s.unit : ''}` : ', no good values';
              lines.push(`${s.tag}: ${s.samples} samples (${s.badSamples} bad), ${s.value.length} points (${s.mode}${s.bucketSeconds ? ` from ${s.bucketSeconds}-s trend levels` : ''})${range}`);
            }
            if (flags.csv) lines.push(`points written to ${flags.csv}`);
            return lines.join('\n');
          });
        }, true);
      }),
    );
}
