import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/longest-first.ts';

/**
 * Test files at once, all tiers together: `NETCONFORM_TEST_WORKERS`, else 4 (at least
 * 2 per core). Dataplane and Docker files mostly wait (probe timeouts, driver
 * processes, container starts): one file at a time used a third of a core in CI
 * (docs/ci.md). Runs share the machine safely: every dataplane has its own claimed run
 * prefix, namespaces and Docker networks, and the root-namespace checks leave other
 * runs' objects out.
 */
function workers(): number {
  const fromEnv = Number(process.env.NETCONFORM_TEST_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(4, 2 * availableParallelism());
}

/**
 * Test tiers, all run by `npm test`:
 * - `model`: pure, no privileges (`*.test.ts`);
 * - `dataplane`: root, iproute2, nftables, conntrack: real network namespaces
 *   (`*.dataplane.test.ts`);
 * - `docker`: a running Docker engine (`*.docker.test.ts`; `bash scripts/setup-docker.sh`).
 * The tiers share one pool of workers (same `maxWorkers`, same group), longest files
 * first (test/support/longest-first.ts); `--project NAME` still runs one tier.
 */
export default defineConfig({
  test: {
    maxWorkers: workers(),
    sequence: { sequencer: LongestFirstSequencer },
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
          // Hooks that stop processes wait for them: beside dataplane files, 10 s was short.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'dataplane',
          include: ['test/**/*.dataplane.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['test/**/*.docker.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // One image build for every Docker file (they would each build it at once).
          globalSetup: ['test/support/docker-image.ts'],
        },
      },
    ],
  },
});
