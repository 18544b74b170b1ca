/**
 * NEUTRON-CT-DELETE on the model: a removal deletes conntrack entries by the rule's
 * protocol and direction and the port's address, per host end, also of flows the rules
 * still admit; what survives, for TCP, UDP and ICMP.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blameStep, parseScenario, type ScenarioInput } from '../../../spec/index.ts';
import { expectations, ids, resolve, rule, verdict, verdicts } from '../fixtures.ts';

type Steps = NonNullable<ScenarioInput['steps']>;
type Rules = ReturnType<typeof rule>[];
const A = 'delivered from 198.51.100.1';
const B = 'delivered from 198.51.100.2';
const any = '0.0.0.0/0';

/**
 * neutron: a (198.51.100.1, group out: egress any, plus `aIn` ingress) opens to b
 * (198.51.100.2, group `in` with `rules`, also in group `extra`); b on `bHost`.
 */
function ab(rules: Rules, steps: Steps, opts: { bHost?: string; aIn?: Rules } = {}): ScenarioInput {
  return {
    profile: 'neutron',
    topology: {
      sites: [{ name: 's1' }],
      networks: [{ name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' }],
      hosts: [
        { name: 'h1', site: 's1', publicIp: '192.0.2.11' },
        { name: 'h2', site: 's1', publicIp: '192.0.2.12' },
      ],
      instances: [
        { name: 'a', network: 'pub', host: 'h1', groups: ['out'] },
        { name: 'b', network: 'pub', host: opts.bHost ?? 'h1', groups: ['in', 'extra'] },
      ],
      groups: [
        { name: 'out', rules: [rule('egress', 'any', any), ...(opts.aIn ?? [])] },
        { name: 'in', rules },
        { name: 'extra', rules: [] },
      ],
      externals: [],
    },
    steps,
  };
}

const open = (protocol: 'tcp' | 'udp' | 'icmp', port?: number): Steps[number] => ({
  op: 'open',
  flow: 'f',
  from: 'a',
  to: 'b',
  protocol,
  ...(port === undefined ? {} : { port }),
});
const fwd: Steps[number] = { op: 'send', flow: 'f', direction: 'forward' };
const back: Steps[number] = { op: 'send', flow: 'f', direction: 'reply' };
const remove = (r: ReturnType<typeof rule>): Steps[number] => ({
  op: 'removeRule',
  group: 'in',
  rule: r,
});

describe('NEUTRON-CT-DELETE: UDP', () => {
  const dns = rule('ingress', 'udp', any, '53');
  const ntp = rule('ingress', 'udp', any, '123');

  it('a sibling udp rule goes: the server speaking next is a new flow its egress refuses', () => {
    const got = expectations(ab([dns, ntp], [open('udp', 53), back, remove(ntp), back]));
    expect(got.map(verdict)).toEqual([A, B, 'config', 'blocked']);
    expect(ids(got[2])).toContain('NEUTRON-CT-DELETE');
    expect(ids(got[3])).toContain('NEUTRON-CT-DELETE');
    expect(ids(got[3])).not.toContain('CT-FLUSH-ON-REMOVE');
  });

  it('the client speaking first re-creates the entry: the reply rides on it', () => {
    const steps = [open('udp', 53), back, remove(ntp), fwd, back];
    expect(verdicts(ab([dns, ntp], steps))).toEqual([A, B, 'config', A, B]);
  });

  it("the server's reply passes when the chains of its end admit it as a new flow", () => {
    // One host, one end: b's egress and a's ingress both judge it.
    const rules = [dns, ntp, rule('egress', 'udp', any)];
    const aIn = [rule('ingress', 'udp', '198.51.100.2/32')];
    const steps = [open('udp', 53), back, remove(ntp), back, back];
    expect(verdicts(ab(rules, steps, { aIn }))).toEqual([A, B, 'config', B, B]);
  });

  it("on two hosts only the server's end is judged: the client's entry still admits the reply", () => {
    // b's egress admits the reply; a admits nothing in, which matters only on one host.
    const rules = [dns, ntp, rule('egress', 'udp', any)];
    const steps = [open('udp', 53), back, remove(ntp), back];
    expect(verdicts(ab(rules, steps, { bHost: 'h2' }))).toEqual([A, B, 'config', B]);
    expect(verdicts(ab(rules, steps, { bHost: 'h1' }))).toEqual([A, B, 'config', 'blocked']);
  });

  it('an entry the reply re-created is oriented the other way: removing the admitting rule misses it', () => {
    const rules = [dns, ntp, rule('egress', 'udp', any)];
    const steps = [open('udp', 53), back, remove(ntp), back, remove(dns), fwd];
    const got = expectations(ab(rules, steps, { bHost: 'h2' }));
    expect(got.map(verdict)).toEqual([A, B, 'config', B, 'config', A]);
    expect(ids(got[5])).toEqual(['CT-ESTABLISHED', 'NEUTRON-CT-DELETE']);
  });

  it('removing a tcp rule leaves udp entries alone (the protocol scopes the deletion)', () => {
    const steps = [open('udp', 53), back, remove(rule('ingress', 'tcp', any, '22')), back];
    const rules = [dns, rule('ingress', 'tcp', any, '22')];
    expect(verdicts(ab(rules, steps))).toEqual([A, B, 'config', B]);
  });

  it('removing an identical copy of a remaining rule deletes nothing', () => {
    expect(verdicts(ab([dns, ntp, ntp], [open('udp', 53), back, remove(ntp), back]))).toEqual([
      A,
      B,
      'config',
      B,
    ]);
  });

  it('the server leaving an unrelated group loses every entry: its next reply is refused', () => {
    const steps: Steps = [
      open('udp', 53),
      back,
      { op: 'detachGroup', instance: 'b', group: 'extra' },
      back,
    ];
    expect(verdicts(ab([dns], steps))).toEqual([A, B, 'config', 'blocked']);
  });
});

describe('NEUTRON-CT-DELETE: TCP', () => {
  const ssh = rule('ingress', 'tcp', any, '22');
  const web = rule('ingress', 'tcp', any, '80');

  it('the client speaking first is picked up mid-stream, then both ways flow', () => {
    const steps = [open('tcp', 22), remove(web), fwd, back, fwd];
    expect(verdicts(ab([ssh, web], steps))).toEqual([A, 'config', A, B, A]);
  });

  it('the server speaking first is refused; the stalled flow then says nothing', () => {
    const got = expectations(ab([ssh, web], [open('tcp', 22), remove(web), back, fwd]));
    expect(got.map(verdict)).toEqual([A, 'config', 'blocked', 'noop']);
    expect(ids(got[2])).toContain('NEUTRON-CT-DELETE');
  });

  it('the rule that admitted it goes: the next segment is cut (CT-FLUSH-ON-REMOVE)', () => {
    const got = expectations(ab([ssh, web], [open('tcp', 22), remove(ssh), fwd]));
    expect(got.map(verdict)).toEqual([A, 'config', 'blocked']);
    expect(ids(got[2])).toContain('CT-FLUSH-ON-REMOVE');
    expect(ids(got[2])).not.toContain('NEUTRON-CT-DELETE');
  });
});

describe('NEUTRON-CT-DELETE: ICMP', () => {
  const mine = rule('ingress', 'icmp', '198.51.100.1/32');
  const others = rule('ingress', 'icmp', '10.0.0.0/8');

  it('a sibling icmp rule goes: the next echo is admitted again and answered', () => {
    const steps = [open('icmp'), remove(others), fwd, fwd];
    expect(verdicts(ab([mine, others], steps))).toEqual([A, 'config', A, A]);
  });

  it('the admitting icmp rule goes: the next echo is refused although the sibling stays', () => {
    const got = expectations(ab([mine, others], [open('icmp'), remove(mine), fwd]));
    expect(got.map(verdict)).toEqual([A, 'config', 'blocked']);
    expect(ids(got[2])).toContain('CT-FLUSH-ON-REMOVE');
  });

  it('a udp removal leaves the echo flow alone, and no new echo is needed to keep it', () => {
    const steps = [open('icmp'), remove(rule('ingress', 'udp', any, '53')), fwd];
    const got = expectations(ab([mine, rule('ingress', 'udp', any, '53')], steps));
    expect(got.map(verdict)).toEqual([A, 'config', A]);
    expect(ids(got[2])).toEqual(['CT-ESTABLISHED']);
  });
});

describe('NEUTRON-CT-DELETE blame', () => {
  const file = new URL('../../../examples/findings/neutron-ct-delete-reply.json', import.meta.url);
  const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error('the F2 repro must be valid');

  it('a reply delivered after a sibling removal (the finer scope) is blamed on NEUTRON-CT-DELETE', () => {
    const blame = blameStep(parsed.scenario, 4, { delivered: true, seenFrom: '198.51.100.2' });
    expect(blame.violated).toEqual(['NEUTRON-CT-DELETE']);
  });

  it('a forward datagram cut with its rule (no deletion at all) is still CT-FLUSH-ON-REMOVE', () => {
    const dns = rule('ingress', 'udp', any, '53');
    const scenario = resolve(ab([dns], [open('udp', 53), back, remove(dns), fwd]));
    const blame = blameStep(scenario, 3, { delivered: true, seenFrom: '198.51.100.1' });
    expect(blame.violated).toEqual(['CT-FLUSH-ON-REMOVE']);
  });
});
