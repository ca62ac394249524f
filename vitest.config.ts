import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'src/web/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: DuckDB work in tests is parallel inside each file already.
    maxWorkers: 2,
  },
});
