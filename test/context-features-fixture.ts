/**
 * The dryer fixture of test/context-features.test.ts (its header has the table and the numbers
 * worked out by hand), shared with the overlay tests.
 */
import type { Store } from '../src/store/store.js';

/** Inserts the dryer fixture: lots L1, L2 on dryer D1, tag T1, phases, an alarm, deviations, replicates. */
export async function dryerFixture(s: Store): Promise<void> {
  await s.run(`INSERT INTO lots (lot, material, site, step, equipment, start_time, end_time) VALUES
    ('L1', 'granulate', 'S1', 'drying', 'D1', '2024-03-01 08:00:00+00', '2024-03-01 10:00:00+00'),
    ('L2', 'granulate', 'S1', 'drying', 'D1', '2024-03-01 10:00:00+00', '2024-03-01 11:00:00+00')`);
  await s.run(`INSERT INTO tags (tag, equipment, unit, lsl, usl, signal) VALUES ('T1', 'D1', 'degC', 20, 40, 'product_temp')`);
  await s.run(`INSERT INTO events (event, type, name, lot, equipment, start_time, end_time) VALUES
    ('P1', 'phase', 'drying', 'L1', 'D1', '2024-03-01 08:00:00+00', '2024-03-01 09:00:00+00'),
    ('P2', 'phase', 'cooling', 'L1', 'D1', '2024-03-01 09:00:00+00', '2024-03-01 09:30:00+00'),
    ('P3', 'phase', 'drying', 'L2', 'D1', '2024-03-01 10:00:00+00', '2024-03-01 11:00:00+00'),
    ('A1', 'alarm', 'high temp', NULL, 'D1', '2024-03-01 08:30:00+00', '2024-03-01 08:45:00+00'),
    ('V1', 'deviation', 'late start', 'L1', NULL, '2024-03-01 08:00:00+00', '2024-03-01 10:00:00+00'),
    ('V2', 'deviation', 'label', 'L1', NULL, '2024-03-01 08:05:00+00', NULL)`);
  await s.run(`INSERT INTO samples (tag, time, value, quality) VALUES
    ('T1', '2024-03-01 08:00:00+00', 10, 0), ('T1', '2024-03-01 08:10:00+00', 30, 0),
    ('T1', '2024-03-01 08:15:00+00', 999, 2), ('T1', '2024-03-01 08:40:00+00', 50, 0),
    ('T1', '2024-03-01 08:50:00+00', NULL, 0), ('T1', '2024-03-01 09:00:00+00', 45, 0),
    ('T1', '2024-03-01 09:20:00+00', 25, 0), ('T1', '2024-03-01 09:45:00+00', 5, 0),
    ('T1', '2024-03-01 10:00:00+00', 1, 2)`);
  await s.run(`INSERT INTO replicates (lot, material, parameter, replicate, value) VALUES
    ('L1', 'granulate', 'tablet_weight', 1, 98), ('L1', 'granulate', 'tablet_weight', 2, 100),
    ('L1', 'granulate', 'tablet_weight', 3, 102)`);
}
