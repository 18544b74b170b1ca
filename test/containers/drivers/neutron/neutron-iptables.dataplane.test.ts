/**
 * The built-in `neutron-iptables` driver (OpenStack neutron's real IptablesFirewallDriver
 * in serve mode) on a hand-built bridged host, with real packets: it filters by rules,
 * deletes conntrack entries when a rule goes (neutron by design), installs ARP/MAC
 * protection, and leaves the root namespace alone (the exec layer checks every call).
 * The repro of finding F2 (NEUTRON-CT-DELETE) agrees on a generated bridged dataplane:
 * removing a sibling udp rule drops the server's next reply.
 * Generated neutron scenarios on 4 jobs share its serve process and all agree (O5).
 * Needs Debian's python3-neutron: CI installs it (scripts/setup-system.sh); elsewhere
 * the file is skipped with the command that installs it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { netnsBackend } from '../../../../containers/backends/index.ts';
import { createDriver } from '../../../../containers/drivers/index.ts';
import {
  NEUTRON_SETUP_COMMAND,
  neutronInstalled,
} from '../../../../containers/drivers/neutron/index.ts';
import type { DriverRule, FirewallDriver } from '../../../../harness/dataplane/index.ts';
import { runCommand, runOrThrow } from '../../../../harness/process/index.ts';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../../../../harness/repro/index.ts';
import { runConformance } from '../../../../harness/runner/index.ts';
import { INSTANCES, buildHost, type HandBuiltHost } from './hand-built-host.ts';
import { openTcpFlow } from './tcp-flow.ts';
import { pooledNetnsCheck } from '../../../requirements/pooled-check.ts';
import { loadScenario } from '../../../requirements/scenario-files.ts';
import { stepProblems } from '../../../requirements/step-checks.ts';

const installed = neutronInstalled();
if (!installed && process.env.CI === 'true') {
  throw new Error(`CI must install python3-neutron first: ${NEUTRON_SETUP_COMMAND}`);
}
if (!installed) {
  console.warn(
    `skipping neutron-iptables tests: python3-neutron missing (${NEUTRON_SETUP_COMMAND})`,
  );
}

const from = (cidr: string, protocol: DriverRule['protocol'], ports: DriverRule['ports']) =>
  ({ direction: 'ingress', protocol, ports, remote: { cidr } }) as const;
const ICMP_IN = from('100.64.0.0/24', 'icmp', null);
const TCP_IN = from('100.64.0.0/24', 'tcp', { from: 8000, to: 8001 });

describe.skipIf(!installed)('neutron-iptables driver on a bridged host', () => {
  let host: HandBuiltHost;
  let driver: FirewallDriver;
  let tornDown = false;
  const ping = async (src: 'a' | 'b', dst: 'a' | 'b') => {
    const r = await runCommand([
      'ip',
      'netns',
      'exec',
      host.ns(src),
      'ping',
      '-c1',
      '-W1',
      INSTANCES[dst].ip,
    ]);
    return r.kind === 'exited' && r.code === 0 ? 'delivered' : 'blocked';
  };
  const inHost = (argv: string[]) => runOrThrow(['ip', 'netns', 'exec', host.ns('host'), ...argv]);
  const apply = async (...args: Parameters<HandBuiltHost['state']>) => {
    const result = await driver.apply(host.state(...args));
    expect(result, JSON.stringify(result)).toMatchObject({ kind: 'applied' });
  };

  beforeAll(async () => {
    host = await buildHost();
    driver = createDriver('neutron-iptables');
  });
  afterAll(async () => {
    if (!tornDown) await driver?.teardown(host.state(99, []));
    await host?.destroy();
  });

  it('filters by rules and programs neutron chains, ipsets and ARP/MAC protection', async () => {
    await apply(0, []);
    expect(await ping('a', 'b')).toBe('blocked'); // web has no ingress rule
    await apply(1, [ICMP_IN]);
    expect(await ping('a', 'b')).toBe('delivered');
    expect(await ping('b', 'a')).toBe('blocked'); // client has no ingress rule
    const filter = await inHost(['iptables-save', '-t', 'filter']);
    expect(filter).toContain(
      `-A neutron-linuxbri-sg-chain -m physdev --physdev-out tap${INSTANCES.b.portId.slice(0, 11)}`,
    );
    expect(filter).toMatch(/-s 100\.64\.0\.11\/32 -m mac --mac-source fa:16:3e:00:00:02/);
    const ebtables = await inHost(['ebtables', '-t', 'nat', '-L']);
    expect(ebtables).toContain('--arp-ip-src 100.64.0.11 -j ACCEPT');
  });

  it('cuts an established TCP flow when the rule that admitted it goes, and not for another protocol', async () => {
    await apply(2, [ICMP_IN, TCP_IN]);
    const flow = await openTcpFlow(host.ns('a'), host.ns('b'), INSTANCES.b.ip, 8000);
    try {
      expect(await flow.send('one')).toBe('echo-one');
      await apply(3, [TCP_IN]); // icmp rule goes: conntrack -D -p icmp spares the flow
      expect(await flow.send('two')).toBe('echo-two');
      await apply(4, [ICMP_IN]); // tcp rule goes: the flow's entry is deleted
      expect(await inHost(['conntrack', '-L', '-p', 'tcp'])).not.toContain('dport=8000');
      expect(await flow.send('three')).toBe('timeout');
    } finally {
      flow.close();
    }
  });

  it('follows group changes of a port and removes its filter at teardown', async () => {
    await apply(5, [ICMP_IN], ['web', 'client']);
    expect(await ping('a', 'b')).toBe('delivered');
    await apply(6, [ICMP_IN], ['client']); // b leaves web: no ingress rule left
    expect(await ping('a', 'b')).toBe('blocked');
    await driver.teardown(host.state(7, [ICMP_IN], ['client']));
    tornDown = true;
    expect(await inHost(['iptables-save', '-t', 'filter'])).not.toContain(
      'neutron-linuxbri-sg-chain -m physdev',
    );
    expect(await inHost(['ebtables', '-t', 'nat', '-L'])).not.toContain('neutronARP-tap');
  });

  it('reports how a dead host worker ended (its exit status, not a bare broken pipe)', async () => {
    await apply(8, [ICMP_IN]);
    tornDown = false;
    // The only process living in the host namespace: the adapter's worker for it.
    const workers = (await runOrThrow(['ip', 'netns', 'pids', host.ns('host')]))
      .split('\n')
      .filter((pid) => pid !== '');
    expect(workers).toHaveLength(1);
    process.kill(Number(workers[0]), 'SIGKILL');
    // Apply only once the worker is a zombie: the serve process must still say how it
    // ended, not forget it as a worker of a removed dataplane and start another one.
    await vi.waitFor(() =>
      expect(readFileSync(`/proc/${workers[0]}/stat`, 'utf8').split(' ')[2]).toBe('Z'),
    );
    const failed = await driver.apply(host.state(9, [ICMP_IN]));
    expect(failed.kind).toBe('driver-error');
    if (failed.kind === 'driver-error') {
      expect(failed.message).toMatch(
        new RegExp(`worker of host \\S+ \\(pid ${workers[0]}\\) was killed by SIGKILL`),
      );
    }
    // A new worker would re-apply ARP protection to the ports the dead one protected and
    // hang in F1 (docs/findings.md), as a restarted agent does: destroying the host
    // namespaces removes everything instead of a teardown through the driver.
    tornDown = true;
  });
});

describe.skipIf(!installed)('neutron-iptables driver on the F2 repro (NEUTRON-CT-DELETE)', () => {
  const check = pooledNetnsCheck({ mode: 'bridged', flavour: 'neutron' });
  const repro = fileURLToPath(
    new URL('../../../../examples/findings/neutron-ct-delete-reply.json', import.meta.url),
  );

  it("agrees with the model: the sibling rule's removal drops the server's next reply", async () => {
    const result = await check(loadScenario(repro), 'neutron-iptables');
    expect(result.driverError).toBeNull();
    expect(stepProblems(result)).toEqual([]);
    expect(result.verdict).toBe('agree');
  });
});

describe.skipIf(!installed)('neutron-iptables driver with several jobs (findings O5)', () => {
  it('generated neutron scenarios on 4 jobs sharing its serve process all agree', async () => {
    // Before serve answers ended at the line without a host, run 0 of this seed
    // disagreed in every try with 4 jobs: a job probed before its apply had run.
    const { result } = await runConformance({
      backend: netnsBackend,
      driverFactory: () => createDriver('neutron-iptables'),
      driver: 'neutron-iptables',
      profile: 'neutron',
      runs: 8,
      seed: 3,
      maxSteps: 8,
      maxInstances: 4,
      probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
      jobs: 4,
    });
    const problems = result.runs
      .flatMap((r) => r.steps.map((s) => ({ run: r.index, ...s })))
      .filter((s) => s.verdict !== 'agree' && s.verdict !== 'applied' && s.verdict !== 'noop');
    expect(problems).toEqual([]);
    expect(result.totals).toMatchObject({ runsExecuted: 8, disagree: 0, inconclusive: 0 });
    expect(result.verdict).toBe('agree');
  });
});
