/**
 * Derives the driver's desired state from the model's state and the dataplane's
 * layout. Pure: the same inputs give the same state.
 */
import type { ModelState, Rule } from '../../spec/index.ts';
import { DEFAULT_OVERLAY_MTU, DEFAULT_OVERLAY_PORT } from '../../spec/index.ts';
import type { DataplaneLayout } from './contract.ts';
import type { DriverGroup, DriverRule, DriverState } from './driver-state.ts';
import { stableUuid } from './stable-id.ts';

const DEFAULT_ACCOUNT = 'default';

function portRange(rule: Rule): DriverRule['ports'] {
  if (rule.ports === undefined || rule.protocol === 'icmp' || rule.protocol === 'any') return null;
  const [from, to = from] = rule.ports.split('-').map(Number) as [number, number?];
  return { from, to };
}

/** Builds the `DriverState` for `generation` (increase it after each configuration step). */
export function buildDriverState(
  state: ModelState,
  layout: DataplaneLayout,
  generation: number,
): DriverState {
  const { topology } = state;
  const networkByName = new Map(topology.networks.map((n) => [n.name, n]));
  const portByInstance = new Map(layout.ports.map((p) => [p.instance, p]));
  const membersOf = (group: string): string[] =>
    topology.instances.filter((i) => i.groups.includes(group)).map((i) => i.ip as string);

  // Numeric account ids in name order (CloudStack's `i-<account>-<vm>-VM`), from 2 as
  // CloudStack's first user account.
  const accounts = [
    ...new Set(
      [...topology.instances, ...topology.groups].map((e) => e.account ?? DEFAULT_ACCOUNT),
    ),
  ].sort();
  const accountId = (account: string): number => accounts.indexOf(account) + 2;

  const groups: DriverGroup[] = topology.groups.map((g) => ({
    name: g.name,
    id: stableUuid('group', g.name),
    account: g.account ?? DEFAULT_ACCOUNT,
    rules: g.rules.map((r) => ({
      direction: r.direction,
      protocol: r.protocol,
      ports: portRange(r),
      remote:
        'cidr' in r.remote
          ? { cidr: r.remote.cidr }
          : { group: r.remote.group, members: membersOf(r.remote.group) },
    })),
  }));

  return {
    version: 2,
    profile: state.profile,
    runId: layout.runId,
    generation,
    hosts: layout.hosts.map(({ overlay, ...h }) => {
      const host = topology.hosts.find((t) => t.name === h.name);
      return {
        ...h,
        enter: [...h.enter],
        plumbing: layout.plumbing.mode,
        bridges: h.bridges.map((b) => ({ ...b })),
        // A host's PDC defaults to its site's name (spec/model/topology-index.ts, pdcOf).
        ...(layout.plumbing.mode === 'overlay' ? { pdc: host?.pdc ?? h.site } : {}),
        ...(overlay === undefined
          ? {}
          : { adminIp: overlay.adminIp, overlays: overlay.devices.map((d) => ({ ...d })) }),
      };
    }),
    ports: topology.instances.map((i, index) => {
      const network = networkByName.get(i.network);
      const port = portByInstance.get(i.name);
      if (network === undefined || port === undefined) {
        throw new Error(
          `instance ${i.name} has no network or port in the layout; was the topology resolved?`,
        );
      }
      return {
        instance: i.name,
        ip: i.ip as string,
        network: network.name,
        kind: network.kind,
        site: network.site,
        host: i.host,
        hostInterface: port.hostInterface,
        account: i.account ?? DEFAULT_ACCOUNT,
        groups: [...i.groups],
        mac: port.mac,
        device: port.hostInterface,
        portId: port.portId,
        vmId: index + 1,
        accountId: accountId(i.account ?? DEFAULT_ACCOUNT),
        bridge: port.bridge,
        networkId: port.networkId,
        prefixLength: port.prefixLength,
        gateway: port.gateway,
        secondaryIps: [...(i.secondaryIps ?? [])],
        ...(port.vnicEnter === undefined ? {} : { vnicEnter: [...port.vnicEnter] }),
      };
    }),
    groups,
    pools: topology.networks.map((n) => ({
      site: n.site,
      network: n.name,
      kind: n.kind,
      cidr: n.cidr,
      ...(n.kind === 'overlay'
        ? {
            vni: n.vni,
            udpPort: n.udpPort ?? DEFAULT_OVERLAY_PORT,
            mtu: n.mtu ?? DEFAULT_OVERLAY_MTU,
          }
        : {}),
    })),
  };
}
