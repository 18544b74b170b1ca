import { describe, expect, it } from 'vitest';
import {
  alignColumns,
  formatMutantDone,
  formatMutationReport,
  runMutants,
} from '../../../harness/mutation/index.ts';
import { fakeBackend, fakeDriver, observed } from '../runner/fakes.ts';
import { fakeRunResult } from './fake-results.ts';

async function result() {
  return runMutants({
    mutants: [
      { name: 'stateless', origin: 'o', requirements: ['CT-REPLY'] },
      { name: 'icmp-always', origin: 'o', requirements: ['SG-NONE'] },
      { name: 'no-masquerade', origin: 'o', requirements: ['NET-NAT-OUT'] },
    ],
    backend: fakeBackend(() => observed(true)),
    driverFactoryFor: () => () => fakeDriver(),
    profile: 'safespring',
    budget: 200,
    seed: 1,
    maxSteps: 8,
    maxInstances: 4,
    maxSites: 2,
    probeTimeoutMs: 300,
    outDir: null,
    run: async (options) =>
      options.driver === 'mutant:stateless'
        ? fakeRunResult(options, {
            runsExecuted: 4,
            caught: {
              foundAfterMs: 2500,
              shrinkMs: 12_000,
              steps: 3,
              violated: ['CT-REPLY'],
              involved: ['SG-MATCH'],
            },
          })
        : options.driver === 'mutant:icmp-always'
          ? fakeRunResult(options, {
              runsExecuted: 1,
              caught: { foundAfterMs: 900, shrinkMs: 3000, steps: 1, violated: ['NET-PUBLIC'] },
            })
          : fakeRunResult(options, { runsExecuted: 200 }),
  });
}

describe('formatMutationReport', () => {
  it('prints one aligned row per mutant, flags requirement mismatches, then the score', async () => {
    const lines = formatMutationReport(await result());
    expect(lines[0]).toMatch(
      /^mutant\s+result\s+runs\s+catch\s+shrink\s+steps\s+requirement blamed\s+requirements involved\s+repro$/,
    );
    expect(lines[1]).toMatch(
      /^stateless\s+caught\s+4\s+2\.5 s\s+12\.0 s\s+3\s+CT-REPLY\s+SG-MATCH\s+\/out\/mutant:stateless\/scenario\.json$/,
    );
    expect(lines[2]).toMatch(/^icmp-always\s+caught\s+1\s+0\.9 s\s+3\.0 s\s+1\s+NET-PUBLIC \(!\)/);
    expect(lines[3]).toMatch(/^no-masquerade\s+MISSED\s+200\s+-\s+-\s+-\s+-\s+-\s+-$/);
    // Columns line up: "result" starts at the same offset in every row.
    const offsets = lines.slice(0, 4).map((l) => l.search(/(result|caught|MISSED)/));
    expect(new Set(offsets).size).toBe(1);
    expect(lines).toContain(
      "(!) the repro blames a requirement outside the mutant's catalogue entry, or none",
    );
    expect(lines).toContain(
      'mutation score: 2/3 caught (66.7 %), budget 200 runs, seed 1, shrink limit none',
    );
    expect(lines.find((l) => l.startsWith('time to catch'))).toMatch(
      /median 1\.7 s, worst 2\.5 s; median time to shrink 7\.5 s/,
    );
    expect(lines).toContain('missed: no-masquerade');
  });

  it('summarises a finished mutant in one progress line, numbering runs like the repro folders', async () => {
    const [caught, , missed] = (await result()).mutants;
    // Run index 3 (from 0, as in run-result.json and `...-run3/`) is the 4th run.
    expect(formatMutantDone(caught!, 1, 3)).toBe(
      '[1/3] stateless: caught in run 3 (4 runs) after 2.5 s, shrunk to 3 steps in 12.0 s (violated: CT-REPLY; involved: SG-MATCH)',
    );
    expect(formatMutantDone(missed!, 3, 3)).toMatch(
      /^\[3\/3\] no-masquerade: MISSED after 200 runs/,
    );
  });
});

describe('alignColumns', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      alignColumns([
        ['a', 'bb', 'c'],
        ['ccc', 'd', 'eeee'],
      ]),
    ).toEqual(['a    bb  c', 'ccc  d   eeee']);
  });
});
