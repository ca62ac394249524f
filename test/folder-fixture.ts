/**
 * Fixtures of the folder-format tests: a small base folder written by hand (two sites in two
 * time zones), a writer for folders with files replaced, and a dump of every store table.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFolder, type ImportFolderOptions } from '../src/ingest/import-folder.js';
import type { ImportReport } from '../src/ingest/import-staged.js';
import type { Store } from '../src/store/store.js';
import { quoteIdent } from '../src/store/sql.js';

/** A minimal valid folder: LJU in Europe/Ljubljana, NJ in America/New_York. */
export const BASE: Record<string, string> = {
  'sites.csv': 'site,name,timezone\nLJU,Ljubljana,Europe/Ljubljana\nNJ,New Jersey,America/New_York\n',
  'equipment.csv': 'equipment,site\nDRYER,LJU\nPRESS,NJ\n',
  'materials.csv': 'material,type\nAPI,raw\nTAB,product\n',
  'lots.csv': 'lot,material,site,start,end\nA1,API,LJU,2024-01-10 08:00:00,2024-01-10 10:00:00\nT1,TAB,NJ,2024-01-11 08:00:00,2024-01-11 12:00:00\n',
  'parameters.csv': 'parameter,kind,material,unit,lsl,usl\nassay,discrete,TAB,%,95,105\nweight,replicate,TAB,mg,380,420\n',
  'tags.csv': 'tag,equipment,unit\nTI1,DRYER,°C\nFORCE,PRESS,kN\n',
};

/** Writes `files` (relative path → content) into a fresh temp folder and returns its path. */
export function writeFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-folder-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The base folder with some files added or replaced. */
export function folderWith(files: Record<string, string>): string {
  return writeFolder({ ...BASE, ...files });
}

/** Imports a folder as user 'tester'. */
export function importAs(store: Store, dir: string, options: Partial<ImportFolderOptions> = {}): Promise<ImportReport> {
  return importFolder(store, dir, { actor: { user: 'tester' }, ...options });
}

/** Every base table of the store, all rows sorted, as JSON text: equal dumps = identical stores. */
export async function dumpStore(store: Store): Promise<Record<string, string>> {
  const tables = await store.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const rows = await store.all(`SELECT * FROM ${quoteIdent(name)} ORDER BY ALL`);
    out[name] = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return out;
}

/** Runs `work`, expecting an AppError; returns its message (fails the test when nothing is thrown). */
export async function errorOf(work: () => Promise<unknown>): Promise<{ code: string; message: string; hint: string; template: { message: string; hint: string } }> {
  try {
    await work();
  } catch (e) {
    const err = e as { code?: string; message: string; hint?: string; template?: { message: string; hint: string } };
    return { code: err.code ?? 'none', message: err.message, hint: err.hint ?? '', template: err.template ?? { message: err.message, hint: err.hint ?? '' } };
  }
  throw new Error('expected an error, but the work succeeded');
}
