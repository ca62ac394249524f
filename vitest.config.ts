import { defineConfig } from 'vitest/config';
import { LongFirst } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'src/web/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: DuckDB work in tests is parallel inside each file already.
    maxWorkers: 2,
    // The longest files first (see test/support/sequencer.ts).
    sequence: { sequencer: LongFirst },
  },
});
