import { Option, type Command } from 'commander';
import { writeChart } from '../chart/files.js';
import { renderCapability } from '../chart/histogram-svg.js';
import { AppError } from '../core/errors.js';
import { type CapabilityResult, type DistributionChoice, type IndexName, type SpecLimits } from '../spc/capability.js';
import { capabilityReport } from '../spc/capability-report.js';
import { action, fmtNum, numFlag, output, withCommon, withStore, type CommonOptions } from './common.js';

interface CapabilityFlags extends CommonOptions {
  material?: string;
  site?: string;
  from?: string;
  to?: string;
  lsl?: string;
  usl?: string;
  target?: string;
  distribution?: string;
  confidence?: string;
  svg?: string;
  png?: string;
}

const DISTRIBUTIONS: readonly DistributionChoice[] = ['auto', 'normal', 'lognormal', 'weibull', 'box-cox'];
const NAMES: Record<IndexName, string> = { cp: 'Cp', cpl: 'Cpl', cpu: 'Cpu', cpk: 'Cpk', cpm: 'Cpm', pp: 'Pp', ppl: 'Ppl', ppu: 'Ppu', ppk: 'Ppk' };

const num = (name: string, v: string | undefined): number | undefined => (v === undefined ? undefined : numFlag(name, v, '80'));

/** The capability report as text a quality person reads. */
export function capabilityText(parameter: string, material: string, r: CapabilityResult, specNote: string): string {
  const lines = [
    `${parameter} of ${material}: n ${r.n}, mean ${fmtNum(r.mean)}, σ within ${fmtNum(r.sigmaWithin)} (${r.sigmaWithinMethod}), σ overall ${fmtNum(r.sdOverall)}`,
    `specification: ${[r.spec.lsl !== undefined ? `LSL ${r.spec.lsl}` : '', r.spec.usl !== undefined ? `USL ${r.spec.usl}` : '', r.spec.target !== undefined ? `target ${r.spec.target}` : ''].filter(Boolean).join(', ')} (${specNote})`,
    'pValue' in r.normality ? `normality: Anderson–Darling A² ${fmtNum(r.normality.a2)}, p ${fmtNum(r.normality.pValue)}` : `normality: ${r.normality.skipped}`,
    '',
    `index  value   ${Math.round(r.confidence * 100)} % interval`,
  ];
  for (const k of Object.keys(NAMES) as IndexName[]) {
    const e = r.indices[k];
    if (e) lines.push(`${NAMES[k].padEnd(6)} ${e.value.toFixed(3).padStart(6)}  [${e.lower!.toFixed(3)}, ${e.upper!.toFixed(3)}]`);
  }
  if (r.nonNormal) {
    const nn = r.nonNormal;
    lines.push('', `method: ${nn.method} (percentiles 0.135 % ${fmtNum(nn.p00135)}, 50 % ${fmtNum(nn.p50)}, 99.865 % ${fmtNum(nn.p99865)})` +
      (nn.candidates.length ? `; fits by A²: ${nn.candidates.map((c) => `${c.kind} ${fmtNum(c.a2)}`).join(', ')}` : nn.lambda !== undefined ? `; λ ${fmtNum(nn.lambda)}` : ''));
    lines.push(`  ${[nn.pp !== undefined ? `Pp ${nn.pp.toFixed(3)}` : '', nn.ppl !== undefined ? `Ppl ${nn.ppl.toFixed(3)}` : '', nn.ppu !== undefined ? `Ppu ${nn.ppu.toFixed(3)}` : '', `Ppk ${nn.ppk.toFixed(3)}`].filter(Boolean).join('  ')}`);
  } else lines.push('', 'method: normal');
  const p = r.ppm;
  lines.push(`ppm expected (${p.basis}): below ${fmtNum(p.expectedOverall.below)}, above ${fmtNum(p.expectedOverall.above)}, total ${fmtNum(p.expectedOverall.total)}`);
  lines.push(`ppm observed: below ${fmtNum(p.observed.below)}, above ${fmtNum(p.observed.above)}, total ${fmtNum(p.observed.total)}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

/** `causeway capability PARAM`: capability against the specification valid at the lots' time. */
export function register(program: Command): void {
  withCommon(
    program.command('capability').argument('<parameter>', 'parameter or feature name')
      .description('process capability (Cp, Cpk, Pp, Ppk, Cpm with confidence intervals), normality check, non-normal methods, ppm'),
  )
    .addOption(new Option('--material <m>', '[string] material the parameter belongs to (default: the only one that has it)'))
    .addOption(new Option('--site <site>', '[string] only lots of this site'))
    .addOption(new Option('--from <time>', '[string] lots starting at or after, ISO 8601'))
    .addOption(new Option('--to <time>', '[string] lots starting before (exclusive), ISO 8601'))
    .addOption(new Option('--lsl <x>', '[number] lower specification limit (default: the stored specification valid at the last lot)'))
    .addOption(new Option('--usl <x>', '[number] upper specification limit (default: as --lsl)'))
    .addOption(new Option('--target <x>', '[number] target (default: stored, else the midpoint of a two-sided specification)'))
    .addOption(new Option('--distribution <d>', `[string] ${DISTRIBUTIONS.join('|')} (default: auto — log-normal or Weibull when Anderson–Darling p < 0.05)`))
    .addOption(new Option('--confidence <c>', '[number] confidence level of the intervals (default: 0.95)'))
    .addOption(new Option('--svg <file>', '[string] write the capability histogram as SVG'))
    .addOption(new Option('--png <file>', '[string] write it as PNG'))
    .action(action(async (parameter: string, flags: CapabilityFlags) => {
      const dist = (flags.distribution ?? 'auto') as DistributionChoice;
      if (!DISTRIBUTIONS.includes(dist)) throw new AppError('bad_flag', `--distribution '${flags.distribution}' is not known`, `use one of ${DISTRIBUTIONS.join(', ')}`);
      await withStore(flags, async (store) => {
        const [lsl, usl, target] = [num('lsl', flags.lsl), num('usl', flags.usl), num('target', flags.target)];
        const spec: SpecLimits = { ...(lsl !== undefined ? { lsl } : {}), ...(usl !== undefined ? { usl } : {}), ...(target !== undefined ? { target } : {}) };
        const rep = await capabilityReport(store, {
          parameter, spec, distribution: dist,
          ...(flags.material ? { material: flags.material } : {}), ...(flags.site ? { site: flags.site } : {}),
          ...(flags.from ? { from: flags.from } : {}), ...(flags.to ? { to: flags.to } : {}),
          ...(flags.confidence ? { confidence: num('confidence', flags.confidence)! } : {}),
        });
        const r = rep.result;
        const files = flags.svg || flags.png
          ? await writeChart(renderCapability(rep.values, r, { title: parameter, subtitle: `${rep.material} · ${rep.specSource}` }), flags)
          : [];
        output(flags, { parameter, material: rep.material, specSource: rep.specSource, ...r, notes: rep.notes, files },
          () => capabilityText(parameter, rep.material, r, rep.specSource) + files.map((f) => `\nchart written to ${f}`).join(''));
      }, true);
    }));
}
