/**
 * Version 1 of the driver state (routed plumbing only), kept so external drivers
 * written for it keep working: on routed plumbing they receive it unchanged
 * (docs/drivers.md, "State versions").
 */
import { z } from 'zod';
import { DriverGroup, DriverHost, DriverPool, DriverPort, DriverState } from './driver-state.ts';
import { distinctUuids, stableUuid } from './stable-id.ts';

export const DriverHostV1 = DriverHost.omit({
  plumbing: true,
  bridges: true,
  adminIp: true,
  overlays: true,
});
export const DriverPortV1 = DriverPort.pick({
  instance: true,
  ip: true,
  network: true,
  kind: true,
  site: true,
  host: true,
  hostInterface: true,
  account: true,
  groups: true,
});
export const DriverGroupV1 = DriverGroup.omit({ id: true });

export const DriverStateV1 = z.strictObject({
  version: z.literal(1),
  profile: DriverState.shape.profile,
  runId: z.string(),
  generation: z.number().int().nonnegative(),
  hosts: z.array(DriverHostV1),
  ports: z.array(DriverPortV1),
  groups: z.array(DriverGroupV1),
  pools: z.array(DriverPool),
});
export type DriverStateV1 = z.infer<typeof DriverStateV1>;

/** Either version, as a file or serve request may carry it. */
export const AnyDriverState = z.discriminatedUnion('version', [DriverStateV1, DriverState]);
export type AnyDriverState = z.infer<typeof AnyDriverState>;

/** The v1 form of `state`: the v2-only fields dropped. */
export function toDriverStateV1(state: DriverState): DriverStateV1 {
  return {
    version: 1,
    profile: state.profile,
    runId: state.runId,
    generation: state.generation,
    hosts: state.hosts.map((h) => ({
      name: h.name,
      site: h.site,
      publicIp: h.publicIp,
      uplink: h.uplink,
      enter: [...h.enter],
    })),
    ports: state.ports.map((p) => ({
      instance: p.instance,
      ip: p.ip,
      network: p.network,
      kind: p.kind,
      site: p.site,
      host: p.host,
      hostInterface: p.hostInterface,
      account: p.account,
      groups: [...p.groups],
    })),
    groups: state.groups.map((g) => ({ name: g.name, account: g.account, rules: g.rules })),
    pools: state.pools,
  };
}

/**
 * The state an external driver receives: v1 while every host is routed (so v1 drivers
 * keep working), v2 as soon as one is bridged or overlay (a v1 driver cannot program
 * bridges, nor an overlay's forwarding table).
 */
export function externalDriverState(state: DriverState): AnyDriverState {
  return state.hosts.some((h) => h.plumbing !== 'routed') ? state : toDriverStateV1(state);
}

/**
 * A v1 state read as v2 on routed plumbing (stable IDs, MACs derived from the port's
 * position, gateway 169.254.1.1): for tools and tests that hold v1 states.
 */
export function fromDriverStateV1(v1: DriverStateV1): DriverState {
  const accounts = [...new Set(v1.ports.map((p) => p.account))].sort();
  const portIds = distinctUuids(
    'port',
    v1.ports.map((p) => p.instance),
  );
  return {
    ...v1,
    version: 2,
    hosts: v1.hosts.map((h) => ({ ...h, plumbing: 'routed', bridges: [] })),
    ports: v1.ports.map((p, i) => ({
      ...p,
      mac: `02:6e:63:00:${((i + 1) >> 8).toString(16).padStart(2, '0')}:${((i + 1) & 0xff).toString(16).padStart(2, '0')}`,
      device: p.hostInterface,
      portId: portIds[i] as string,
      vmId: i + 1,
      accountId: accounts.indexOf(p.account) + 2,
      bridge: null,
      networkId: stableUuid('network', `${p.site}/${p.network}`),
      prefixLength: 32,
      gateway: '169.254.1.1',
      secondaryIps: [],
    })),
    groups: v1.groups.map((g) => ({ ...g, id: stableUuid('group', g.name) })),
  };
}
