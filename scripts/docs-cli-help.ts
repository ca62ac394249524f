/**
 * Rewrites every help block of docs/cli.md (a fenced block starting `Usage: causeway …`) with
 * the help the built CLI prints now, so the page shows what `--help` shows.
 * Run after `npm run build`: `npx tsx scripts/docs-cli-help.ts` (`--check` only reports).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'docs', 'cli.md');
const cli = path.join(root, 'dist', 'cli', 'main.js');

/** The help of `causeway WORDS… --help` as a non-terminal sees it (80 columns). */
export function helpOf(words: string[]): string {
  return execFileSync(process.execPath, [cli, ...words, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } }).trimEnd();
}

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
const out = text.replace(/```\n(Usage: causeway[^\n]*)\n[\s\S]*?```/g, (block, usage: string) => {
  const help = helpOf(wordsOf(usage));
  const next = '```\n' + help + '\n```';
  if (next !== block) stale++;
  return next;
});
if (process.argv.includes('--check')) {
  process.stdout.write(`${stale} help block(s) differ from the CLI\n`);
  process.exitCode = stale ? 1 : 0;
} else {
  writeFileSync(file, out);
  process.stdout.write(`rewrote ${stale} help block(s)\n`);
}
