/**
 * The requirement catalogue as data. Started from DESIGN.md section 3 and corrected
 * where the seeds say otherwise; each correction is noted next to its entry.
 */
import type { Requirement } from './requirement.ts';

const both = ['safespring', 'cloudstack'] as const;
const SEED_000 = 'seeds/000_4780fc1560e5cce4.txt';
const SEED_001 = 'seeds/001_e6d501cc8e9903e5.txt';
const SEED_002 = 'seeds/002_3d6ba8fb5d34d910.txt';
const CS_SG_SCRIPT =
  'https://github.com/apache/cloudstack/blob/main/scripts/vm/network/security_group.py';

/** Every requirement the model can name, in catalogue order. */
export const requirements: readonly Requirement[] = [
  {
    id: 'SG-NONE',
    statement: 'an instance in no security group can neither send nor receive',
    // 001 makes explicit that the diagram starts with OpenStack's default group removed.
    source: `${SEED_000} frame 1; ${SEED_001} frame 1 and the paragraph before the list`,
    profiles: ['safespring'],
    area: 'security-groups',
  },
  {
    id: 'SG-BOTH-ENDS',
    statement:
      'a new instance-to-instance flow needs an egress allow on the source and an ingress allow on the destination',
    // DESIGN cited frames 4-6; frame 4's "egress rule from 3" is the egress rule of frame 2.
    source: `${SEED_001} frames 2, 4, 5 and 6`,
    profiles: both,
    area: 'security-groups',
  },
  {
    id: 'SG-MATCH',
    statement:
      'rules are allow-only and match protocol (tcp/udp/icmp/any), port range and remote CIDR or group; an instance gets the union of all its groups',
    source: `${SEED_000} frames 2-7; ${SEED_002} item 2`,
    profiles: both,
    area: 'security-groups',
  },
  {
    id: 'SG-REMOTE-GROUP',
    statement: "a remote-group rule matches the addresses of the group's current members",
    source: `${SEED_002} item 2 (usersecuritygrouplist); https://docs.openstack.org/python-openstackclient/latest/cli/command-objects/security-group-rule.html (--remote-group)`,
    profiles: both,
    area: 'security-groups',
  },
  {
    id: 'CT-REPLY',
    statement: 'replies on an admitted flow pass whatever the rules (TCP, UDP by tuple, ICMP echo)',
    source: `${SEED_002} item 1`,
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
    source: `${SEED_002} item 1; https://www.kernel.org/doc/html/latest/networking/nf_conntrack-sysctl.html (nf_conntrack_udp_timeout vs _stream)`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-NO-REVERSE',
    statement: 'admitting a->b does not admit new flows b->a',
    // Frame 5 is the evidence: default->public needs its own rules although public->default works.
    source: `${SEED_002} item 1; ${SEED_001} frame 5`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-KEEP-ON-REMOVE',
    statement:
      'removing a rule or a group leaves established flows working until closed, while new flows are refused',
    source: `${SEED_002} item 1 ("existing connections ... continue to exist, until closed by either end")`,
    profiles: both,
    area: 'conntrack',
  },
  {
    id: 'CT-FLUSH-ON-REMOVE',
    statement:
      'removing a rule or a group cuts the established flows the remaining rules would not admit',
    // No profile yet: the `flush` parameter value waits for the neutron profile.
    source:
      'DESIGN.md section 3 (later rows: neutron conntrack flush); https://github.com/openstack/neutron/blob/master/neutron/agent/linux/ip_conntrack.py',
    profiles: [],
    area: 'conntrack',
  },
  {
    id: 'NET-PUBLIC',
    statement:
      'a public instance reaches and is reached from the Internet per its rules, with its own address',
    source: `${SEED_000} frames 2-3`,
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-NAT-OUT',
    statement:
      "a nat (default-v4-nat) instance reaches the Internet per its rules; the receiver sees the compute host's public address",
    // 001 frame 7 lost the address; 000 names it: 1.1.1.1 on tcp 443.
    source: `${SEED_000} frame 7`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-NAT-IN',
    statement: 'nothing outside the site can start a flow to a nat instance',
    // Not stated in the seeds in so many words: follows from masquerade on the host.
    source: `${SEED_000} frame 7 (the pool is masqueraded, not routed from outside)`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-INTERNAL-NO-NAT',
    statement: 'traffic between instances of one site is never NATed',
    source: `${SEED_000} frames 4-6`,
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-PRIVATE',
    statement:
      'a private instance never reaches or is reached from the Internet, whatever the rules; it talks only to instances of its site',
    source: `${SEED_001} frame 6`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-ONE-DOMAIN',
    statement:
      'instances on different networks of one site reach each other per rules, through their one interface',
    source: `${SEED_001} frame 4; ${SEED_000} TL;DR (one interface)`,
    profiles: ['safespring'],
    area: 'network',
  },
  {
    id: 'NET-SITES',
    statement:
      'instances of different sites meet only through the Internet: public addresses or NAT, never nat/private pools',
    source: `${SEED_001} frame 6 ("only talk to other Safespring instances in the same site"); ${SEED_002} item 4`,
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-EXTERNAL',
    statement: 'external hosts stand for the Internet: they have no security groups',
    source: 'DESIGN.md section 1 (topology: external (Internet) hosts)',
    profiles: both,
    area: 'network',
  },
  {
    id: 'NET-ANTISPOOF',
    statement: 'a packet whose source address the instance does not own is dropped',
    // 002 item 7 only covers MAC/ARP/DHCP; IP source checks come from Calico and the CloudStack script.
    source: `${SEED_002} item 7 (MAC/ARP); ${CS_SG_SCRIPT} (default_network_rules); https://docs.tigera.io/calico/latest/reference/felix/configuration (workload source address checks)`,
    profiles: both,
    area: 'anti-spoofing',
  },
  {
    id: 'CS-DEFAULT-GROUP',
    statement:
      "an instance placed in no group is in its account's default group, which denies inbound traffic",
    // 002 item 3 says the group exists per account; its rules come from the docs.
    source: `${SEED_002} item 3; https://docs.cloudstack.apache.org/en/latest/adminguide/networking/security_groups.html`,
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
    source: `${SEED_002} item 2`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
  {
    id: 'CS-NO-GROUP-CHANGE',
    statement: 'groups cannot be attached to or detached from an existing instance',
    source: `${SEED_002} limitations item 3`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
];

const byId = new Map(requirements.map((r) => [r.id, r]));

/** The catalogue entry for `id`, or undefined when the ID is unknown. */
export function requirementById(id: string): Requirement | undefined {
  return byId.get(id);
}
