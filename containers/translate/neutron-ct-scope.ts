/**
 * NEUTRON-CT-DELETE for the nft renderer: the conntrack entries of one host that
 * neutron's ip_conntrack deletes when the desired state goes from `previous` to `state`
 * (spec/model/ct-delete.ts says the same on the model). Neutron builds each deletion
 * from the removed rule's protocol and direction and the port's address, in the port's
 * zone, ignoring ports and remote; a port leaving a group loses every entry; a member
 * leaving a remote group loses its entries with the ports whose rules name the group.
 * Pure: the driver lists the entries and runs the commands (drivers/cut-flows.ts).
 */
import type {
  DriverHost,
  DriverPort,
  DriverRule,
  DriverState,
} from '../../harness/dataplane/index.ts';
import { deleteCommands, type CtEntry } from './flow-cut.ts';

/** A rule as neutron compares rule dicts: the remote group by name, not its members. */
const ruleKey = (r: DriverRule): string =>
  JSON.stringify([
    r.direction,
    r.protocol,
    r.ports,
    'cidr' in r.remote ? r.remote.cidr : `group:${r.remote.group}`,
  ]);

/** The zone the reference renderer gives `port`'s bridge on `host` (render-host-ruleset.ts). */
function zoneOf(host: DriverHost, port: DriverPort): number | null {
  const k = host.bridges.findIndex((b) => b.name === port.bridge);
  return k < 0 ? null : k + 1;
}

/** One `conntrack -D` of neutron's: by protocol (null: any), zone and addresses. */
interface Deletion {
  readonly protocol: string | null;
  readonly zone: number | null;
  readonly src?: string;
  readonly dst?: string;
}

function membersOf(state: DriverState, group: string): Set<string> {
  return new Set(state.ports.filter((p) => p.groups.includes(group)).map((p) => p.ip));
}

/** The deletions neutron runs on `host` for the change from `previous` to `state`. */
export function neutronDeletions(
  previous: DriverState,
  state: DriverState,
  host: DriverHost,
): Deletion[] {
  const local = state.ports.filter((p) => p.host === host.name);
  const out: Deletion[] = [];
  // Rules gone from a group (_clean_deleted_sg_rule_conntrack_entries).
  for (const before of previous.groups) {
    const now = new Set(state.groups.find((g) => g.name === before.name)?.rules.map(ruleKey));
    for (const rule of before.rules) {
      if (now.has(ruleKey(rule))) continue;
      for (const port of local.filter((p) => p.groups.includes(before.name))) {
        const address = rule.direction === 'ingress' ? { dst: port.ip } : { src: port.ip };
        const protocol = rule.protocol === 'any' ? null : rule.protocol;
        out.push({ protocol, zone: zoneOf(host, port), ...address });
      }
    }
  }
  for (const port of local) {
    const was = previous.ports.find((p) => p.instance === port.instance);
    if (was === undefined) continue;
    const zone = zoneOf(host, port);
    // A port leaving one of its groups (_clean_updated_sg_member_conntrack_entries).
    if (was.groups.some((g) => !port.groups.includes(g)))
      out.push({ protocol: null, zone, src: port.ip }, { protocol: null, zone, dst: port.ip });
  }
  // Members leaving a group its ports' rules name as remote (_update_ipset_members).
  for (const group of previous.groups) {
    const left = [...membersOf(previous, group.name)].filter(
      (ip) => !membersOf(state, group.name).has(ip),
    );
    if (left.length === 0) continue;
    for (const port of local) {
      const names = state.groups
        .filter((g) => port.groups.includes(g.name))
        .some((g) => g.rules.some((r) => 'group' in r.remote && r.remote.group === group.name));
      if (!names) continue;
      const zone = zoneOf(host, port);
      for (const ip of left)
        out.push(
          { protocol: null, zone, src: ip, dst: port.ip },
          { protocol: null, zone, src: port.ip, dst: ip },
        );
    }
  }
  return out;
}

const hits = (d: Deletion, e: CtEntry): boolean =>
  (d.protocol === null || d.protocol === e.protocol) &&
  d.zone === e.zone &&
  (d.src === undefined || d.src === e.src) &&
  (d.dst === undefined || d.dst === e.dst);

/**
 * `conntrack -D` commands (without the host's enter prefix) deleting, one by one, the
 * listed `entries` of `host` that neutron's deletions for this change take.
 */
export function neutronScopeCommands(
  previous: DriverState | null,
  state: DriverState,
  host: DriverHost,
  entries: readonly CtEntry[],
): string[][] {
  if (previous === null) return [];
  const deletions = neutronDeletions(previous, state, host);
  return deleteCommands(entries.filter((entry) => deletions.some((d) => hits(d, entry))));
}
