import { defineConfig } from 'vitest/config';

/**
 * Test tiers, all run by `npm test`:
 * - `model`: pure, no privileges (`*.test.ts`);
 * - `dataplane`: root, iproute2, nftables, conntrack: real network namespaces
 *   (`*.dataplane.test.ts`);
 * - `docker`: a running Docker engine (`*.docker.test.ts`; `bash scripts/setup-docker.sh`).
 * Dataplane and Docker files share the kernel, so their files run one at a time.
 */
export default defineConfig({
  test: {
    // Allure results of the test suite itself (the reporter registers its own setup file).
    // Matchers are not reported: every expect() would become an Allure step.
    reporters: [
      'default',
      ['allure-vitest/reporter', { resultsDir: 'reports/allure-results', reportMatchers: false }],
      // Read by .ci/run for its closing "N passed, N failed" line.
      ['json', { outputFile: 'reports/vitest.json' }],
    ],
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
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['test/**/*.docker.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
