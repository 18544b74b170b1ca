/**
 * The records written to run-result.json are the model's and the dataplane's own
 * shapes: one zod schema each, so a field added to one cannot vanish from the file.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { executeScenario, StepRecord } from '../../../harness/runner/index.ts';
import type { Observation } from '../../../harness/dataplane/index.ts';
import type { OracleResult } from '../../../harness/oracle/index.ts';
import type { Expectation, RequirementId } from '../../../spec/index.ts';
import { fakeBackend, fakeDriver, modelObservations, webScenario } from './fakes.ts';

describe('StepRecord', () => {
  it('has exactly the types of Expectation, Observation and OracleResult', () => {
    expectTypeOf<StepRecord['expectation']>().toEqualTypeOf<Expectation>();
    expectTypeOf<NonNullable<StepRecord['observation']>>().toEqualTypeOf<Observation>();
    expectTypeOf<NonNullable<StepRecord['oracle']>>().toEqualTypeOf<OracleResult>();
    // @ts-expect-error a requirement literal must name a catalogue entry
    const typo: RequirementId = 'CT-REPLIES';
    expect(typo).toBe('CT-REPLIES');
  });

  it('reads back, unchanged, every record a real execution writes', async () => {
    const scenario = webScenario();
    const answers = modelObservations(scenario);
    const dataplane = await fakeBackend((_, call) => answers[call]!).create(scenario.topology, {
      probeTimeoutMs: 10,
    });
    const { steps } = await executeScenario(scenario, dataplane, fakeDriver(), {
      stopAtFirstDisagreement: true,
      snapshotOnDisagreement: false,
    });
    const reread = JSON.parse(JSON.stringify(steps)) as unknown[];
    expect(reread.map((r) => StepRecord.parse(r))).toEqual(steps);
  });

  it('refuses a requirement ID that is not in the catalogue', () => {
    const record = JSON.parse(JSON.stringify(recordOf('CT-REPLY'))) as { requirements: string[] };
    expect(StepRecord.safeParse(record).success).toBe(true);
    record.requirements = ['CT-REPLIES'];
    expect(StepRecord.safeParse(record).success).toBe(false);
  });
});

function recordOf(id: RequirementId): StepRecord {
  return {
    index: 0,
    step: { op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 22 },
    expectation: {
      kind: 'traffic',
      delivered: true,
      seenFrom: null,
      requirements: [id],
      reason: 'r',
    },
    observation: { kind: 'observed', delivered: true, seenFrom: null, elapsedMs: 1 },
    oracle: { verdict: 'agree' },
    confirmation: null,
    blame: null,
    verdict: 'agree',
    unconfirmed: false,
    requirements: [id],
    elapsedMs: 1,
    note: null,
  };
}
