import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importStaged } from '../src/ingest/import-staged.js';
import { dropStaged, stageFolder } from '../src/ingest/stage-folder.js';
import { Store } from '../src/store/store.js';
import { dumpStore, errorOf, folderWith, importAs } from './folder-fixture.js';

let store: Store;
beforeEach(async () => {
  store = await Store.open(':memory:');
});
afterEach(() => store.close());

const DISCRETE = 'lot,parameter,value\nT1,assay,99.2\n';

describe('folder import: idempotency, --replace and atomicity', () => {
  it('re-importing the same folder changes nothing and says so', async () => {
    const dir = folderWith({ 'discrete.csv': DISCRETE, 'continuous.csv': 'tag,time,value\nTI1,2024-01-10T08:00:00Z,61.5\nTI1,2024-01-10T08:00:10Z,61.7\n' });
    const first = await importAs(store, dir);
    expect(first.unchanged).toBe(false);
    expect(first.total.inserted).toBe(2 + 2 + 2 + 2 + 2 + 2 + 2 + 1 + 2); // sites, equipment, materials, lots, parameters, specifications, tags, discrete, samples
    const before = await dumpStore(store);
    const again = await importAs(store, dir);
    expect(again.unchanged).toBe(true);
    expect(again.importId).toBeNull();
    expect(again.total).toEqual({ rows: first.total.rows, inserted: 0, unchanged: first.total.inserted, replaced: 0 });
    expect(await dumpStore(store)).toEqual(before); // audit and imports included: no entries added
  });

  it('refuses a different value for a stored key, naming key, old and new value and the fix', async () => {
    await importAs(store, folderWith({ 'discrete.csv': DISCRETE }));
    const e = await errorOf(() => importAs(store, folderWith({ 'discrete.csv': 'lot,parameter,value\nT1,assay,98.7\n' })));
    expect(e.message).toContain("discrete.csv line 2 column value: discrete lot/parameter 'T1/assay' is already stored with a different value: stored value=99.2, this file value=98.7 (value 'value=98.7'); to correct the stored value import it again replacing stored values, with a reason (the old value is kept as a prior version)");
  });

  it('--replace without a reason is refused', async () => {
    await importAs(store, folderWith({ 'discrete.csv': DISCRETE }));
    const e = await errorOf(() => importAs(store, folderWith({ 'discrete.csv': 'lot,parameter,value\nT1,assay,98.7\n' }), { replace: true }));
    expect(e.code).toBe('reason_required');
    expect(e.template.hint).toContain('{{reason}}'); // --reason in the CLI, 'reason' in HTTP
    expect(e.hint).toBe("add a 'reason': why the values are corrected (it goes into the audit trail)");
  });

  it('--replace --reason keeps the old value in prior_values and audits old → new', async () => {
    const first = await importAs(store, folderWith({ 'discrete.csv': DISCRETE }));
    const r = await importAs(store, folderWith({ 'discrete.csv': 'lot,parameter,value\nT1,assay,98.7\n' }), {
      replace: true, actor: { user: 'qa-lead', reason: 'transcription error, see DEV-17' },
    });
    expect(r.tables.discrete).toEqual({ inserted: 0, unchanged: 0, replaced: 1 });
    expect(r.total.replaced).toBe(1);
    expect(await store.value('SELECT value FROM discrete WHERE lot = $1', ['T1'])).toBe(98.7);
    expect(await store.all('SELECT entity, entity_key, old_value, new_value, old_import_id, new_import_id, user_name, reason FROM prior_values')).toEqual([
      { entity: 'discrete', entity_key: 'T1/assay', old_value: '{"material":"TAB","value":99.2,"time":null}', new_value: '{"material":"TAB","value":98.7,"time":null}', old_import_id: first.importId, new_import_id: r.importId, user_name: 'qa-lead', reason: 'transcription error, see DEV-17' },
    ]);
    expect(await store.all("SELECT action, entity, entity_key, field, old_value, new_value, user_name, reason FROM audit WHERE action = 'replace'")).toEqual([
      { action: 'replace', entity: 'discrete', entity_key: 'T1/assay', field: 'value', old_value: '99.2', new_value: '98.7', user_name: 'qa-lead', reason: 'transcription error, see DEV-17' },
    ]);
  });

  it('an import failing half-way through writing leaves the store exactly as before', async () => {
    await importAs(store, folderWith({}));
    const before = await dumpStore(store);
    const staged = await stageFolder(store, folderWith({ 'lots.csv': 'lot,material,site\nA2,API,LJU\nT2,TAB,NJ\n', 'discrete.csv': DISCRETE }));
    // A source that breaks only while being written: once lot A2 is in the (uncommitted) store,
    // reading the discrete rows raises, after sites … lots were already written in the transaction.
    await store.run(`CREATE TEMP VIEW broken_discrete AS SELECT lot, parameter,
      CASE WHEN EXISTS (SELECT 1 FROM lots WHERE lot = 'A2') THEN error('source went away') ELSE value END AS value, _line, _source
      FROM ${staged.discrete}`);
    const e = await errorOf(() => importStaged(store, { ...staged, discrete: 'broken_discrete' }, { actor: { user: 'tester' }, source: 'x', kind: 'folder' }));
    expect(e.message).toContain('source went away');
    expect(await dumpStore(store)).toEqual(before);
    await store.run('DROP VIEW broken_discrete');
    await dropStaged(store, staged);
  });
});
