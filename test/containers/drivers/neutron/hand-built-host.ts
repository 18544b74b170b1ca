/**
 * A bridged compute host built by hand for the neutron-iptables driver tests: one host
 * namespace with a neutron-named bridge (`brq` + networkId[:11]) holding two instance
 * ports (`tap` + portId[:11]) and the gateway's own port (a router namespace), as the
 * bridged plumbing builds it; plus the version-2 driver state that describes it.
 * Everything lives in namespaces named after this process; `destroy` removes them.
 */
import { runOrThrow, runCommand } from '../../../../harness/process/index.ts';
import type { DriverRule, DriverState } from '../../../../harness/dataplane/index.ts';

const NETWORK_ID = '6f1c2a3b-4d5e-5f60-8a7b-8c9d0e1f2a3b';
const GATEWAY = '100.64.0.1';

/** The two instances: `a` (group `client`: egress anywhere) and `b` (group `web`). */
export const INSTANCES = {
  a: {
    ip: '100.64.0.10',
    mac: 'fa:16:3e:00:00:01',
    portId: '1a2b3c4d-5e6f-5a81-9b92-a3b4c5d6e7f8',
  },
  b: {
    ip: '100.64.0.11',
    mac: 'fa:16:3e:00:00:02',
    portId: '9e8d7c6b-5a4f-5e21-8d12-c3b4a5968778',
  },
} as const;
export type InstanceName = keyof typeof INSTANCES;

export interface HandBuiltHost {
  /** Namespace of `host`, `router` or an instance. */
  ns(name: 'host' | 'router' | InstanceName): string;
  /** The driver state with `web`'s rules and `b`'s groups as given. */
  state(
    generation: number,
    webRules: readonly DriverRule[],
    bGroups?: readonly string[],
  ): DriverState;
  destroy(): Promise<void>;
}

export async function buildHost(): Promise<HandBuiltHost> {
  const prefix = `ncneu-${process.pid}`;
  const ns = (name: string) => `${prefix}-${name}`;
  const names = ['host', 'router', 'a', 'b'];
  const destroy = async () => {
    for (const n of names) await runCommand(['ip', 'netns', 'delete', ns(n)]);
  };
  try {
    for (const n of names) {
      await runOrThrow(['ip', 'netns', 'add', ns(n)]);
      await runOrThrow(['ip', '-n', ns(n), 'link', 'set', 'lo', 'up']);
    }
    const host = ['ip', '-n', ns('host')];
    const bridge = `brq${NETWORK_ID.slice(0, 11)}`;
    await runOrThrow([...host, 'link', 'add', bridge, 'type', 'bridge', 'stp_state', '0']);
    await runOrThrow([...host, 'link', 'set', bridge, 'up']);
    await runOrThrow([
      ...['ip', 'netns', 'exec', ns('host'), 'sysctl', '-qw'],
      'net.bridge.bridge-nf-call-iptables=1',
      'net.bridge.bridge-nf-call-arptables=1',
      'net.netfilter.nf_conntrack_tcp_loose=1',
    ]);
    const plug = async (port: string, peerNs: string, address: string, mac?: string) => {
      await runOrThrow([
        ...host,
        'link',
        'add',
        port,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        peerNs,
      ]);
      await runOrThrow([...host, 'link', 'set', port, 'master', bridge, 'up']);
      if (mac !== undefined)
        await runOrThrow(['ip', '-n', peerNs, 'link', 'set', 'eth0', 'address', mac]);
      await runOrThrow(['ip', '-n', peerNs, 'link', 'set', 'eth0', 'up']);
      await runOrThrow(['ip', '-n', peerNs, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
    };
    for (const [name, i] of Object.entries(INSTANCES)) {
      await plug(`tap${i.portId.slice(0, 11)}`, ns(name), i.ip, i.mac);
      await runOrThrow(['ip', '-n', ns(name), 'route', 'add', 'default', 'via', GATEWAY]);
    }
    // The gateway has its own bridge port: routed traffic through the bridge's own
    // address would not be bridged, so not filtered.
    await plug('gw0', ns('router'), GATEWAY);
  } catch (error) {
    await destroy();
    throw error;
  }
  const port = (name: InstanceName, groups: readonly string[]) => {
    const i = INSTANCES[name];
    const device = `tap${i.portId.slice(0, 11)}`;
    return {
      ...{ instance: name, ip: i.ip, network: 'n0', kind: 'private' as const, site: 's0' },
      ...{ host: 'h0', hostInterface: device, account: 'acct', groups: [...groups] },
      ...{ mac: i.mac, device, portId: i.portId, vmId: name === 'a' ? 1 : 2, accountId: 1 },
      ...{ bridge: `brq${NETWORK_ID.slice(0, 11)}`, networkId: NETWORK_ID, prefixLength: 24 },
      ...{ gateway: GATEWAY, secondaryIps: [] },
    };
  };
  const everywhere: DriverRule = {
    ...{ direction: 'egress', protocol: 'any', ports: null },
    remote: { cidr: '0.0.0.0/0' },
  };
  return {
    ns,
    destroy,
    state: (generation, webRules, bGroups = ['web']) =>
      ({
        ...{ version: 2, profile: 'safespring', runId: prefix, generation },
        hosts: [
          {
            ...{ name: 'h0', site: 's0', publicIp: '192.0.2.10', uplink: 'gw0' },
            ...{ enter: ['ip', 'netns', 'exec', ns('host')], plumbing: 'bridged', bridges: [] },
          },
        ],
        ports: [port('a', ['client']), port('b', bGroups)],
        groups: [
          {
            name: 'client',
            id: '11111111-2222-5333-8444-555555555555',
            account: 'acct',
            rules: [everywhere],
          },
          {
            name: 'web',
            id: '66666666-7777-5888-8999-aaaaaaaaaaaa',
            account: 'acct',
            rules: [...webRules],
          },
        ],
        pools: [],
      }) satisfies DriverState,
  };
}
