import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { refreshFeatures } from '../../src/context/features.js';
import { writeDemoFolder } from '../../src/demo/index.js';
import { importFolder } from '../../src/ingest/import-folder.js';
import { Store } from '../../src/store/store.js';

/**
 * A store file with the small demo network imported through the user's path and its features
 * refreshed; for end-to-end tests that need realistic data. Returns the file path (closed).
 */
export async function smallDemoStore(seed = 5): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-demo-'));
  await writeDemoFolder({ out: path.join(dir, 'folder'), size: 'small', seed });
  const db = path.join(dir, 'demo.duckdb');
  const store = await Store.open(db);
  try {
    await importFolder(store, path.join(dir, 'folder'), { actor: { user: 'demo', reason: 'test fixture' } });
    await refreshFeatures(store, {});
  } finally {
    store.close();
  }
  return db;
}
