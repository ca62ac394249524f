import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../src/cli/verbs.js';
import { ROUTES } from '../src/server/routes/index.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const doc = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'docs', name), 'utf8');

describe('user docs match the code', () => {
  it('docs/cli.md has a section for every CLI verb', () => {
    const cli = doc('cli.md');
    const missing = VERBS.map((v) => v.names[0]!).filter((name) => !new RegExp(`^## ${name}$`, 'm').test(cli));
    expect(missing).toEqual([]);
  });

  it('docs/api.md names every API route', () => {
    const api = doc('api.md');
    // A route is named when its path up to the first parameter appears (e.g. /api/lots for /api/lots/:lot).
    const missing = ROUTES.map((r) => '/api' + r.path.replace(/\/:\w+.*$/, '')).filter((p) => !api.includes(p));
    expect(missing).toEqual([]);
  });

  it('docs/security.md lists every permission of the matrix', async () => {
    const { PERMISSIONS } = await import('../src/server/permissions.js');
    const sec = doc('security.md');
    const missing = Object.keys(PERMISSIONS).filter((p) => p !== 'public' && !sec.includes('`' + p + '`'));
    expect(missing).toEqual([]);
  });
});

describe('docs/cli.md shows the help the CLI prints', () => {
  it('every `Usage: causeway …` block is the current --help of that command', async () => {
    const { helpText } = await import('../src/cli/program.js');
    const blocks = [...doc('cli.md').matchAll(/```\n(Usage: causeway[^\n]*)\n[\s\S]*?```/g)];
    expect(blocks.length).toBeGreaterThan(20);
    const stale: string[] = [];
    for (const [block, usage] of blocks) {
      const words: string[] = [];
      for (const w of usage!.replace(/^Usage: causeway\s*/, '').split(/\s+/)) {
        if (!w || w.startsWith('[') || w.startsWith('<')) break;
        words.push(w);
      }
      if (block !== '```\n' + (await helpText(words)) + '\n```') stale.push(words.join(' '));
    }
    expect(stale, 'run `npx tsx scripts/docs-cli-help.ts`').toEqual([]);
  });
});
