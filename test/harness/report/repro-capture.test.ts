/**
 * The auditor's evidence: an overlay step whose token watcher caught the token in clear
 * carries the frame (token, outer addresses and ports) in its observation; a written
 * bundle keeps it in steps.json, lists it under the table in steps.txt, and the HTML
 * repro shows it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproHtml } from '../../../harness/report/html-repro.ts';
import { parseReproSteps, stepRows, writeReproBundle } from '../../../harness/repro/index.ts';
import type { StepRecord } from '../../../harness/runner/index.ts';
import { parseScenario } from '../../../spec/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'netconform-bundle-capture-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const parsed = parseScenario(
  JSON.parse(
    readFileSync(new URL('../../../examples/danube-overlays.json', import.meta.url), 'utf8'),
  ),
);
if (!parsed.ok) throw new Error('examples/danube-overlays.json must be valid');
const eavesdrop = parsed.scenario.steps[9]!;
const capture = {
  at: 'the internet router',
  interface: 'ncabcdh0',
  token: 'NCOVtest1x1',
  src: '192.0.2.1',
  dst: '192.0.2.3',
  protocol: 17,
  srcPort: 41234,
  dstPort: 4790,
};
const seen = { kind: 'observed' as const, delivered: true, seenFrom: null, elapsedMs: 5, capture };
const record: StepRecord = {
  index: 0,
  step: eavesdrop,
  expectation: {
    kind: 'traffic',
    delivered: false,
    seenFrom: null,
    requirements: ['OV-ENCRYPTED'],
    reason: 'inside IPsec',
  },
  observation: seen,
  oracle: { verdict: 'disagree', field: 'delivered', detail: 'token seen' },
  confirmation: {
    observation: { ...seen, capture: { ...capture, token: 'NCOVtest1x2' } },
    oracle: { verdict: 'disagree', field: 'delivered', detail: 'token seen' },
  },
  verdict: 'disagree',
  unconfirmed: false,
  requirements: ['OV-ENCRYPTED'],
  blame: { violated: ['OV-ENCRYPTED'], involved: [], undetermined: false },
  elapsedMs: 5,
  note: null,
};

describe('captured clear-text token in a repro bundle', () => {
  it('is kept in steps.json, listed in steps.txt and shown in the HTML repro', async () => {
    const bundle = await writeReproBundle({
      outDir: dir,
      id: 'leak',
      scenario: { ...parsed.scenario, steps: [eavesdrop] },
      steps: [record],
      snapshot: null,
      meta: {
        seed: 1,
        runIndex: 0,
        runSeed: 1,
        fastCheckPath: '0',
        profile: 'danube',
        driver: 'mutant:ipsec-missing-for-one-pair',
        backend: 'netns',
        probeTimeoutMs: 500,
        failingStep: 0,
        blame: { violated: ['OV-ENCRYPTED'], involved: [], undetermined: false },
        originalSteps: 1,
        shrinkInterrupted: false,
      },
    });
    const steps = parseReproSteps(readFileSync(join(bundle.dir, 'steps.json'), 'utf8'));
    const kept = steps.ok ? steps.steps[0]?.observation : null;
    expect(kept).toMatchObject({ capture });
    const text = readFileSync(join(bundle.dir, 'steps.txt'), 'utf8');
    const line =
      'step 1: token NCOVtest1x1 seen in clear at the internet router (ncabcdh0): udp 192.0.2.1:41234 -> 192.0.2.3:4790';
    expect(text).toContain(`Captured on the wire:\n  ${line}`);
    const html = reproHtml({
      rows: stepRows(steps.ok ? steps.steps : []),
      violated: ['OV-ENCRYPTED'],
      involved: [],
      undetermined: false,
      path: null,
      replayCommand: bundle.replayCommand,
      tableText: null,
      scenario: null,
    });
    expect(html).toContain('Captured on the wire:');
    expect(html).toContain('udp 192.0.2.1:41234 -&gt; 192.0.2.3:4790');
  });
});
