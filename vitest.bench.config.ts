import { defineConfig } from 'vitest/config';

// `npm run bench`: measurements, not tests; one at a time so they do not disturb each other.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    fileParallelism: false,
    pool: 'forks',
    // The soak measures memory after full collections.
    execArgv: ['--expose-gc'],
    testTimeout: 20 * 60_000,
    hookTimeout: 60_000,
  },
});
