import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The machines have 2 cores; the native pool and the preprocessing pool use them already.
    maxWorkers: 2,
  },
});
