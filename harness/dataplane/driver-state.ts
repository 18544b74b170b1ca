/**
 * The desired state handed to a firewall driver after every configuration step:
 * everything an agent on a compute host needs, nothing it must not know (no flows,
 * no expectations). Published as JSON Schema for external drivers (`exec:`).
 */
import { z } from 'zod';
import { Cidr, Ipv4, NetworkKind, ProfileName, RuleProtocol, Direction } from '../../spec/index.ts';

export const DriverHost = z.strictObject({
  name: z.string(),
  site: z.string(),
  publicIp: Ipv4,
  uplink: z.string(),
  /** argv prefix that runs a command inside this host's network namespace. */
  enter: z.array(z.string()),
});

export const DriverPort = z.strictObject({
  instance: z.string(),
  ip: Ipv4,
  network: z.string(),
  kind: NetworkKind,
  site: z.string(),
  host: z.string(),
  hostInterface: z.string(),
  account: z.string(),
  /** Effective groups (profile defaults applied). */
  groups: z.array(z.string()),
});

export const DriverRule = z.strictObject({
  direction: Direction,
  protocol: RuleProtocol,
  /** Inclusive range; null means every port (always null for icmp/any). */
  ports: z.strictObject({ from: z.number().int(), to: z.number().int() }).nullable(),
  remote: z.union([
    z.strictObject({ cidr: Cidr }),
    /** A remote group, with the current members' addresses resolved. */
    z.strictObject({ group: z.string(), members: z.array(Ipv4) }),
  ]),
});

export const DriverGroup = z.strictObject({
  name: z.string(),
  account: z.string(),
  rules: z.array(DriverRule),
});

export const DriverPool = z.strictObject({
  site: z.string(),
  network: z.string(),
  kind: NetworkKind,
  cidr: Cidr,
});

export const DriverState = z.strictObject({
  version: z.literal(1),
  profile: ProfileName,
  runId: z.string(),
  /** Increases with every configuration step of a scenario. */
  generation: z.number().int().nonnegative(),
  hosts: z.array(DriverHost),
  ports: z.array(DriverPort),
  groups: z.array(DriverGroup),
  pools: z.array(DriverPool),
});

export type DriverHost = z.infer<typeof DriverHost>;
export type DriverPort = z.infer<typeof DriverPort>;
export type DriverRule = z.infer<typeof DriverRule>;
export type DriverGroup = z.infer<typeof DriverGroup>;
export type DriverPool = z.infer<typeof DriverPool>;
export type DriverState = z.infer<typeof DriverState>;
