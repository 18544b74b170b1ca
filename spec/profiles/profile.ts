/**
 * A profile is the expected semantics of one platform as a parameter record. The
 * model and the reference drivers read these parameters; a new platform is a new
 * record plus, at most, a few small rules.
 */
import type { NetworkKind, ProfileName } from '../schema/scenario.ts';
import type { RequirementId } from '../requirements/index.ts';

/**
 * How the dataplane connects instances (docs/backends.md): `routed` is Calico's shape
 * (a /32 per instance behind its host, proxy ARP); `bridged` puts every (site, network)
 * on one L2 segment (a Linux bridge per network on each host, joined by VXLAN);
 * `overlay` is danube's (a VXLAN device per overlay with a static forwarding table, an
 * admin network per PDC, ESP between PDCs).
 */
export type PlumbingMode = 'routed' | 'bridged' | 'overlay';

/**
 * Names of bridged devices, as real agents derive them: `neutron` (bridge `brq` +
 * networkId[:11], port `tap` + portId[:11]), `cloudstack` (bridge `cloudbr<k>`, ports
 * `vnet<n>`), `generic` (the run prefix).
 */
export type NamingFlavour = 'generic' | 'neutron' | 'cloudstack';

/** The plumbing a dataplane is built with. */
export type Plumbing =
  | { readonly mode: 'routed' }
  | { readonly mode: 'bridged'; readonly flavour: NamingFlavour }
  | { readonly mode: 'overlay' };

export interface Profile {
  readonly name: ProfileName;
  readonly title: string;
  /** Network kinds this platform offers; others are rejected at validation. */
  readonly networkKinds: readonly NetworkKind[];
  /**
   * An instance in no group: `isolated` (talks to nobody, safespring SG-NONE) or
   * `account-default` (placed in its account's `default@<account>` group, cloudstack).
   */
  readonly noGroup: 'isolated' | 'account-default';
  /** Egress of an instance none of whose groups has an egress rule. */
  readonly egressWithoutEgressRules: 'deny' | 'allow';
  /** Established flows when the rule or group that admitted them goes away. */
  readonly onRuleRemoval: 'keep' | 'flush';
  /**
   * With `flush`, which conntrack entries a removal deletes: `unadmitted` (the default)
   * those of flows the remaining rules no longer admit (CT-FLUSH-ON-REMOVE); `neutron`
   * per host end, by the removed rule's protocol and direction and the port's address,
   * and every entry of a port leaving a group (NEUTRON-CT-DELETE, spec/model/ct-delete.ts).
   */
  readonly ctDeleteScope?: 'unadmitted' | 'neutron';
  /**
   * Who source-NATs a nat network's traffic to the Internet: `host`, the compute host to
   * its public address (NET-NAT-OUT, the default); `router`, the site's virtual router to
   * its external gateway address, the site's `routerIp` (NEUTRON-ROUTER-SNAT).
   */
  readonly natSource?: 'host' | 'router';
  /** Whether groups can be attached/detached after the instance exists. */
  readonly groupChangesAfterCreate: boolean;
  /** Default plumbing of this platform (`--plumbing` overrides it). */
  readonly plumbing: Plumbing;
  /** Requirement IDs this profile enforces. */
  readonly requirements: readonly RequirementId[];
}
