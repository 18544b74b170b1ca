/**
 * The short negative wait cannot hide a bug: a packet the dataplane delivers after the
 * probe was called blocked ends in a disagreement, never a silent agree; and an
 * expected delivery that is merely slow still agrees.
 *
 * The delay is real: this kernel has no sch_netem, so an iptables NFQUEUE rule in the
 * receiving instance's namespace (a namespace of this run, never the root one) hands
 * the probe's packets to `fixtures/delay-queue.py`, which accepts each after 400 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { netnsBackend, type NetnsDataplane } from '../../../containers/backends/netns/index.ts';
import { createDriver } from '../../../containers/drivers/index.ts';
import { processWait } from '../../../containers/probe/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { executeScenario } from '../../../harness/runner/index.ts';
import { parseScenario, type ResolvedScenario } from '../../../spec/index.ts';

const DELAY_MS = 400;
const PROBE_TIMEOUT_MS = 1_200;
const DELAYER = fileURLToPath(new URL('./fixtures/delay-queue.py', import.meta.url));

/** a may send anything; b admits tcp/80 and udp/81 only. */
function scenario(steps: unknown[]): ResolvedScenario {
  const parsed = parseScenario({
    profile: 'safespring',
    topology: {
      sites: [{ name: 'sto1' }],
      networks: [{ name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/24' }],
      hosts: [{ name: 'cn1', site: 'sto1', publicIp: '192.0.2.11' }],
      instances: [
        { name: 'a', network: 'pub', host: 'cn1', ip: '198.51.100.10', groups: ['out'] },
        { name: 'b', network: 'pub', host: 'cn1', ip: '198.51.100.11', groups: ['web'] },
      ],
      groups: [
        {
          name: 'out',
          rules: [{ direction: 'egress', protocol: 'any', remote: { cidr: '0.0.0.0/0' } }],
        },
        {
          name: 'web',
          rules: [
            { direction: 'ingress', protocol: 'tcp', ports: '80', remote: { cidr: '0.0.0.0/0' } },
            { direction: 'ingress', protocol: 'udp', ports: '81', remote: { cidr: '0.0.0.0/0' } },
          ],
        },
      ],
      externals: [],
    },
    steps,
  });
  if (!parsed.ok) throw new Error(`fixture scenario invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.scenario;
}

let dataplane: NetnsDataplane | null = null;
let delayer: ChildProcess | null = null;

/** Builds `s`'s dataplane and delays, by `delayMs`, b's inbound packets matching `match`. */
async function buildDelayed(
  s: ResolvedScenario,
  match: string[],
  { delayMs = DELAY_MS, probeTimeoutMs = PROBE_TIMEOUT_MS } = {},
): Promise<NetnsDataplane> {
  dataplane = (await netnsBackend.create(s.topology, { probeTimeoutMs })) as NetnsDataplane;
  const ns = dataplane.plan.endpoints.get('b')!.namespace;
  delayer = spawn('ip', ['netns', 'exec', ns, '/usr/bin/python3', DELAYER, '0', String(delayMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: delayer.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  expect(first).toBe('ready');
  const rule = ['-t', 'mangle', '-A', 'PREROUTING', ...match, '-j', 'NFQUEUE', '--queue-num', '0'];
  const added = await runCommand(['ip', 'netns', 'exec', ns, 'iptables', ...rule]);
  expect(added).toMatchObject({ kind: 'exited', code: 0 });
  return dataplane;
}

beforeAll(() => {
  // Delivered probes measured at ~2 ms: the wait before "blocked" is the floor, far
  // below the delay (a fresh process would wait the whole probe timeout at first).
  for (let i = 0; i < 32; i++) processWait.record(2);
  expect(processWait.blockedAfterMs(PROBE_TIMEOUT_MS)).toBeLessThan(DELAY_MS / 4);
});

afterEach(async () => {
  delayer?.stdin?.end();
  delayer = null;
  await dataplane?.destroy();
  dataplane = null;
});

describe('late arrivals (netns, a real 400 ms delay)', () => {
  it('a packet delivered after it was called blocked turns agree into disagree', async () => {
    // protocol-ignored matches ports only: udp/80 and tcp/81 pass although b admits
    // only tcp/80 and udp/81. Delayed, each is called blocked on the spot (agree)...
    const s = scenario([
      { op: 'probe', from: 'a', to: 'b', protocol: 'udp', port: 80 },
      { op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 81 },
    ]);
    const dp = await buildDelayed(s, ['-p', 'udp', '--dport', '80']);
    const tcpRule = ['-t', 'mangle', '-A', 'PREROUTING', '-p', 'tcp', '--dport', '81'];
    const ns = dp.plan.endpoints.get('b')!.namespace;
    await runCommand([
      'ip',
      'netns',
      'exec',
      ns,
      'iptables',
      ...tcpRule,
      '-j',
      'NFQUEUE',
      '--queue-num',
      '0',
    ]);
    const execution = await executeScenario(s, dp, createDriver('mutant:protocol-ignored'), {
      stopAtFirstDisagreement: false,
    });
    // ...and the late-arrival audit turns both into disagreements before the verdict.
    expect(execution.verdict).toBe('disagree');
    expect(execution.firstDisagreement).toBe(0);
    for (const step of execution.steps) {
      expect(step.verdict).toBe('disagree');
      expect(step.note).toMatch(/late arrival/);
      expect(step.observation).toMatchObject({ kind: 'observed', delivered: true });
      const observation = step.observation!;
      if (observation.kind !== 'observed') throw new Error('not observed');
      expect(observation.blockedAfterMs).toBeLessThan(DELAY_MS);
      expect(observation.late?.arrivedAfterMs).toBeGreaterThanOrEqual(DELAY_MS - 50);
      expect(step.blame?.violated).toContain('SG-MATCH');
    }
  });

  it('a slow expected delivery still agrees: it gets the whole probe timeout', async () => {
    const s = scenario([{ op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 80 }]);
    const dp = await buildDelayed(s, ['-p', 'tcp', '--dport', '80']);
    const execution = await executeScenario(s, dp, createDriver('reference'), {
      stopAtFirstDisagreement: true,
    });
    expect(execution.verdict).toBe('agree');
    expect(execution.steps[0]).toMatchObject({
      verdict: 'agree',
      observation: { kind: 'observed', delivered: true, seenFrom: '198.51.100.10' },
    });
    const observation = execution.steps[0]!.observation!;
    if (observation.kind !== 'observed') throw new Error('not observed');
    expect(observation.late?.arrivedAfterMs).toBeGreaterThanOrEqual(DELAY_MS - 50);
  });

  it('an expected delivery slower than the probe timeout agrees once its re-probe passes', async () => {
    // Only the first datagram is held (300 ms, past the 200 ms probe timeout), as a
    // load spike would: the re-probe passes at once, and the first packet is looked
    // for again within a second probe timeout.
    const s = scenario([{ op: 'probe', from: 'a', to: 'b', protocol: 'udp', port: 81 }]);
    const first = ['-p', 'udp', '--dport', '81', '-m', 'statistic', '--mode', 'nth'];
    const dp = await buildDelayed(s, [...first, '--every', '1000000', '--packet', '0'], {
      delayMs: 300,
      probeTimeoutMs: 200,
    });
    const execution = await executeScenario(s, dp, createDriver('reference'), {
      stopAtFirstDisagreement: true,
    });
    expect(execution.steps[0]).toMatchObject({
      verdict: 'agree',
      observation: { kind: 'observed', delivered: true, seenFrom: '198.51.100.10' },
      confirmation: { observation: { delivered: true }, oracle: { verdict: 'agree' } },
    });
    expect(execution.steps[0]!.note).toMatch(/slower than the probe timeout/);
    const observation = execution.steps[0]!.observation!;
    if (observation.kind !== 'observed') throw new Error('not observed');
    expect(observation.late?.arrivedAfterMs).toBeGreaterThanOrEqual(250);
    expect(execution.verdict).toBe('agree');
  });
});
