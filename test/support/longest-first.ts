/**
 * Test-file order for `npm test`: longest first. All tiers share one pool of workers
 * (vitest.config.ts), which hands the next file to whichever worker frees up; starting
 * the long dataplane and Docker files first keeps the run from ending on one long file
 * while the other workers idle. A file's expected duration is vitest's own record of
 * its last run when there is one, else the figure in ./expected-durations.ts, else a
 * per-tier guess. The order only changes when a file starts, never whether it runs.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { EXPECTED_SECONDS } from './expected-durations.ts';

/** Guess for a file with no record, by project: Docker and dataplane files are the long ones. */
const GUESS_SECONDS: Readonly<Record<string, number>> = { docker: 20, dataplane: 10, model: 1 };

export class LongestFirstSequencer extends BaseSequencer {
  /** Expected seconds of `spec`'s file. */
  private expected(spec: TestSpecification): number {
    const path = relative(this.ctx.config.root, spec.moduleId);
    const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`);
    if (cached !== undefined && cached.duration > 0) return cached.duration / 1000;
    return EXPECTED_SECONDS[path] ?? GUESS_SECONDS[spec.project.name] ?? 1;
  }

  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const expected = new Map(files.map((f) => [f, this.expected(f)]));
    return Promise.resolve(
      [...files].sort(
        (a, b) =>
          (expected.get(b) ?? 0) - (expected.get(a) ?? 0) || a.moduleId.localeCompare(b.moduleId),
      ),
    );
  }
}
