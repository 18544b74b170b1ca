import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import {
  formatStepTable,
  NETCONFORM_BIN,
  replayCommand,
  replayOutcome,
  shellQuote,
} from '../../../harness/repro/index.ts';
import type { CheckResult, StepRecord } from '../../../harness/runner/index.ts';
import { repoRoot } from '../cli/cli-process.ts';

const probe: StepRecord = {
  index: 1,
  step: { op: 'probe', from: 'def', to: 'ext', protocol: 'tcp', port: 443 },
  expectation: {
    kind: 'traffic',
    delivered: true,
    seenFrom: '192.0.2.10',
    requirements: ['NET-NAT-OUT'],
    reason: 'r',
  },
  observation: { kind: 'observed', delivered: true, seenFrom: '100.64.0.10', elapsedMs: 3 },
  oracle: { verdict: 'disagree', field: 'seenFrom', detail: 'd' },
  confirmation: {
    observation: { kind: 'observed', delivered: true, seenFrom: '100.64.0.10', elapsedMs: 3 },
    oracle: { verdict: 'disagree', field: 'seenFrom', detail: 'd' },
  },
  verdict: 'disagree',
  unconfirmed: false,
  requirements: ['NET-NAT-OUT'],
  elapsedMs: 7,
  note: null,
  blame: null,
};
const config: StepRecord = {
  ...probe,
  index: 0,
  step: { op: 'attachGroup', instance: 'def', group: 'sg' },
  expectation: { kind: 'config', requirements: ['SG-MATCH'], reason: 'r' },
  observation: null,
  oracle: null,
  confirmation: null,
  verdict: 'applied',
  requirements: ['SG-MATCH'],
};

describe('formatStepTable', () => {
  it('shows step, expected vs observed (with the re-probe), requirement IDs and verdict', () => {
    const lines = formatStepTable([config, probe]).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^#\s+step\s+expected \(model\)\s+observed \(dataplane\)\s+verdict\s+requirements$/,
    );
    expect(lines[2]).toMatch(/^1\s+attachGroup sg to def\s+config\s+applied\s+applied\s+SG-MATCH$/);
    expect(lines[3]).toContain('probe def -> ext tcp/443');
    expect(lines[3]).toContain('delivered from 192.0.2.10');
    expect(lines[3]).toContain('delivered from 100.64.0.10 (re-probe: same)');
    expect(lines[3]).toMatch(/disagree\s+NET-NAT-OUT$/);
  });
});

describe('replayCommand', () => {
  it('is the exact command with the absolute program and paths, quoting what the shell would split', () => {
    const bin = resolve(repoRoot, 'bin/netconform.mjs');
    expect(NETCONFORM_BIN).toBe(bin);
    expect(
      replayCommand({
        scenarioPath: '/out/r 1/scenario.json',
        driver: 'mutant:stateless',
        backend: 'netns',
      }),
    ).toBe(`${bin} replay '/out/r 1/scenario.json' --driver mutant:stateless --backend netns`);
    // Relative paths (scenario, exec driver) are made absolute: the command works from anywhere.
    expect(
      replayCommand({
        scenarioPath: 's.json',
        driver: 'exec:drivers/my driver.sh',
        backend: 'netns',
        probeTimeoutMs: 900,
      }),
    ).toBe(
      `${bin} replay ${resolve('s.json')} --driver 'exec:${resolve('drivers/my driver.sh')}' ` +
        '--backend netns --probe-timeout 900',
    );
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('replayOutcome', () => {
  const attempt = (verdict: CheckResult['verdict']): CheckResult => ({
    verdict,
    steps: [],
    firstDisagreement: null,
    driverError: null,
    snapshot: null,
    setupError: null,
    durationMs: 1,
  });
  it('tells a real violation from a flaky dataplane', () => {
    expect(
      replayOutcome(['disagree', 'disagree', 'disagree'].map((v) => attempt(v as 'disagree'))),
    ).toBe('reproduced');
    expect(replayOutcome([attempt('disagree'), attempt('agree'), attempt('disagree')])).toBe(
      'flaky',
    );
    expect(replayOutcome([attempt('agree'), attempt('agree')])).toBe('never');
    expect(replayOutcome([attempt('agree'), attempt('inconclusive')])).toBe('inconclusive');
    expect(replayOutcome([attempt('driver-error')])).toBe('driver-error');
  });
});
