import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { parseMapping } from './load-mapping.js';
import { mappingJsonSchema } from './schema.js';

const GOOD = `version: 1
inputs:
  - kind: table
    file: lims.csv
    lots: { lot: 'P-{batch}', material: P, site: S1 }
`;

function problems(text: string, file = 'm.yaml'): { code: string; lines: string[] } {
  try {
    parseMapping(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    return { code: err.code, lines: err.message.split('\n').slice(1).map((l) => l.trim()) };
  }
  throw new Error('expected the mapping to be refused');
}

describe('loading a mapping', () => {
  it('accepts a minimal mapping and fills defaults', () => {
    const { mapping, dir } = parseMapping(GOOD, 'examples/x/m.yaml');
    expect(dir).toBe('examples/x');
    const input = mapping.inputs[0]!;
    expect(input.kind).toBe('table');
    if (input.kind !== 'table') return;
    expect(input.upstream).toEqual([]);
    expect(input.parameters).toEqual([]);
    expect(mapping.sites).toEqual([]);
  });

  it('reads JSON as well as YAML', () => {
    const json = JSON.stringify({ version: 1, inputs: [{ kind: 'table', file: 'a.csv', lots: { lot: '{b}', material: 'P', site: 'S' } }] });
    expect(parseMapping(json, 'm.json').mapping.inputs).toHaveLength(1);
  });

  it('names the line, the key path, the bad value and the fix of every problem at once', () => {
    const { code, lines } = problems(`version: 1
inputs:
  - kind: table
    file: lims.csv
    format: { type: csv, delimiter: ':' }
    lots: { lot: 'P-{batch}', material: P }
    colour: blue
`);
    expect(code).toBe('invalid_mapping');
    expect(lines).toEqual([
      `m.yaml line 5 key inputs[0].format.delimiter: has a value that is not allowed (value ':'); use one of ",", ";", "\\t", "|"`,
      'm.yaml line 6 key inputs[0].lots.site: is required; add it (a string)',
      "m.yaml line 7 key inputs[0]: unknown key 'colour'; remove it or correct its spelling (see docs/mapping.md)",
    ]);
  });

  it('says which kinds of input exist when the kind is unknown', () => {
    const { lines } = problems(`version: 1\ninputs:\n  - kind: lims\n    file: a.csv\n`);
    expect(lines).toEqual(["m.yaml line 3 key inputs[0].kind: is not a known kind (value 'lims'); use 'table' or 'series'"]);
  });

  it('checks month lists and numbers', () => {
    const { lines } = problems(`version: 1
inputs:
  - kind: table
    file: a.csv
    lots:
      lot: '{b}'
      material: P
      site: S
      start: { column: s, format: '%b.%y', months: [jan, feb] }
    parameters:
      - { column: x, lsl: low }
`);
    expect(lines).toEqual([
      'm.yaml line 9 key inputs[0].lots.start.months: must list exactly 12 month abbreviations, January first (value \'["jan","feb"]\'); correct the value (see docs/mapping.md)',
      "m.yaml line 11 key inputs[0].parameters[0].lsl: must be a number (value 'low'); give a number",
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const { code, lines } = problems('version: 1\ninputs:\n  - kind: table\n   file: [a.csv\n');
    expect(code).toBe('mapping_syntax');
    expect(lines).toEqual([]);
    try {
      parseMapping('version: 1\ninputs:\n  - kind: table\n   file: [a.csv\n', 'm.yaml');
    } catch (e) {
      expect((e as AppError).message).toMatch(/^m\.yaml line \d+: the mapping is not valid YAML or JSON/);
    }
  });

  it('publishes the format as JSON Schema in docs/mapping.schema.json, equal to the zod schema', () => {
    const file = new URL('../../../docs/mapping.schema.json', import.meta.url);
    const published = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(published).toEqual(mappingJsonSchema());
    expect(published.required).toEqual(['version', 'inputs']);
  });
});
