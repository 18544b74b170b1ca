/**
 * The cloudstack profile on the real netns dataplane, bridged as a basic zone (its
 * default plumbing, CloudStack names): the reference driver runs
 * examples/cloudstack-basics.json and every step agrees with the model and with the
 * example's written expects; each L2 mutant disagrees on examples/cloudstack-l2.json
 * at the step of the L2 requirement it breaks (the L2 requirements can fail); the
 * reference agrees on examples/cloudstack-migrate.json, where an instance moves to
 * another host and back, and mutant rules-left-on-old-host disagrees there (CS-MIGRATE);
 * mutant dhcp-dns-blocked disagrees on a 3-step repro of pod-local server queries
 * (L2-DHCP-DNS).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backends } from '../../containers/backends/index.ts';
import { createDriver } from '../../containers/drivers/index.ts';
import { checkScenario } from '../../harness/runner/index.ts';
import { parseScenario, type Plumbing, type ScenarioInput } from '../../spec/index.ts';
import { PROBE_TIMEOUT_MS } from './dataplane-suite.ts';
import { pooledNetnsCheck } from './pooled-check.ts';
import { loadScenario } from './scenario-files.ts';
import { agreedTrafficSteps, missingExpects, stepProblems, trafficNames } from './step-checks.ts';

const file = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
const plumbing: Plumbing = { mode: 'bridged', flavour: 'cloudstack' };

function resolveScenario(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
}

describe('cloudstack profile (netns, bridged, reference driver)', () => {
  it('agrees on every step of examples/cloudstack-basics.json', async () => {
    const scenario = loadScenario(file('cloudstack-basics.json'));
    expect(scenario.profile).toBe('cloudstack');
    expect(missingExpects(scenario.steps)).toEqual([]);
    const result = await checkScenario(scenario, {
      backend: backends.netns!,
      driverFactory: () => createDriver('reference'),
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      plumbing,
    });
    expect(stepProblems(result)).toEqual([]);
    expect(result.verdict).toBe('agree');
    expect(agreedTrafficSteps(result)).toBeGreaterThanOrEqual(15);
    // The example exists to show the cloudstack-only promises on the dataplane.
    for (const id of [
      'CS-DEFAULT-GROUP',
      'CS-EGRESS-OPEN',
      'CS-CROSS-ACCOUNT',
      'CT-KEEP-ON-REMOVE',
      'L2-DHCP-DNS',
    ] as const)
      expect(trafficNames(result, id), id).toBe(true);
  });
});

/** Each L2 mutant, the step op where it first shows, and the requirement it breaks. */
const L2_MUTANTS = [
  { mutant: 'mac-spoof-allowed', op: 'macSpoof', requirement: 'L2-MAC-SPOOF' },
  { mutant: 'arp-spoof-allowed', op: 'arpSpoof', requirement: 'L2-ARP-SPOOF' },
  { mutant: 'bum-forwarded', op: 'broadcast', requirement: 'L2-BUM-DROP' },
  { mutant: 'rogue-dhcp-allowed', op: 'rogueDhcp', requirement: 'L2-NO-ROGUE-DHCP' },
  { mutant: 'secondary-ip-refused', op: 'spoof', requirement: 'L2-SECONDARY-IP' },
] as const;

describe('cloudstack L2 requirements can fail (netns, bridged, examples/cloudstack-l2.json)', () => {
  const scenario = loadScenario(file('cloudstack-l2.json'));
  const check = pooledNetnsCheck(plumbing);

  for (const c of L2_MUTANTS) {
    it(`mutant:${c.mutant} disagrees first on a ${c.op} step, blaming ${c.requirement}`, async () => {
      const result = await check(scenario, `mutant:${c.mutant}`);
      expect(result.driverError).toBeNull();
      expect(result.verdict).toBe('disagree');
      const first = result.steps[result.firstDisagreement!]!;
      expect(first.step.op).toBe(c.op);
      expect(first.blame?.violated).toEqual([c.requirement]);
    });
  }
});

