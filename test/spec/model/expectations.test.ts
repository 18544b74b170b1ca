/** withModelExpectations (repro files) and checkExpect (explain's comparison). */
import { describe, expect, it } from 'vitest';
import {
  checkExpect,
  evaluateScenario,
  expectOf,
  parseScenario,
  toScenarioInput,
  withModelExpectations,
  type Expectation,
} from '../../../spec/index.ts';
import { oneSite, probe, resolve, rule } from '../fixtures.ts';

const scenario = resolve(
  oneSite(
    'safespring',
    {
      instances: [
        { name: 'a', network: 'nat', host: 'h1', groups: ['g'] },
        { name: 'b', network: 'pub', host: 'h1' },
      ],
      groups: [{ name: 'g', rules: [rule('egress', 'tcp', '0.0.0.0/0')] }],
    },
    [
      {
        op: 'probe',
        from: 'a',
        to: 'ext',
        protocol: 'tcp',
        port: 443,
        expect: { delivered: false },
      },
      probe('b', 'ext', 'tcp', 443),
      { op: 'send', flow: 'none', direction: 'forward', expect: { delivered: true } },
      { op: 'addRule', group: 'g', rule: rule('ingress', 'icmp', '0.0.0.0/0') },
    ],
  ),
);

describe('withModelExpectations', () => {
  it("writes the model's verdict into traffic steps and drops expect from no-ops", () => {
    const filled = withModelExpectations(scenario);
    expect(filled.steps.map(expectOf)).toEqual([
      { delivered: true, seenFrom: '192.0.2.11' },
      { delivered: false },
      undefined,
      undefined,
    ]);
    expect(scenario.steps.map(expectOf)[0]).toEqual({ delivered: false });
  });
  it('gives a scenario the model fully agrees with, and that survives the JSON round trip', () => {
    const reparsed = parseScenario(
      JSON.parse(JSON.stringify(toScenarioInput(withModelExpectations(scenario)))),
    );
    if (!reparsed.ok) throw new Error('round trip failed');
    const verdicts = evaluateScenario(reparsed.scenario).results.map(
      (r) => checkExpect(expectOf(r.step), r.expectation).kind,
    );
    expect(verdicts).toEqual(['agree', 'agree', 'unchecked', 'unchecked']);
  });
});

describe('checkExpect', () => {
  const delivered: Expectation = {
    kind: 'traffic',
    delivered: true,
    seenFrom: '192.0.2.11',
    requirements: [],
    reason: 'NAT on h1',
  };
  const noop: Expectation = { kind: 'noop', reason: 'no open flow named f' };
  it('compares delivery, and the source address only when the author gave one', () => {
    expect(checkExpect({ delivered: true }, delivered).kind).toBe('agree');
    expect(checkExpect({ delivered: true, seenFrom: '192.0.2.11' }, delivered).kind).toBe('agree');
    expect(checkExpect({ delivered: true, seenFrom: '100.64.0.1' }, delivered)).toEqual({
      kind: 'contradicted',
      message: 'expected seen from 100.64.0.1, model: seen from 192.0.2.11 (NAT on h1)',
    });
    expect(checkExpect({ delivered: false }, delivered).kind).toBe('contradicted');
    expect(checkExpect(undefined, delivered).kind).toBe('unchecked');
  });
  it('a no-op satisfies only "not delivered"', () => {
    expect(checkExpect({ delivered: false }, noop).kind).toBe('agree');
    expect(checkExpect({ delivered: true }, noop).kind).toBe('contradicted');
  });
});
