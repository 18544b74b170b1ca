/**
 * Steps before resolution: the same operations as the schema's steps, but naming
 * things through picks. `resolve-steps.ts` turns them into schema steps.
 */
import type { TrafficProtocol } from '../../spec/index.ts';
import type { EndpointPick, GroupPick, InstancePick, RulePick } from './picks.ts';

/** Which open flow a `send`/`close` targets: 0 = the most recently opened. */
export interface FlowPick {
  readonly recent: number;
}

/** The address a spoofing instance claims. */
export type SpoofSourcePick =
  | { readonly kind: 'instanceIp'; readonly instance: InstancePick }
  | { readonly kind: 'externalIp'; readonly pick: number }
  /** The secondary address the sender got last (a spoof only when it has none). */
  | { readonly kind: 'secondary' }
  /** The gateway of the sender's segment (its last usable address). */
  | { readonly kind: 'gateway' };

/** An L2 step between two instances of one segment (the resolver finds `to` there). */
export interface L2Pick {
  readonly op: 'l2';
  readonly what: 'macSpoof' | 'arpSpoof' | 'broadcast' | 'rogueDhcp' | 'snoop' | 'stray';
  readonly from: InstancePick;
  readonly to: InstancePick;
  readonly port: number;
  /**
   * arpSpoof: what it claims; broadcast: multicast when true; arpSpoof: gratuitous when
   * true; stray: a FIN+ACK when true, a bare ACK when false.
   */
  readonly claimed: SpoofSourcePick;
  readonly flag: boolean;
}

export interface TrafficPick {
  readonly from: EndpointPick;
  readonly to: EndpointPick;
  readonly protocol: TrafficProtocol;
  /** Ignored for icmp. */
  readonly port: number;
}

export type AbstractStep =
  | { readonly op: 'addRule'; readonly group: GroupPick; readonly rule: RulePick }
  /** Removes an existing rule of the group (as it is at that step), picked by index. */
  | { readonly op: 'removeRule'; readonly group: GroupPick; readonly pick: number }
  /** Removes the rule added by the latest `addRule` (templates: "remove what admitted it"). */
  | { readonly op: 'removeLastAdded' }
  | { readonly op: 'attachGroup'; readonly instance: InstancePick; readonly group: GroupPick }
  /**
   * safespring: attaches a group to an instance in fewer than `atLeast` (default 1)
   * groups, so rules can admit it (or a second group can hold the rule); else dropped.
   */
  | { readonly op: 'ensureGroup'; readonly instance: InstancePick; readonly atLeast?: 1 | 2 }
  /** Detaches one of the instance's current groups. */
  | { readonly op: 'detachGroup'; readonly instance: InstancePick; readonly pick: number }
  | ({ readonly op: 'open' } & TrafficPick)
  | { readonly op: 'send'; readonly flow: FlowPick; readonly direction: 'forward' | 'reply' }
  | { readonly op: 'close'; readonly flow: FlowPick }
  /** `closedPort`: a udp probe to a port nobody listens on (CT-RELATED). */
  | ({ readonly op: 'probe'; readonly closedPort?: true } & TrafficPick)
  | {
      readonly op: 'spoof';
      readonly from: InstancePick;
      readonly to: EndpointPick;
      readonly source: SpoofSourcePick;
      readonly port: number;
    }
  | L2Pick
  /** A DHCP discover or DNS query to the pod-local server of the instance's segment. */
  | { readonly op: 'podQuery'; readonly from: InstancePick; readonly service: 'dhcp' | 'dns' }
  /** A free address of the instance's network added to its NIC (cloudstack). */
  | { readonly op: 'addIp'; readonly instance: InstancePick; readonly pick: number }
  /**
   * Moves `instance` to the host `near` runs on (another host of its site when that is
   * its own or in another site; dropped when its site has one host). cloudstack.
   */
  | { readonly op: 'migrate'; readonly instance: InstancePick; readonly near: InstancePick };
