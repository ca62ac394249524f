/**
 * Rewrites every help block of docs/cli.md (a fenced block starting `Usage: causeway …`) with
 * the help the CLI prints now, so the page shows what `--help` shows.
 * `npx tsx scripts/docs-cli-help.ts` (`--check` only reports).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { helpText } from '../src/cli/program.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'docs', 'cli.md');

/** The command words of a usage line: `Usage: causeway spc limits [options]` → ['spc', 'limits']. */
export function wordsOf(usage: string): string[] {
  const words: string[] = [];
  for (const w of usage.replace(/^Usage: causeway\s*/, '').split(/\s+/)) {
    if (!w || w.startsWith('[') || w.startsWith('<')) break;
    words.push(w);
  }
  return words;
}

const text = readFileSync(file, 'utf8');
let stale = 0;
let out = text;
for (const [block, usage] of [...text.matchAll(/```\n(Usage: causeway[^\n]*)\n[\s\S]*?```/g)]) {
  const next = '```\n' + (await helpText(wordsOf(usage!))) + '\n```';
  if (next !== block) {
    stale++;
    out = out.replace(block, next);
  }
}
if (process.argv.includes('--check')) {
  process.stdout.write(`${stale} help block(s) differ from the CLI\n`);
  process.exitCode = stale ? 1 : 0;
} else {
  writeFileSync(file, out);
  process.stdout.write(`rewrote ${stale} help block(s)\n`);
}
