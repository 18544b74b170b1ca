/**
 * The requirement catalogue as data. Each source names a public document (listed in
 * docs/architecture.md, "Sources") and the frame or item that states the promise;
 * where a first reading was corrected against the document, the entry says why.
 */
import { z } from 'zod';
import type { Requirement } from './requirement.ts';

const both = ['safespring', 'cloudstack'] as const;
const SAFESPRING =
  '"The Safespring network model explained" (2022-03-17, https://www.safespring.com/blogg/2022/2022-03-network/)';
const CLOUDSTACK =
  '"CloudStack Basic Networking: deeper dive" (2015-04-07, https://cloudierthanthou.wordpress.com/2015/04/07/cloudstack-basic-networking-deeper-dive/)';
const CS_SG_SCRIPT =
  'https://github.com/apache/cloudstack/blob/main/scripts/vm/network/security_group.py';

const catalogue = [
  {
    id: 'SG-NONE',
    statement: 'an instance in no security group can neither send nor receive',
    // The post says the diagram starts with OpenStack's default group removed.
    source: `${SAFESPRING} frame 1 and the paragraph before the list`,
    profiles: ['safespring'],
    area: 'security-groups',
  },
  {
    id: 'SG-BOTH-ENDS',
    statement:
      'a new instance-to-instance flow needs an egress allow on the source and an ingress allow on the destination',
    // Frame 4's "egress rule from 3" is the egress rule of frame 2, hence frame 2 too.
    source: `${SAFESPRING} frames 2, 4, 5 and 6`,
    profiles: both,
    area: 'security-groups',
  },
  {
    id: 'SG-MATCH',
    statement:
      'rules are allow-only and match protocol (tcp/udp/icmp/any), port range and remote CIDR or group; an instance gets the union of all its groups',
    source: `${SAFESPRING} frames 2-7; ${CLOUDSTACK} item 2`,
    profiles: both,
    area: 'security-groups',
  },
  {
    id: 'SG-REMOTE-GROUP',
    statement: "a remote-group rule matches the addresses of the group's current members",
    source: `${CLOUDSTACK} item 2 (usersecuritygrouplist); https://docs.openstack.org/python-openstackclient/latest/cli/command-objects/security-group-rule.html (--remote-group)`,
    profiles: both,
    area: 'security-groups',
  },
  {
    id: 'CT-REPLY',
    statement: 'replies on an admitted flow pass whatever the rules (TCP, UDP by tuple, ICMP echo)',
    source: `${CLOUDSTACK} item 1`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-ESTABLISHED',
    statement:
      'further packets of an admitted flow that has carried a reply pass in its direction whatever the current rules, until it is closed (an unreplied UDP flow is still new to conntrack: its next datagram meets the current rules)',
    // Added: item 1 says tracked connections flow bidirectionally until closed by either end.
    // Conntrack marks a UDP entry ESTABLISHED only once it saw a reply (nf_conntrack_proto_udp),
    // and rules match `ct state established`.
    source: `${CLOUDSTACK} item 1; https://www.kernel.org/doc/html/latest/networking/nf_conntrack-sysctl.html (nf_conntrack_udp_timeout vs _stream)`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-NO-REVERSE',
    statement: 'admitting a->b does not admit new flows b->a',
    // Frame 5 is the evidence: default->public needs its own rules although public->default works.
    source: `${CLOUDSTACK} item 1; ${SAFESPRING} frame 5`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-KEEP-ON-REMOVE',
    statement:
      'removing a rule or a group leaves established flows working until closed, while new flows are refused',
    source: `${CLOUDSTACK} item 1 ("existing connections ... continue to exist, until closed by either end")`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-FLUSH-ON-REMOVE',
    statement:
      'removing a rule or a group cuts the established flows the remaining rules would not admit',
    // No profile yet: the `flush` parameter value waits for the neutron profile.
    source:
      'https://github.com/openstack/neutron/blob/master/neutron/agent/linux/ip_conntrack.py (neutron deletes the conntrack entries of a removed rule)',
    profiles: [],
    area: 'conntrack',
  },
  {
    id: 'NET-PUBLIC',
    statement:
      'a public instance reaches and is reached from the Internet per its rules, with its own address',
    source: `${SAFESPRING} frames 2-3`,
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-NAT-OUT',
    statement:
      "a nat (default-v4-nat) instance reaches the Internet per its rules; the receiver sees the compute host's public address",
    // The caption of frame 7 names the destination: 1.1.1.1 on tcp 443.
    source: `${SAFESPRING} frame 7`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-NAT-IN',
    statement: 'nothing outside the site can start a flow to a nat instance',
    // Not stated in so many words: follows from masquerade on the host.
    source: `${SAFESPRING} frame 7 (the pool is masqueraded, not routed from outside)`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-INTERNAL-NO-NAT',
    statement: 'traffic between instances of one site is never NATed',
    source: `${SAFESPRING} frames 4-6`,
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-PRIVATE',
    statement:
      'a private instance never reaches or is reached from the Internet, whatever the rules; it talks only to instances of its site',
    source: `${SAFESPRING} frame 6`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-ONE-DOMAIN',
    statement:
      'instances on different networks of one site reach each other per rules, through their one interface',
    source: `${SAFESPRING} frame 4 and TL;DR (one interface)`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-SITES',
    statement:
      'instances of different sites meet only through the Internet: public addresses or NAT, never nat/private pools',
    source: `${SAFESPRING} frame 6 ("only talk to other Safespring instances in the same site"); ${CLOUDSTACK} item 4`,
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-EXTERNAL',
    statement: 'external hosts stand for the Internet: they have no security groups',
    source: 'docs/architecture.md (vocabulary: external hosts stand for the Internet)',
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-ANTISPOOF',
    statement: 'a packet whose source address the instance does not own is dropped',
    // Item 7 only covers MAC/ARP/DHCP; IP source checks come from Calico and the CloudStack script.
    source: `${CLOUDSTACK} item 7 (MAC/ARP); ${CS_SG_SCRIPT} (default_network_rules); https://docs.tigera.io/calico/latest/reference/felix/configuration (workload source address checks)`,
    profiles: both,
    area: 'anti-spoofing',
  },
  {
    id: 'CS-DEFAULT-GROUP',
    statement:
      "an instance placed in no group is in its account's default group, which denies inbound traffic",
    // Item 3 says the group exists per account; its rules come from the docs.
    source: `${CLOUDSTACK} item 3; https://docs.cloudstack.apache.org/en/latest/adminguide/networking/security_groups.html`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
  {
    id: 'CS-EGRESS-OPEN',
    statement: "egress is open while none of the instance's groups has an egress rule",
    source: `${CS_SG_SCRIPT} (add_network_rules: the egress chain ends in RETURN when it has no rules, DROP otherwise)`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
  {
    id: 'CS-CROSS-ACCOUNT',
    statement: "a rule may name another account's group as its remote",
    source: `${CLOUDSTACK} item 2`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
  {
    id: 'CS-NO-GROUP-CHANGE',
    statement: 'groups cannot be attached to or detached from an existing instance',
    source: `${CLOUDSTACK} limitations item 3`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
] as const satisfies readonly Requirement[];

/** The ID of a catalogue entry: a requirement literal that is not one fails to compile. */
export type RequirementId = (typeof catalogue)[number]['id'];

/** Every requirement the model can name, in catalogue order. */
export const requirements: readonly Requirement<RequirementId>[] = catalogue;

const ids = requirements.map((r) => r.id) as [RequirementId, ...RequirementId[]];

/** A requirement ID in a record read from disk: only catalogue IDs parse. */
export const RequirementId = z.enum(ids);

const byId = new Map<string, Requirement<RequirementId>>(requirements.map((r) => [r.id, r]));

/** The catalogue entry for `id`, or undefined when the ID is unknown. */
export function requirementById(id: string): Requirement<RequirementId> | undefined {
  return byId.get(id);
}
