/**
 * Moving an instance's port to another compute host of its site (a `migrate` step,
 * CS-MIGRATE; docs/backends.md, "Migrating an instance"). The instance namespace and
 * its agent stay; the host side of its veth moves into the new host's namespace,
 * keeping the instance's address and MAC. Bridged: the port leaves the old host's
 * bridge and joins the same segment's bridge on the new host, and every VTEP of the
 * site forgets where it learnt the MAC (a live migration's announcement does that on
 * real switches). Routed: the /32 route and proxy ARP follow the port, and the site
 * router routes the address to the new host. Pure.
 */
import type { DataplaneLayout, PortAccess } from '../../../harness/dataplane/index.ts';
import type { Plumbing } from '../../../spec/index.ts';
import { flavours } from './flavours.ts';
import { namespaceScript as script } from './plan-script.ts';
import { SEGMENT_MTU } from './segments.ts';

/** A compute host as a move needs it. */
export interface MigrationHost {
  readonly name: string;
  readonly site: string;
  readonly namespace: string;
  readonly publicIp: string;
  /** The site router's interface toward this host. */
  readonly siteLink: string;
  /** How many instances it was built with (CloudStack's `vnet<n>` of a newcomer starts there). */
  readonly portsAtBuild: number;
}

/** An instance as a move needs it. */
export interface MigrationInstance {
  /** Index in the topology (generic port names). */
  readonly index: number;
  readonly ip: string;
  readonly portId: string;
}

/** What a netns plan keeps so its instances can move later. */
export interface MigrationPlan {
  readonly prefix: string;
  readonly plumbing: Plumbing;
  readonly hosts: readonly MigrationHost[];
  /** Site router namespace by site name. */
  readonly siteNamespaces: ReadonlyMap<string, string>;
  readonly instances: ReadonlyMap<string, MigrationInstance>;
}

/** One script run in one namespace. */
export interface MoveScript {
  readonly namespace: string;
  readonly script: string;
}

/** A move: phases in order, the scripts of one phase concurrently. */
export interface MovePlan {
  readonly phases: readonly (readonly MoveScript[])[];
  /** The port after the move. */
  readonly port: PortAccess;
}

/** The host side name `instance`'s port gets on `host` as its `indexOnHost`-th port. */
export function portNameOn(plan: MigrationPlan, instance: string, indexOnHost: number): string {
  const inst = plan.instances.get(instance);
  if (inst === undefined) throw new Error(`instance ${instance} is not in the migration plan`);
  // Routed ports have the generic per-instance name (plan.ts); only CloudStack's names
  // depend on the host position.
  const flavour = flavours[plan.plumbing.mode === 'bridged' ? plan.plumbing.flavour : 'generic'];
  return flavour.port(plan.prefix, { index: inst.index, indexOnHost, portId: inst.portId });
}

/**
 * Why `instance` cannot move to `host` in `layout`, or null. The model makes the same
 * checks (spec/model/host-step.ts): this catches a caller bug, not a scenario.
 */
export function moveProblem(
  plan: MigrationPlan,
  layout: DataplaneLayout,
  instance: string,
  host: string,
): string | null {
  const port = layout.ports.find((p) => p.instance === instance);
  if (port === undefined) return `no instance ${instance} in this dataplane`;
  const from = plan.hosts.find((h) => h.name === port.host);
  const to = plan.hosts.find((h) => h.name === host);
  if (to === undefined || from === undefined) return `no compute host ${host} in this dataplane`;
  if (to.site !== from.site) return `${host} is not in ${instance}'s site (${from.site})`;
  return null;
}

/**
 * The scripts that move `port` to host `to` under the name `newName` (to its own host:
 * a rename, used to restore a build-time name). Call `moveProblem` first.
 */
export function planMove(
  plan: MigrationPlan,
  layout: DataplaneLayout,
  port: PortAccess,
  to: string,
  newName: string,
): MovePlan {
  const inst = plan.instances.get(port.instance)!;
  const from = plan.hosts.find((h) => h.name === port.host)!;
  const target = plan.hosts.find((h) => h.name === to)!;
  const old = port.hostInterface;
  // A veth end keeps its peer when it changes namespace, and leaves its bridge; the
  // rename in the same request avoids a name already used on the new host.
  const leave =
    from.name === target.name
      ? [`link set ${old} down`, `link set ${old} name ${newName}`]
      : [`link set ${old} netns ${target.namespace} name ${newName}`];
  const phases: MoveScript[][] = [[{ namespace: from.namespace, script: script([], leave) }]];
  if (port.bridge !== null) {
    phases.push([
      {
        namespace: target.namespace,
        script: script(
          [],
          [
            `link set ${newName} mtu ${SEGMENT_MTU} master ${port.bridge}`,
            `link set ${newName} up`,
          ],
        ),
      },
    ]);
    // Every VTEP of the segment (hosts and router) forgets where it saw the MAC.
    const uplink = layout.hosts
      .find((h) => h.name === target.name)
      ?.bridges.find((b) => b.name === port.bridge)?.uplinkPort;
    if (uplink !== undefined) {
      const forget = [
        'set +e',
        `bridge fdb del ${port.mac} dev ${uplink} master 2>/dev/null`,
        `bridge fdb del ${port.mac} dev ${uplink} 2>/dev/null`,
        'exit 0',
        '',
      ].join('\n');
      const site = plan.siteNamespaces.get(target.site);
      const segment = [
        ...plan.hosts.filter((h) => h.site === target.site).map((h) => h.namespace),
        ...(site === undefined ? [] : [site]),
      ];
      phases.push(segment.map((namespace) => ({ namespace, script: forget })));
    }
  } else {
    phases.push([
      {
        namespace: target.namespace,
        script: script(
          [`net/ipv4/conf/${newName}/proxy_arp=1`, `net/ipv4/neigh/${newName}/proxy_delay=0`],
          [`link set ${newName} up`, `route replace ${inst.ip}/32 dev ${newName}`],
        ),
      },
    ]);
    const site = plan.siteNamespaces.get(target.site);
    if (site !== undefined && from.name !== target.name)
      phases.push([
        {
          namespace: site,
          script: script(
            [],
            [`route replace ${inst.ip}/32 via ${target.publicIp} dev ${target.siteLink}`],
          ),
        },
      ]);
  }
  return { phases, port: { ...port, host: target.name, hostInterface: newName } };
}
