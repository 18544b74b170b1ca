/** CT-*: flows, replies, keep-on-remove, and the flow rules of each protocol. */
import { describe, expect, it } from 'vitest';
import {
  initialState,
  profiles,
  step,
  type ModelState,
  type Profile,
  type ScenarioInput,
  type Step,
} from '../../../spec/index.ts';
import { expectations, ids, ab, probe, resolve, rule, verdict, verdicts } from '../fixtures.ts';

type Steps = NonNullable<ScenarioInput['steps']>;
const A = 'delivered from 198.51.100.1';
const B = 'delivered from 198.51.100.2';
const allowIn = (protocol: 'tcp' | 'udp' | 'icmp', ports?: string) =>
  rule('ingress', protocol, '198.51.100.1/32', ports);

/** a (egress any) -> b (group `in`, with `rules`), safespring unless told. */
const abIn = (
  rules: ReturnType<typeof rule>[],
  steps: Steps,
  profile: 'safespring' | 'cloudstack' = 'safespring',
): ScenarioInput => ab(profile, rules, steps);

describe('CT-KEEP-ON-REMOVE', () => {
  for (const profile of ['safespring', 'cloudstack'] as const) {
    it(`${profile}: an established TCP flow survives removal of its rule; a new connection is refused`, () => {
      const steps: Steps = [
        { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'tcp', port: 22 },
        { op: 'removeRule', group: 'in', rule: allowIn('tcp', '22') },
        { op: 'send', flow: 'f', direction: 'forward' },
        { op: 'send', flow: 'f', direction: 'reply' },
        probe('a', 'b', 'tcp', 22),
        { op: 'close', flow: 'f' },
        { op: 'send', flow: 'f', direction: 'forward' },
      ];
      const got = expectations(abIn([allowIn('tcp', '22')], steps, profile));
      expect(got.map(verdict)).toEqual([A, 'config', A, B, 'blocked', 'flow', 'noop']);
      expect(ids(got[1])).toContain('CT-KEEP-ON-REMOVE');
      expect(ids(got[2])).toEqual(['CT-ESTABLISHED', 'CT-KEEP-ON-REMOVE']);
    });
  }
  it('detaching the group that admitted a replied flow keeps it too', () => {
    const steps: Steps = [
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
      { op: 'send', flow: 'f', direction: 'reply' },
      { op: 'detachGroup', instance: 'b', group: 'in' },
      { op: 'send', flow: 'f', direction: 'forward' },
      probe('a', 'b', 'udp', 53),
    ];
    expect(verdicts(abIn([allowIn('udp', '53')], steps))).toEqual([A, B, 'config', A, 'blocked']);
  });
  it("an unreplied UDP flow's next datagram meets the current rules; its replies still pass", () => {
    const steps: Steps = [
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
      { op: 'detachGroup', instance: 'b', group: 'in' },
      { op: 'send', flow: 'f', direction: 'forward' },
      { op: 'send', flow: 'f', direction: 'reply' },
      { op: 'send', flow: 'f', direction: 'forward' },
    ];
    expect(verdicts(abIn([allowIn('udp', '53')], steps))).toEqual([A, 'config', 'blocked', B, A]);
  });
  it("a profile with onRuleRemoval 'flush' cuts the flow instead (data, not code)", () => {
    const flush: Profile = { ...profiles.safespring, onRuleRemoval: 'flush' };
    const scenario = resolve(abIn([allowIn('udp', '53')], []));
    const run = (steps: Step[]): string[] => {
      let state: ModelState = initialState(scenario);
      return steps.map((s) => {
        const r = step(flush, state, s);
        state = r.state;
        return verdict(r.expectation);
      });
    };
    expect(
      run([
        { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
        { op: 'removeRule', group: 'in', rule: allowIn('udp', '53') },
        { op: 'send', flow: 'f', direction: 'forward' },
        { op: 'send', flow: 'f', direction: 'reply' },
      ]),
    ).toEqual([A, 'config', 'blocked', 'noop']);
  });
});

describe('CT-REPLY and CT-NO-REVERSE', () => {
  it('a reply passes with the destination as source; a new flow back is refused', () => {
    const steps: Steps = [
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
      { op: 'send', flow: 'f', direction: 'reply' },
      probe('b', 'a', 'udp', 53),
    ];
    const got = expectations(abIn([allowIn('udp', '53')], steps));
    expect(got.map(verdict)).toEqual([A, B, 'blocked']);
    expect(ids(got[1])).toEqual(['CT-REPLY']);
    expect(ids(got[2])).toContain('CT-NO-REVERSE');
  });
});

describe('flow rules per protocol', () => {
  it('TCP: a refused open leaves nothing to send on (no-ops), close still forgets it', () => {
    const steps: Steps = [
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'tcp', port: 80 },
      { op: 'send', flow: 'f', direction: 'forward' },
      { op: 'send', flow: 'f', direction: 'reply' },
      { op: 'close', flow: 'f' },
      { op: 'close', flow: 'f' },
    ];
    expect(verdicts(abIn([], steps))).toEqual(['blocked', 'noop', 'noop', 'flow', 'noop']);
  });
  it('UDP: a forward send on a non-established flow is evaluated as new and establishes it', () => {
    const steps: Steps = [
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'udp', port: 53 },
      { op: 'send', flow: 'f', direction: 'reply' },
      { op: 'addRule', group: 'in', rule: allowIn('udp', '53') },
      { op: 'send', flow: 'f', direction: 'forward' },
      { op: 'send', flow: 'f', direction: 'reply' },
    ];
    expect(verdicts(abIn([], steps))).toEqual(['blocked', 'noop', 'config', A, B]);
  });
  it('ICMP: open is an echo exchange, forward sends echo again, a reply send is a no-op', () => {
    const steps: Steps = [
      { op: 'open', flow: 'p', from: 'a', to: 'b', protocol: 'icmp' },
      { op: 'removeRule', group: 'in', rule: allowIn('icmp') },
      { op: 'send', flow: 'p', direction: 'forward' },
      { op: 'send', flow: 'p', direction: 'reply' },
      probe('a', 'b', 'icmp'),
    ];
    const got = expectations(abIn([allowIn('icmp')], steps));
    expect(got.map(verdict)).toEqual([A, 'config', A, 'noop', 'blocked']);
    expect(ids(got[0])).toContain('CT-REPLY');
  });
  it('opening a flow name that is already open is a no-op', () => {
    const steps: Steps = [
      { op: 'open', flow: 'f', from: 'a', to: 'b', protocol: 'tcp', port: 22 },
      { op: 'open', flow: 'f', from: 'b', to: 'a', protocol: 'tcp', port: 22 },
      { op: 'send', flow: 'f', direction: 'forward' },
    ];
    expect(verdicts(abIn([allowIn('tcp', '22')], steps))).toEqual([A, 'noop', A]);
  });
  it('steps naming absent flows or endpoints, or an endpoint talking to itself, are no-ops', () => {
    const steps: Steps = [
      { op: 'send', flow: 'nope', direction: 'forward' },
      { op: 'close', flow: 'nope' },
      probe('ghost', 'b', 'tcp', 22),
      { op: 'open', flow: 'g', from: 'a', to: 'ghost', protocol: 'udp', port: 1 },
      probe('a', 'a', 'tcp', 22),
    ];
    expect(verdicts(abIn([], steps))).toEqual(['noop', 'noop', 'noop', 'noop', 'noop']);
  });
});

describe('purity', () => {
  it('step never modifies the state it is given, and probes keep the state object', () => {
    const scenario = resolve(abIn([allowIn('tcp', '22')], []));
    const state = initialState(scenario);
    const snapshot = JSON.stringify(state);
    const opened = step(profiles.safespring, state, {
      op: 'open',
      flow: 'f',
      from: 'a',
      to: 'b',
      protocol: 'tcp',
      port: 22,
    });
    step(profiles.safespring, opened.state, {
      op: 'removeRule',
      group: 'in',
      rule: allowIn('tcp', '22'),
    });
    step(profiles.safespring, opened.state, { op: 'detachGroup', instance: 'b', group: 'in' });
    expect(JSON.stringify(state)).toBe(snapshot);
    expect(Object.keys(opened.state.flows)).toEqual(['f']);
    expect(opened.state.topology.groups[1]?.rules).toHaveLength(1);
    const probed = step(profiles.safespring, opened.state, {
      op: 'probe',
      from: 'a',
      to: 'b',
      protocol: 'tcp',
      port: 22,
    });
    expect(probed.state).toBe(opened.state);
  });
});