describe('L2-DHCP-DNS can fail (netns, bridged)', () => {
  const check = pooledNetnsCheck(plumbing);
  // vm1 in its account's default group (no ingress rule), vm2 with egress tcp 443 only.
  const repro = resolveScenario({
    profile: 'cloudstack',
    topology: {
      sites: [{ name: 'zone1' }],
      networks: [{ name: 'pod1', site: 'zone1', kind: 'public', cidr: '198.51.100.0/26' }],
      hosts: [
        { name: 'kvm-1', site: 'zone1', publicIp: '192.0.2.10' },
        { name: 'kvm-2', site: 'zone1', publicIp: '192.0.2.11' },
      ],
      instances: [
        { name: 'vm1', network: 'pod1', host: 'kvm-1' },
        { name: 'vm2', network: 'pod1', host: 'kvm-2', groups: ['app'] },
      ],
      groups: [
        {
          name: 'app',
          rules: [
            { direction: 'egress', protocol: 'tcp', ports: '443', remote: { cidr: '0.0.0.0/0' } },
          ],
        },
      ],
    },
    steps: [
      { op: 'podQuery', from: 'vm1', service: 'dhcp' },
      { op: 'podQuery', from: 'vm2', service: 'dns' },
      { op: 'podQuery', from: 'vm2', service: 'dhcp' },
    ],
  });

  it('the reference driver gets every answer; mutant:dhcp-dns-blocked none, blaming L2-DHCP-DNS', async () => {
    const reference = await check(repro, 'reference');
    expect(stepProblems(reference)).toEqual([]);
    expect(reference.steps.map((s) => s.verdict)).toEqual(['agree', 'agree', 'agree']);
    const mutant = await check(repro, 'mutant:dhcp-dns-blocked');
    expect(mutant.driverError).toBeNull();
    expect(mutant.verdict).toBe('disagree');
    // The run stops at its first confirmed disagreement: vm1's DHCP.
    expect(mutant.firstDisagreement).toBe(0);
    expect(mutant.steps[0]?.blame?.violated).toEqual(['L2-DHCP-DNS']);
    // Without the DHCP step, the DNS query shows it too.
    const dnsOnly = await check(
      { ...repro, steps: repro.steps.slice(1, 2) },
      'mutant:dhcp-dns-blocked',
    );
    expect(dnsOnly.verdict).toBe('disagree');
    expect(dnsOnly.steps[0]?.blame?.violated).toEqual(['L2-DHCP-DNS']);
  });
});

describe('CS-MIGRATE can fail (netns, bridged, examples/cloudstack-migrate.json)', () => {
  const scenario = loadScenario(file('cloudstack-migrate.json'));
  const check = pooledNetnsCheck(plumbing);

  it('the reference driver agrees on every step, before and after each migration', async () => {
    // The send on f1 after the migration is a no-op (flows may drop: nothing is promised).
    expect(missingExpects(scenario.steps)).toEqual(['step 4 (send f1 forward) has no expect']);
    const result = await check(scenario, 'reference');
    expect(stepProblems(result)).toEqual([]);
    expect(result.verdict).toBe('agree');
    expect(result.steps[3]?.verdict).toBe('noop');
    expect(result.steps.filter((s) => s.step.op === 'migrate').map((s) => s.verdict)).toEqual([
      'applied',
      'applied',
    ]);
    expect(trafficNames(result, 'CS-MIGRATE')).toBe(true);
  });

  // On the reused dataplane: app is back on kvm-1 (resetFlows) before this run starts.
  it('mutant:rules-left-on-old-host disagrees first on the probe after the migration, blaming CS-MIGRATE', async () => {
    const result = await check(scenario, 'mutant:rules-left-on-old-host');
    expect(result.driverError).toBeNull();
    expect(result.verdict).toBe('disagree');
    const first = result.steps[result.firstDisagreement!]!;
    expect(first.index).toBe(4);
    expect(first.step).toMatchObject({ op: 'probe', from: 'web', to: 'app', port: 22 });
    expect(first.blame?.violated).toEqual(['CS-MIGRATE']);
  });

  // The repro `netconform mutants --profile cloudstack --only rules-left-on-old-host
  // --seed 1 --max-sites 1` shrank to (caught in run 12): two steps.
  it('mutant:rules-left-on-old-host is caught by its 2-step generated repro, blaming CS-MIGRATE', async () => {
    const repro = resolveScenario({
      profile: 'cloudstack',
      topology: {
        sites: [{ name: 'sto1' }],
        networks: [{ name: 'pub', site: 'sto1', kind: 'public', cidr: '198.51.100.0/26' }],
        hosts: [
          { name: 'cmp1', site: 'sto1', publicIp: '192.0.2.10' },
          { name: 'cmp2', site: 'sto1', publicIp: '192.0.2.11' },
        ],
        instances: [
          { name: 'vm1', network: 'pub', host: 'cmp1', ip: '198.51.100.10', groups: ['sg1'] },
          { name: 'vm2', network: 'pub', host: 'cmp2', ip: '198.51.100.11', groups: ['sg2'] },
        ],
        groups: [{ name: 'sg1' }, { name: 'sg2' }],
      },
      steps: [
        { op: 'migrate', instance: 'vm2', host: 'cmp1' },
        { op: 'probe', from: 'vm1', to: 'vm2', protocol: 'tcp', port: 80 },
      ],
    });
    const run = (driver: string) => check(repro, driver);
    const mutant = await run('mutant:rules-left-on-old-host');
    expect(mutant.verdict).toBe('disagree');
    expect(mutant.steps[1]?.blame?.violated).toEqual(['CS-MIGRATE']);
    // Same dataplane, vm2 back on cmp2 (resetFlows): the reference agrees.
    expect((await run('reference')).verdict).toBe('agree');
  });
});
