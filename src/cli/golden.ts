import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { goldenBuildVerb, goldenCheckFigureVerb, goldenCheckVerb } from '../explain/golden/golden-verbs.js';
import { fmtNum, table } from './common.js';
import { verbCommand } from './verb-command.js';

/** `causeway golden build|check`: golden batch envelopes of a signal through a phase, and a lot against one. */
export function register(program: Command): void {
  const golden = program.command('golden').description('golden batch: envelope of a signal through a phase from good lots, and a lot against it');
  verbCommand({
    verb: goldenBuildVerb, parent: golden, description: 'build an envelope from good lots and store it as a model (kind golden)',
    text: (r) =>
      `${r.name} v${r.version}: golden envelope of ${r.signal} in ${r.phase} from ${r.lots.length} lots of ${r.material}\n` +
      `${r.method.kind === 'sd' ? `mean ± ${r.method.k}·sd` : `percentiles ${r.method.low}–${r.method.high}`}, grid ${r.step} s, ` +
      `${r.alignment.kind === 'dtw' ? `aligned by DTW to lot ${r.alignment.reference} (band ${r.alignment.band} points)` : 'aligned on time since phase start'}; ` +
      `${r.withEnvelope} of ${r.gridPoints} grid points have an envelope (≥ ${r.minLots} lots)`,
  });
  verbCommand({
    verb: goldenCheckVerb, parent: golden, description: "a lot's deviation from a stored envelope over time",
    options: [new Option('--svg <file>', '[string] write the chart to this SVG file')],
    after: async ({ conn, raw, flags }) => {
      if (flags.svg) writeFileSync(String(flags.svg), await conn.call(goldenCheckFigureVerb, raw));
      return {};
    },
    text: (d, _x, flags) => {
      const head = `lot ${d.lot}, ${d.signal} in ${d.phase}, against ${d.model} v${d.version}: ${d.outside} of ${d.compared} grid points outside` +
        (d.withoutEnvelope ? `; ${d.withoutEnvelope} points without envelope (beyond the good lots or too few of them)` : '');
      const spans = d.spans.length
        ? table(d.spans.map((s) => ({ 'from (min)': s.from / 60, 'to (min)': s.to / 60, points: s.points, direction: s.direction, 'max dev (sd)': s.maxZ === null ? 'sd = 0' : fmtNum(s.maxZ) })))
        : 'inside the envelope throughout';
      return `${head}\n\n${spans}${flags.svg ? `\nchart written to ${String(flags.svg)}` : ''}`;
    },
  });
}
