import { Option, type Command } from 'commander';
import { writeChart } from '../chart/files.js';
import type { Json } from '../core/json.js';
import type { CapabilityResult, IndexName } from '../spc/capability.js';
import { capabilityFigureVerb, capabilityVerb } from '../spc/spc-verbs.js';
import { fmtNum } from './common.js';
import { verbCommand } from './verb-command.js';

const NAMES: Record<IndexName, string> = { cp: 'Cp', cpl: 'Cpl', cpu: 'Cpu', cpk: 'Cpk', cpm: 'Cpm', pp: 'Pp', ppl: 'Ppl', ppu: 'Ppu', ppk: 'Ppk' };

/** The capability report as text a quality person reads. */
export function capabilityText(parameter: string, material: string, r: Json<CapabilityResult>, specNote: string): string {
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
  verbCommand({
    verb: capabilityVerb, parent: program,
    options: [
      new Option('--svg <file>', '[string] write the capability histogram as SVG'),
      new Option('--png <file>', '[string] write it as PNG'),
    ],
    after: async ({ conn, raw, flags }) => ({
      files: flags.svg || flags.png ? await writeChart(await conn.call(capabilityFigureVerb, raw), flags as { svg?: string; png?: string }) : [],
    }),
    text: (r, { files }) => capabilityText(r.parameter, r.material, r, r.specSource) + files.map((f) => `\nchart written to ${f}`).join(''),
  });
}
