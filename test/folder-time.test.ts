import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { errorOf, folderWith, importAs } from './folder-fixture.js';

let store: Store;
beforeEach(async () => {
  store = await Store.open(':memory:');
});
afterEach(() => store.close());

const iso = (v: unknown) => (v as Date).toISOString();

describe('folder import: time zones and daylight saving time', () => {
  it('the same local time at two sites is two different instants', async () => {
    // LJU is UTC+1 and NJ UTC-5 in January.
    await importAs(store, folderWith({ 'lots.csv': 'lot,material,site,start\nA1,API,LJU,2024-01-10 08:00:00\nT1,TAB,NJ,2024-01-10 08:00:00\n' }));
    const rows = await store.all<{ lot: string; start_time: Date }>('SELECT lot, start_time FROM lots ORDER BY lot');
    expect(rows.map((r) => [r.lot, iso(r.start_time)])).toEqual([
      ['A1', '2024-01-10T07:00:00.000Z'],
      ['T1', '2024-01-10T13:00:00.000Z'],
    ]);
  });

  it('takes offsets and Z as written, whatever the site', async () => {
    await importAs(store, folderWith({ 'lots.csv': 'lot,material,site,start,end\nA1,API,LJU,2024-07-01T08:00:00-04:00,2024-07-01T12:00:00Z\nT1,TAB,NJ,2024-07-01T08:00:00+0200,\n' }));
    const rows = await store.all<{ s: Date; e: Date | null }>('SELECT start_time AS s, end_time AS e FROM lots ORDER BY lot');
    expect(rows.map((r) => [iso(r.s), r.e ? iso(r.e) : null])).toEqual([
      ['2024-07-01T12:00:00.000Z', '2024-07-01T12:00:00.000Z'],
      ['2024-07-01T06:00:00.000Z', null],
    ]);
  });

  it('samples take the zone of tag → equipment → site; events of their lot, else their equipment', async () => {
    await importAs(store, folderWith({
      'continuous.csv': 'tag,time,value\nTI1,2024-01-10 08:00:00,1\nFORCE,2024-01-10 08:00:00,2\n',
      'events.csv': 'type,name,lot,equipment,start\nphase,drying,A1,,2024-01-10 09:00:00\nalarm,high,,PRESS,2024-01-10 09:00:00\n',
    }));
    const samples = await store.all<{ tag: string; time: Date }>('SELECT tag, time FROM samples ORDER BY tag');
    expect(samples.map((r) => [r.tag, iso(r.time)])).toEqual([['FORCE', '2024-01-10T13:00:00.000Z'], ['TI1', '2024-01-10T07:00:00.000Z']]);
    const events = await store.all<{ name: string; start_time: Date }>('SELECT name, start_time FROM events ORDER BY name');
    expect(events.map((r) => [r.name, iso(r.start_time)])).toEqual([['drying', '2024-01-10T08:00:00.000Z'], ['high', '2024-01-10T14:00:00.000Z']]);
  });

  it('refuses a local time in the spring-forward gap, explaining why', async () => {
    // Europe/Ljubljana: 2024-03-31 02:00 → 03:00; America/New_York: 2024-03-10 02:00 → 03:00.
    const e = await errorOf(() => importAs(store, folderWith({ 'lots.csv': 'lot,material,site,start\nA1,API,LJU,2024-03-31 02:30:00\nT1,TAB,NJ,2024-03-10T02:15:00\n' })));
    expect(e.message).toContain("lots.csv line 2 column start: does not exist in the time zone Europe/Ljubljana (clocks skip this hour when daylight saving time starts) (value '2024-03-31 02:30:00'); check the clock of the source; give the time with its UTC offset");
    expect(e.message).toContain("lots.csv line 3 column start: does not exist in the time zone America/New_York (clocks skip this hour when daylight saving time starts) (value '2024-03-10T02:15:00')");
  });

  it('reads a local time in the autumn overlap as the later, standard-time instant (as documented)', async () => {
    // Europe/Ljubljana 2024-10-27 02:30 happens twice: 00:30Z (CEST) and 01:30Z (CET).
    // A local reading there is taken as the later one; an offset picks the earlier one.
    await importAs(store, folderWith({ 'lots.csv': 'lot,material,site,start\nA1,API,LJU,2024-10-27 02:30:00\nA3,API,LJU,2024-10-27T02:30:00+02:00\nT1,TAB,NJ,2024-11-03 01:30:00\n' }));
    const rows = await store.all<{ s: Date }>('SELECT start_time AS s FROM lots ORDER BY lot');
    expect(rows.map((r) => iso(r.s))).toEqual(['2024-10-27T01:30:00.000Z', '2024-10-27T00:30:00.000Z', '2024-11-03T06:30:00.000Z']);
  });

  it('refuses a local event time without a lot or equipment to give a zone', async () => {
    const e = await errorOf(() => importAs(store, folderWith({ 'events.csv': 'type,name,start\ncapa,CAPA-1,2024-01-10 09:00:00\n' })));
    expect(e.message).toContain("events.csv line 2 column start: is a local time but the event has no lot or equipment to take a site time zone from (value '2024-01-10 09:00:00')");
  });
});
