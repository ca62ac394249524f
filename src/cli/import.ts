import type { Command } from 'commander';
import type { Json } from '../core/json.js';
import type { ImportReport } from '../ingest/import-staged.js';
import { importVerb } from '../ingest/import-verbs.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

/** Text rendering of an import report. */
export function reportText(r: Json<ImportReport>): string {
  const rows = Object.entries(r.files).map(([file, c]) => ({ file, source: c!.source, rows: c!.rows, inserted: c!.inserted, unchanged: c!.unchanged, replaced: c!.replaced }));
  const head = r.unchanged
    ? `nothing changed: the store already holds this data (${r.total.rows} rows read)`
    : `import ${r.importId}: ${r.total.inserted} inserted, ${r.total.replaced} replaced, ${r.total.unchanged} unchanged (${r.total.rows} rows read)`;
  return `${table(rows)}\n${head}`;
}

/** `causeway import PATH`: a folder of the open folder format, or a file with --mapping. */
export function register(program: Command): void {
  verbCommand({ verb: importVerb, parent: program, text: (r) => reportText(r) });
}
