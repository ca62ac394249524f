import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { BASE, dumpStore, errorOf, folderWith, importAs } from './folder-fixture.js';

let store: Store;
beforeEach(async () => {
  store = await Store.open(':memory:');
});
afterEach(() => store.close());

/** Imports the base folder with `files` replaced and returns the error message. */
async function fails(files: Record<string, string>): Promise<string> {
  const e = await errorOf(() => importAs(store, folderWith(files)));
  expect(e.code).toBe('invalid_input');
  expect(e.message).toContain('nothing was stored');
  return e.message;
}

describe('folder import: bad input is refused with file, line, column, value and the fix', () => {
  it('names a missing required column', async () => {
    const m = await fails({ 'lots.csv': 'lot,site\nA1,LJU\n' });
    expect(m).toContain("lots.csv line 1 column material: the required column 'material' is missing");
  });

  it('refuses references to unknown materials, sites, equipment, lots, parameters and tags', async () => {
    const m = await fails({
      'lots.csv': BASE['lots.csv'] + 'X1,NOPE,LJU,,\nX2,API,MARS,,\n',
      'discrete.csv': 'lot,parameter,value\nGHOST,assay,99\nT1,potency,98\n',
      'continuous.csv': 'tag,time,value\nTI9,2024-01-10T08:00:00Z,1\n',
      'events.csv': 'type,name,equipment,start\nalarm,high,MIXER,2024-01-10T08:00:00Z\n',
    });
    expect(m).toContain("lots.csv line 4 column material: unknown material (value 'NOPE')");
    expect(m).toContain("lots.csv line 5 column site: unknown site (value 'MARS')");
    expect(m).toContain("discrete.csv line 2 column lot: unknown lot (value 'GHOST')");
    expect(m).toContain("discrete.csv line 3 column parameter: unknown parameter for the material of this lot (value 'potency')");
    expect(m).toContain("continuous.csv line 2 column tag: unknown tag (value 'TI9'); add the tag to tags.csv");
    expect(m).toContain("events.csv line 2 column equipment: unknown equipment (value 'MIXER')");
  });

  it('accepts references to what the store already holds', async () => {
    await importAs(store, folderWith({}));
    const dir = (await import('./folder-fixture.js')).writeFolder({ 'discrete.csv': 'lot,parameter,value\nT1,assay,99.5\n' });
    const r = await importAs(store, dir);
    expect(r.files.discrete).toMatchObject({ rows: 1, inserted: 1 });
    expect(await store.value('SELECT value FROM discrete WHERE lot = $1', ['T1'])).toBe(99.5);
  });

  it('refuses NaN, Infinity and text in a number column, listing every bad line', async () => {
    const m = await fails({ 'discrete.csv': 'lot,parameter,value\nT1,assay,NaN\nT1,assay2,1\nA1,x,Infinity\n', 'replicates.csv': 'lot,parameter,replicate,value\nT1,weight,1,4O0\nT1,weight,1.5,400\n' });
    expect(m).toContain("discrete.csv line 2 column value: is not a finite number (value 'NaN')");
    expect(m).toContain("discrete.csv line 4 column value: is not a finite number (value 'Infinity')");
    expect(m).toContain("replicates.csv line 2 column value: is not a number (value '4O0')");
    expect(m).toContain("replicates.csv line 3 column replicate: is not a whole number (value '1.5')");
  });

  it('refuses duplicate keys inside a file, naming the first line', async () => {
    const m = await fails({ 'discrete.csv': 'lot,parameter,value\nT1,assay,99\nT1,assay,99\n', 'tags.csv': BASE['tags.csv'] + 'TI1,DRYER,K\n' });
    expect(m).toContain("discrete.csv line 3 column parameter: duplicate value of lot/parameter in this file (first on line 2) (value 'T1/assay')");
    expect(m).toContain("tags.csv line 4 column tag: duplicate tag in this file (first on line 2) (value 'TI1')");
  });

  it('refuses end before start', async () => {
    const m = await fails({ 'lots.csv': 'lot,material,site,start,end\nA1,API,LJU,2024-01-10 10:00:00,2024-01-10 08:00:00\nT1,TAB,NJ,,\n' });
    expect(m).toContain("lots.csv line 2 column end: is before start (2024-01-10 10:00:00) (value '2024-01-10 08:00:00'); end must be at or after start");
  });

  it('refuses unknown time zones', async () => {
    const m = await fails({ 'sites.csv': 'site,timezone\nLJU,Europe/Ljubljana\nNJ,Mars/Olympus\n' });
    expect(m).toContain("sites.csv line 3 column timezone: is not a known time zone (value 'Mars/Olympus'); use an IANA time zone name");
  });

  it('refuses times that are not ISO 8601', async () => {
    const m = await fails({ 'lots.csv': 'lot,material,site,start\nA1,API,LJU,10.01.2024 08:00\nT1,TAB,NJ,2024-13-01\n' });
    expect(m).toContain("lots.csv line 2 column start: is not an ISO 8601 date or time (value '10.01.2024 08:00'); use ISO 8601");
    expect(m).toContain("lots.csv line 3 column start: is not an ISO 8601 date or time (value '2024-13-01')");
  });

  it('refuses unknown qualities and good samples without a value', async () => {
    const m = await fails({ 'continuous.csv': 'tag,time,value,quality\nTI1,2024-01-10T08:00:00Z,1,great\nTI1,2024-01-10T08:00:01Z,,good\nTI1,2024-01-10T08:00:02Z,,bad\n' });
    expect(m).toContain("continuous.csv line 2 column quality: is not a quality (value 'great')");
    expect(m).toContain('continuous.csv line 3 column value: a value is required for a sample of good quality');
    expect(m).not.toContain('line 4');
  });

  it('checks parameters: material or step, kind, lsl <= usl, one definition per parameter', async () => {
    const m = await fails({
      'parameters.csv': 'parameter,kind,material,unit,lsl,usl\nassay,discrete,TAB,%,105,95\nweight,replicated,TAB,mg,,\nhardness,discrete,,N,,\nassay,discrete,TAB,mg/g,90,110\n',
    });
    expect(m).toContain("parameters.csv line 2 column usl: is below lsl (105) (value '95')");
    expect(m).toContain("parameters.csv line 3 column kind: must be one of discrete, replicate (value 'replicated')");
    expect(m).toContain('parameters.csv line 4 column material: neither material nor step is given');
    expect(m).toContain("parameters.csv line 5 column parameter: is defined differently on another line of this file (first on line 2) (value 'assay')");
  });

  it('puts discrete values of a replicate parameter in the right file', async () => {
    const m = await fails({ 'discrete.csv': 'lot,parameter,value\nT1,weight,400\n' });
    expect(m).toContain("discrete.csv line 2 column parameter: is a replicate parameter (value 'weight'); put its values in replicates.csv");
  });

  it('reports all problems of a file up to the cap, with the total', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => `T1,weight,${i + 1},x${i}`).join('\n');
    const e = await errorOf(() => importAs(store, folderWith({ 'replicates.csv': `lot,parameter,replicate,value\n${lines}\n` }), { maxIssues: 3 }));
    expect(e.message).toContain('(7 problems in all; the first 3 are listed)');
    expect(e.message).toContain("replicates.csv line 2 column value: is not a number (value 'x0')");
    expect(e.message).toContain("replicates.csv line 4 column value: is not a number (value 'x2')");
    expect(e.message).not.toContain("'x3'");
  });

  it('refuses rows with more fields than the header', async () => {
    const e = await errorOf(() => importAs(store, folderWith({ 'materials.csv': 'material,type\nAPI,raw\nTAB,product,extra\n' })));
    expect(e.message).toContain("materials.csv line 3 column (field 3): has more fields than the header (2) (value 'extra'); quote values that contain commas");
  });

  it('samples (read once on the fast path) get the same located messages as any file', async () => {
    const m = await fails({
      'continuous.csv': 'time,tag,value\n2024-01-10T08:00:00Z,TI1,1.5\n2024-01-10T08:00:00Z,TI1,1.6\n2024-01-10T08:00:01Z,TI1,abc\n2024-01-10 99:00,TI1,2\n',
    });
    expect(m).toContain("continuous.csv line 3 column time: duplicate sample of tag/time in this file (first on line 2) (value 'TI1/2024-01-10T08:00:00Z')");
    expect(m).toContain("continuous.csv line 4 column value: is not a number (value 'abc')");
    expect(m).toContain("continuous.csv line 5 column time: is not an ISO 8601 date or time (value '2024-01-10 99:00')");
    const long = await errorOf(() => importAs(store, folderWith({ 'continuous/TI1.csv': 'tag,time,value\nTI1,2024-01-10T08:00:00Z,1,2\n' })));
    expect(long.message).toContain("continuous/TI1.csv line 2 column (field 4): has more fields than the header (3) (value '2')");
    expect(await store.value('SELECT count(*) FROM samples')).toBe(0n);
  });

  it('leaves the store exactly as before when an import is refused', async () => {
    await importAs(store, folderWith({}));
    const before = await dumpStore(store);
    await fails({ 'lots.csv': BASE['lots.csv'] + 'A9,API,LJU,,\n', 'discrete.csv': 'lot,parameter,value\nT1,assay,abc\n' });
    expect(await dumpStore(store)).toEqual(before);
  });
});
