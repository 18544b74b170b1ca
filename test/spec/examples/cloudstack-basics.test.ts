/** The CloudStack basics example ("CloudStack Basic Networking: deeper dive"), written from that post, step by step. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeStep, evaluateScenario, parseScenario } from '../../../spec/index.ts';
import { ids, verdict } from '../fixtures.ts';

const file = new URL('../../../examples/cloudstack-basics.json', import.meta.url);
const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.ok) throw new Error('the cloudstack example must be valid');
const results = evaluateScenario(parsed.scenario).results;
const lines = results.map((r) => `${describeStep(r.step)} => ${verdict(r.expectation)}`);

describe('cloudstack basics ("CloudStack Basic Networking: deeper dive")', () => {
  it('resolves web into default@alice, declared with no rules', () => {
    const t = parsed.scenario.topology;
    expect(t.instances.find((i) => i.name === 'web')?.groups).toEqual(['default@alice']);
    expect(t.groups.find((g) => g.name === 'default@alice')).toEqual({
      name: 'default@alice',
      account: 'alice',
      rules: [],
    });
    expect(t.instances.map((i) => i.ip)).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
  });

  it('gives the expected verdict at every step', () => {
    expect(lines).toEqual([
      'podQuery web: DHCP discover to the pod-local server => delivered from null',
      'probe internet -> web tcp/80 => blocked',
      'probe web -> internet tcp/443 => delivered from 198.51.100.1',
      'probe web -> internet udp/53 => delivered from 198.51.100.1',
      'probe app1 -> internet udp/53 => delivered from 198.51.100.2',
      'addRule app: egress tcp 443 to 0.0.0.0/0 => config',
      'probe app1 -> internet udp/53 => blocked',
      'probe app1 -> internet tcp/443 => delivered from 198.51.100.2',
      'podQuery app1: DNS query to the pod-local server => delivered from null',
      'addRule app: ingress tcp 12489 from group nagios => config',
      'probe mon -> app1 tcp/12489 => delivered from 198.51.100.3',
      'probe web -> app1 tcp/12489 => blocked',
      'probe internet -> app1 tcp/12489 => blocked',
      'addRule app: ingress tcp 22 from 203.0.113.0/24 => config',
      'open ssh: internet -> app1 tcp/22 => delivered from 203.0.113.11',
      'removeRule app: ingress tcp 22 from 203.0.113.0/24 => config',
      'send ssh forward => delivered from 203.0.113.11',
      'send ssh reply => delivered from 198.51.100.2',
      'probe internet -> app1 tcp/22 => blocked',
      'close ssh => flow',
      'open dns: web -> internet udp/53 => delivered from 198.51.100.1',
      'send dns reply => delivered from 203.0.113.11',
      'probe internet -> web udp/53 => blocked',
      'probe internet -> web udp/40000 => blocked',
      'close dns => flow',
      'attachGroup app to web => noop',
      'probe mon -> web tcp/12489 => blocked',
    ]);
  });

  it('names the cloudstack requirements where they decide', () => {
    const at = (line: string) => ids(results[lines.indexOf(line)]?.expectation);
    expect(at('probe internet -> web tcp/80 => blocked')).toContain('CS-DEFAULT-GROUP');
    expect(
      at('podQuery web: DHCP discover to the pod-local server => delivered from null'),
    ).toEqual(['L2-DHCP-DNS']);
    expect(at('probe web -> internet tcp/443 => delivered from 198.51.100.1')).toContain(
      'CS-EGRESS-OPEN',
    );
    expect(at('probe mon -> app1 tcp/12489 => delivered from 198.51.100.3')).toContain(
      'CS-CROSS-ACCOUNT',
    );
    expect(at('send ssh forward => delivered from 203.0.113.11')).toContain('CT-KEEP-ON-REMOVE');
    expect(at('probe internet -> web udp/53 => blocked')).toContain('CT-NO-REVERSE');
    expect(results[lines.indexOf('attachGroup app to web => noop')]?.expectation.reason).toContain(
      'CS-NO-GROUP-CHANGE',
    );
  });
});
