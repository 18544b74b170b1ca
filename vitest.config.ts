import { defineConfig } from 'vitest/config';

/**
 * Test tiers: `model` needs nothing; `dataplane` needs root, iproute2, nftables and
 * conntrack (real network namespaces); both run by `npm test`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'model',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.dataplane.test.ts', 'test/**/*.docker.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'dataplane',
          include: ['test/**/*.dataplane.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // Dataplane tests share the kernel; run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
