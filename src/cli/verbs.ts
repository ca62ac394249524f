import type { Command } from 'commander';

/** A verb module: registers its command(s) on the program. */
export type VerbModule = { register: (program: Command) => void };

/**
 * Every CLI verb: the command names it registers and its module under `src/cli/`, in the order
 * `causeway --help` lists them. Only the module of the verb being run is loaded, so a command
 * starts without importing every other verb's dependencies.
 */
export const VERBS: Array<{ names: string[]; load: () => Promise<VerbModule> }> = [
  { names: ['start'], load: () => import('./start.js') },
  { names: ['demo'], load: () => import('./demo.js') },
  { names: ['import'], load: () => import('./import.js') },
  { names: ['info'], load: () => import('./info.js') },
  { names: ['lots'], load: () => import('./lots.js') },
  { names: ['parameters'], load: () => import('./parameters.js') },
  { names: ['genealogy'], load: () => import('./genealogy.js') },
  { names: ['export'], load: () => import('./export.js') },
  { names: ['features', 'feature'], load: () => import('./features.js') },
  { names: ['trend'], load: () => import('./trend.js') },
  { names: ['dataset'], load: () => import('./dataset.js') },
  { names: ['stats'], load: () => import('./stats.js') },
  { names: ['spc'], load: () => import('./spc.js') },
  { names: ['capability'], load: () => import('./capability.js') },
  { names: ['compare'], load: () => import('./compare.js') },
  { names: ['explain'], load: () => import('./explain.js') },
  { names: ['investigate'], load: () => import('./investigate.js') },
  { names: ['mspc'], load: () => import('./mspc.js') },
  { names: ['golden'], load: () => import('./golden.js') },
  { names: ['report'], load: () => import('./report.js') },
  { names: ['audit'], load: () => import('./audit.js') },
  { names: ['sources'], load: () => import('./sources.js') },
  { names: ['worksheets'], load: () => import('./worksheets.js') },
  { names: ['sign'], load: () => import('./sign.js') },
  { names: ['keys'], load: () => import('./keys.js') },
  { names: ['agent'], load: () => import('./agent.js') },
  { names: ['hub'], load: () => import('./hub.js') },
  { names: ['serve'], load: () => import('./serve.js') },
];

/** The verbs to load for these arguments: the one named, or all (for help and unknown verbs). */
export function verbsFor(args: readonly string[]): typeof VERBS {
  const first = args.find((a) => !a.startsWith('-'));
  const hit = VERBS.find((v) => first !== undefined && v.names.includes(first));
  return hit ? [hit] : VERBS;
}
