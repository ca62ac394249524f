import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { AppError, type InputIssue, field } from '../../core/errors.js';
import { MappingSchema, type Mapping } from './schema.js';

/** A validated mapping with where it came from, so errors and provenance can name it. */
export interface LoadedMapping {
  /** The mapping file as given. */
  file: string;
  /** Folder input paths are relative to. */
  dir: string;
  mapping: Mapping;
  /** 1-based line of a key path in the mapping file (for staged rows declared there), or undefined. */
  lineOf: (keyPath: (string | number)[]) => number | undefined;
}

/**
 * Reads and validates a mapping file (YAML or JSON; JSON is read by the YAML parser).
 * Every problem is reported at once, each naming the file, the line, the key path and the fix.
 *
 * @param file - path of the mapping file.
 * @throws AppError `mapping_not_found`, `mapping_syntax` or `invalid_input` (schema problems).
 * @example
 * const { mapping } = await loadMapping('examples/zagar2022/mapping.yaml');
 */
export async function loadMapping(file: string): Promise<LoadedMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AppError('mapping_not_found', `cannot read the mapping '${file}': ${(e as Error).message}`, `check the path given as ${field('mapping')}`);
  }
  return parseMapping(text, file);
}

/**
 * Validates mapping text already read (see {@link loadMapping}).
 *
 * @param text - YAML or JSON text.
 * @param file - the name used in messages and to resolve input paths.
 */
export function parseMapping(text: string, file: string): LoadedMapping {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new AppError(
      'mapping_syntax',
      `${file}${line ? ` line ${line}` : ''}: the mapping is not valid YAML or JSON: ${e.message.split('\n')[0]}`,
      'fix the syntax at that line (indentation, quotes, colons)',
    );
  }
  const lineOf = (keyPath: (string | number)[]): number | undefined => {
    const node = keyPath.length === 0 ? doc.contents : doc.getIn(keyPath, true);
    if (!isNode(node) || !node.range) return undefined;
    return lineCounter.linePos(node.range[0]).line;
  };
  const result = MappingSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.flatMap((i) => issuesOf(i, [], file, lineOf));
    const shown = issues.slice(0, 50);
    throw new AppError(
      'invalid_mapping',
      `the mapping ${file} is not valid: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` +
        shown.map((i) => '  ' + formatMappingIssue(i)).join('\n'),
      'fix the listed keys and run again (docs/mapping.md lists every key); nothing was read or stored',
      { issues: shown, total: issues.length },
    );
  }
  return { file, dir: path.dirname(file), mapping: result.data, lineOf };
}

/** One problem of a mapping file: its line, the key path (in `column`), the value and the fix. */
export function formatMappingIssue(i: InputIssue): string {
  const value = i.value !== undefined ? ` (value '${i.value}')` : '';
  return `${i.file}${i.line !== undefined ? ` line ${i.line}` : ''} key ${i.column}: ${i.message}${value}; ${i.hint}`;
}

const DISCRIMINATORS: Record<string, string> = { kind: "'table' or 'series'", type: "'csv' or 'xlsx'" };

/**
 * Turns one schema problem into issues naming the key path and the fix. For a key that takes
 * either a name or an object, the object's own problems are what the author needs to see.
 */
function issuesOf(i: z.core.$ZodIssue, prefix: (string | number)[], file: string, lineOf: LoadedMapping['lineOf']): InputIssue[] {
  if (i.code === 'invalid_union' && typeof i.input === 'object' && i.input !== null && i.errors.length > 0) {
    const branch = i.errors.find((issues) => issues.every((x) => x.path.length > 0 || x.code === 'unrecognized_keys'));
    const here = [...prefix, ...i.path.filter((p): p is string | number => typeof p !== 'symbol')];
    if (branch) return branch.flatMap((x) => issuesOf(x, here, file, lineOf));
  }
  return [issueOf(i, prefix, file, lineOf)];
}

function issueOf(i: z.core.$ZodIssue, prefix: (string | number)[], file: string, lineOf: LoadedMapping['lineOf']): InputIssue {
  const keyPath = [...prefix, ...i.path.filter((p): p is string | number => typeof p !== 'symbol')];
  // The nearest existing node gives the line (a missing key has none: use its parent's).
  let line: number | undefined;
  for (let k = keyPath.length; k >= 0 && line === undefined; k--) line = lineOf(keyPath.slice(0, k));
  const where = keyPath.length ? keyPath.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : '(top level)';
  const base = { file, column: where, ...(line !== undefined ? { line } : {}) };
  switch (i.code) {
    case 'unrecognized_keys': {
      const keyLine = lineOf([...keyPath, i.keys[0]!]);
      return { ...base, ...(keyLine !== undefined ? { line: keyLine } : {}), message: `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`, hint: 'remove it or correct its spelling (see docs/mapping.md)' };
    }
    case 'invalid_type':
      return i.input === undefined
        ? { ...base, message: 'is required', hint: `add it (a ${i.expected})` }
        : { ...base, message: `must be a ${i.expected}`, value: show(i.input), hint: `give a ${i.expected}` };
    case 'invalid_value':
      return { ...base, message: 'has a value that is not allowed', value: show(i.input), hint: `use one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'invalid_union': {
      const last = keyPath[keyPath.length - 1];
      const choices = typeof last === 'string' ? DISCRIMINATORS[last] : undefined;
      return choices
        ? { ...base, message: 'is not a known kind', value: show(pick(i.input, last as string)), hint: `use ${choices}` }
        : { ...base, message: 'does not match any allowed form', value: show(i.input), hint: 'see docs/mapping.md for the forms this key takes' };
    }
    default:
      return { ...base, message: i.message, value: show(i.input), hint: 'correct the value (see docs/mapping.md)' };
  }
}

function pick(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : v;
}

function show(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}
