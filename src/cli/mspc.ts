import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Json } from '../core/json.js';
import type { FitSummary } from '../explain/mspc/mspc-monitor.js';
import { mspcContribFigureVerb, mspcContribVerb, mspcFitVerb, mspcScoreFigureVerb, mspcScoreVerb } from '../explain/mspc/mspc-verbs.js';
import { fmtNum, table } from './common.js';
import { verbCommand } from './verb-command.js';

const svgOption = () => new Option('--svg <file>', '[string] write a chart to this SVG file');

function fitText(d: Json<FitSummary>): string {
  const head = `${d.name} v${d.version}: ${d.kind.toUpperCase()} with ${d.components} components (${d.selection.kind === 'cv' ? 'chosen by cross-validation, minimum PRESS' : 'stated'}) on ${d.n} rows × ${d.variables.length} variables` +
    (d.excluded ? ` (${d.excluded} rows with a missing value left out)` : '');
  const fit = 'cumulative' in d ? `variance explained: ${fmtNum(100 * d.cumulative)} %` : `R²X ${fmtNum(d.r2x.at(-1)!)}, R²Y ${fmtNum(d.r2y.at(-1)!)}`;
  const limits = `limits at ${d.confidence * 100} %: T² ${fmtNum(d.t2LimitNew)} for new observations (A(n-1)(n+1)/(n(n-A))·F), ${fmtNum(d.t2LimitTraining)} for training rows (A(N-1)/(N-A)·F); SPE ${fmtNum(d.speLimit)} (Jackson–Mudholkar)`;
  const sel = d.selection;
  const cv = sel.kind === 'cv' ? '\n\n' + table(sel.press.map((p, a) => ({ components: a, PRESS: p, Q2: sel.q2[a] }))) : '';
  return [head, fit, limits].join('\n') + cv;
}

/** `causeway mspc fit|score|contrib`: multivariate monitoring with PCA and PLS models. */
export function register(program: Command): void {
  const mspc = program.command('mspc').description('multivariate monitoring: PCA/PLS models with Hotelling T² and SPE limits, scores and contributions');
  verbCommand({ verb: mspcFitVerb, parent: mspc, text: fitText });
  verbCommand({
    verb: mspcScoreVerb, parent: mspc, options: [svgOption()],
    after: async ({ conn, raw, flags }) => {
      if (flags.svg) writeFileSync(String(flags.svg), await conn.call(mspcScoreFigureVerb, raw));
      return {};
    },
    text: (r, _x, flags) => {
      const head = `${r.model} v${r.version} (${r.kind.toUpperCase()}, ${r.components} components): ${r.rows.length} rows scored` +
        (r.skipped.length ? `, ${r.skipped.length} not scored (missing values)` : '');
      const lim = `T² limit ${fmtNum(r.t2Limit)} [${r.t2FormText}], SPE limit ${fmtNum(r.speLimit)} [Jackson–Mudholkar], ${r.confidence * 100} %`;
      const flagged = `above the limit: T² ${r.flagged.t2}, SPE ${r.flagged.spe}`;
      const trainedNote = r.rows.some((x) => x.inTraining) && r.t2Form === 'phase2' ? '\nrows marked * were used to fit the model; judge them with --limit training' : '';
      return [head, lim, flagged + trainedNote, '', table(r.rows.map((x) => ({ row: x.row + (x.inTraining ? ' *' : ''), 'T²': x.t2, SPE: x.spe, flag: [x.t2Out ? 'T²' : '', x.speOut ? 'SPE' : ''].filter(Boolean).join('+') })))].join('\n') +
        (flags.svg ? `\nchart written to ${String(flags.svg)}` : '');
    },
  });
  verbCommand({
    verb: mspcContribVerb, parent: mspc, options: [svgOption()],
    after: async ({ conn, raw, flags }) => {
      if (flags.svg) writeFileSync(String(flags.svg), await conn.call(mspcContribFigureVerb, raw));
      return {};
    },
    text: (r, _x, flags) =>
      `${r.row}: T² ${fmtNum(r.t2)} (limit ${fmtNum(r.t2Limit)}), SPE ${fmtNum(r.spe)} (limit ${fmtNum(r.speLimit)})\n` +
      'T² contributions are scores-weighted and sum to T²; SPE contributions are squared residuals and sum to SPE; z is in training sd.\n\n' +
      table(r.contributions.map((x) => ({ variable: x.variable, 'T² contrib': x.t2, 'SPE contrib': x.spe, z: x.z }))) + (flags.svg ? `\nchart written to ${String(flags.svg)}` : ''),
  });
}
