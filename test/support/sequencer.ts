/**
 * The order test files start in: the longest first, so that no file of a minute or more starts
 * last and runs alone while the other worker is idle. Vitest orders by the durations of the last
 * run when it has them; a fresh clone (CI) has none, and then it starts larger files first, which
 * put the 90-s OPC UA outage test last and added about 100 s to a 560-s suite.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that took 30 s or more in a CI run from a fresh clone (2026-12-04), longest first. */
const LONG = [
  'test/opcua-outage.test.ts',
  'test/network.test.ts',
  'test/report-apr.test.ts',
  'test/soak-writes.test.ts',
  'test/web/daily.test.ts',
  'test/opcua.test.ts',
  'test/cli-beside-server.test.ts',
];

/** Vitest's own order, with the files of {@link LONG} moved to the front in that order. */
export class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONG.findIndex((name) => f.moduleId.replace(/\\/g, '/').endsWith(name));
      return i < 0 ? LONG.length : i;
    };
    const base = await super.sort(files);
    return base.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
