/**
 * The request of `explain`: one schema for the CLI, the HTTP API and the web form (safe in the
 * browser). The verb is in `explain-verbs.ts`.
 */
import { z } from 'zod';
import { field } from '../../core/errors.js';
import { flag, int, isoTime, list, num, text, type Issue } from '../../core/fields.js';

/** Why does a quality attribute vary between lots? */
export const explainFields = z.object({
  target: text().meta({ title: 'Target (what varies)', description: 'a parameter or feature of the material’s lots, e.g. dissolution', examples: ['dissolution'] }),
  material: text().meta({ title: 'Material', description: 'the material whose lots are compared' }),
  site: text().optional().meta({ title: 'Site', description: 'only lots of this site (default: all)' }),
  from: isoTime().optional().meta({ title: 'From', description: 'only lots that started at or after this time (default: no limit)' }),
  to: isoTime().optional().meta({ title: 'To', description: 'only lots that started before this time (default: no limit)' }),
  spec: flag().default(false).meta({ title: 'Out of specification', description: 'explain pass/fail against the specification valid at each lot (default: the numeric value)' }),
  bad: text(300).optional().meta({ title: 'Bad lots are', description: 'explain pass/fail by an expression, e.g. "dissolution < 85"', examples: ['"dissolution < 85"'] }),
  alpha: num({ min: 0.0001, max: 0.5 }).default(0.05).meta({ title: 'False discovery rate', description: 'false discovery rate for drivers', examples: ['0.05'] }),
  minN: int(3, 100000).default(10).meta({ title: 'Fewest lots', description: 'fewest lots with both values for a candidate to be tested', examples: ['10'] }),
  maxDrivers: int(1, 30).default(8).meta({ title: 'Largest model', description: 'largest joint model', examples: ['8'] }),
  exclude: list(100).optional().meta({ title: 'Leave out', description: 'name fragments of candidates to leave out, comma-separated' }),
  includeOutcomes: flag().default(false).meta({ title: 'Include outcomes', description: 'keep other quality attributes (CQA) of the same lot as candidates' }),
  plots: flag().default(false).meta({ title: 'Plots', description: 'also answer the top drivers’ scatter or box plots as one SVG (plots)' }),
});

/** Checks of an explain request: one way of judging the target. */
export function explainRules(v: z.output<typeof explainFields>, issue: Issue): void {
  if (v.spec && v.bad !== undefined) issue('bad', `give ${field('spec')} or ${field('bad')}, not both`);
}
