/**
 * The requirement catalogue as data. Each source names a public document (listed in
 * docs/architecture.md, "Sources") and the frame or item that states the promise;
 * where a first reading was corrected against the document, the entry says why.
 */
import { z } from 'zod';
import type { Requirement } from './requirement.ts';

const both = ['safespring', 'cloudstack'] as const;
const all = ['safespring', 'cloudstack', 'neutron'] as const;
const SAFESPRING =
  '"The Safespring network model explained" (2022-03-17, https://www.safespring.com/blogg/2022/2022-03-network/)';
const CLOUDSTACK =
  '"CloudStack Basic Networking: deeper dive" (2015-04-07, https://cloudierthanthou.wordpress.com/2015/04/07/cloudstack-basic-networking-deeper-dive/)';
const KNOX =
  '"Knox setup for the Epouta connection" (OpenStack Liberty, linuxbridge agent, iptables firewall; docs/architecture.md, Sources)';
const NEUTRON_FW =
  'https://github.com/openstack/neutron/blob/stable/zed/neutron/agent/linux/iptables_firewall.py';
const NEUTRON_CT =
  'https://github.com/openstack/neutron/blob/stable/zed/neutron/agent/linux/ip_conntrack.py';
const NEUTRON_SG_DOC =
  '"Security groups", OpenStack neutron admin guide (https://docs.openstack.org/neutron/latest/admin/intro-os-networking.html#security-groups)';
const NEUTRON_ARP =
  'https://github.com/openstack/neutron/blob/stable/zed/neutron/plugins/ml2/drivers/linuxbridge/agent/arp_protect.py';
const NEUTRON_L3 =
  'https://github.com/openstack/neutron/blob/stable/zed/neutron/agent/l3/router_info.py';
const DANUBE =
  '"Overlay networking", Danube Cloud user guide (seed 003, https://docs.danubecloud.org/user-guide/network/overlays.html)';
const CS_SG_SCRIPT =
  'https://github.com/apache/cloudstack/blob/main/scripts/vm/network/security_group.py';

const catalogue = [
  {
    id: 'SG-NONE',
    statement: 'an instance in no security group can neither send nor receive',
    // The post says the diagram starts with OpenStack's default group removed.
    source: `${SAFESPRING} frame 1 and the paragraph before the list`,
    profiles: ['safespring', 'neutron'],
    area: 'security-groups',
  },
  {
    id: 'SG-BOTH-ENDS',
    statement:
      'a new instance-to-instance flow needs an egress allow on the source and an ingress allow on the destination',
    // Frame 4's "egress rule from 3" is the egress rule of frame 2, hence frame 2 too.
    source: `${SAFESPRING} frames 2, 4, 5 and 6`,
    profiles: all,
    area: 'security-groups',
  },
  {
    id: 'SG-MATCH',
    statement:
      'rules are allow-only and match protocol (tcp/udp/icmp/any), port range and remote CIDR or group; an instance gets the union of all its groups',
    source: `${SAFESPRING} frames 2-7; ${CLOUDSTACK} item 2`,
    profiles: all,
    area: 'security-groups',
  },
  {
    id: 'SG-REMOTE-GROUP',
    statement: "a remote-group rule matches the addresses of the group's current members",
    // Seed 004's cross-border case: VMs of another cloud on the same VLAN are no members, so
    // remote-group rules refuse them (a group admitting everything stands in for their
    // unfiltered end: a scenario's instances are all ports of the cloud under test).
    source: `${CLOUDSTACK} item 2 (usersecuritygrouplist); https://docs.openstack.org/python-openstackclient/latest/cli/command-objects/security-group-rule.html (--remote-group); ${KNOX} ("the set contains the IP of the machines that were booted on Knox, and not ePouta. We would have to update the IPset ... to automatically include the other VMs across borders")`,
    profiles: all,
    area: 'security-groups',
  },
  {
    id: 'CT-REPLY',
    statement: 'replies on an admitted flow pass whatever the rules (TCP, UDP by tuple, ICMP echo)',
    source: `${CLOUDSTACK} item 1`,
    profiles: all,
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
    profiles: all,
    area: 'conntrack',
  },
  {
    id: 'CT-RELATED',
    statement:
      'ICMP errors about an admitted flow (a port-unreachable answering a UDP datagram to a closed port) reach its sender whatever the rules',
    // Added: conntrack calls such errors RELATED to the flow they quote; renderers accept
    // "established,related" (nft ct state, iptables --ctstate), and Calico's BPF dataplane
    // treats ICMP errors of tracked flows as related too.
    source:
      'https://ipset.netfilter.org/iptables-extensions.man.html (conntrack --ctstate RELATED: "associated with an existing connection, such as ... an ICMP error"); https://github.com/projectcalico/felix/pull/2247 (ICMP errors generated by tracked flows treated as related traffic)',
    profiles: all,
    area: 'conntrack',
  },
  {
    id: 'CT-NO-REVERSE',
    statement: 'admitting a->b does not admit new flows b->a',
    // Frame 5 is the evidence: default->public needs its own rules although public->default works.
    source: `${CLOUDSTACK} item 1; ${SAFESPRING} frame 5`,
    profiles: all,
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
    // neutron deletes more than that (NEUTRON-CT-DELETE says which flows survive).
    source: `${NEUTRON_CT} (delete_conntrack_state_by_rule, _by_remote_ips); ${NEUTRON_FW} (filter_defer_apply_off: _remove_conntrack_entries_from_sg_updates)`,
    profiles: ['neutron'],
    area: 'conntrack',
  },
  {
    id: 'NEUTRON-CT-DELETE',
    statement:
      "removing a rule deletes, at each host end (a conntrack zone per host and network), the entries of the rule's protocol (every protocol for any) whose original destination (ingress rule) or source (egress rule) is a port of the group, whatever their ports and remote, also those of flows the remaining rules still admit; a port leaving a group loses every entry at its end, and ports whose rules name that group lose their entries with it; a packet that finds no entry at an end meets the chains there as new and, admitted, re-creates one its own way: a TCP segment (picked up mid-stream, nf_conntrack_tcp_loose=1) or UDP datagram going forward passes if the rules admit the flow as new, an ICMP echo too (its reply rides on the new entry), while the server's next TCP segment or UDP datagram passes only if that end's chains admit a new flow from the server to the opener's ephemeral port",
    source: `${NEUTRON_CT} (_generate_conntrack_cmd_by_rule, _get_conntrack_cmds: conntrack -D -p PROTO -f ipv4, -d or -s PORT_IP -w ZONE, remote only for members); ${NEUTRON_FW} (_clean_deleted_sg_rule_conntrack_entries, _clean_updated_sg_member_conntrack_entries, _update_ipset_members); https://www.kernel.org/doc/html/latest/networking/nf_conntrack-sysctl.html (nf_conntrack_tcp_loose); docs/findings.md F2 (measured on the real driver)`,
    profiles: ['neutron'],
    area: 'conntrack',
  },
  {
    id: 'NEUTRON-INVALID',
    statement:
      'a packet conntrack calls INVALID (a FIN of no known connection) is dropped, but only after the allow rules: a rule that would admit a new flow of its tuple lets it through; a bare ACK of no known connection is not INVALID (nf_conntrack_tcp_loose=1 picks it up as a new connection) and the rules judge it the same way',
    // Seed 004 shows the order: RELATED,ESTABLISHED RETURN, the rules, INVALID DROP, fallback.
    // Its "(e.g. TCP ACK/FIN)" is right for a FIN only: measured on the real driver (docs/findings.md F3).
    source: `${KNOX} ("Drop packets that appear related to an existing connection (e.g. TCP ACK/FIN) but do not have an entry in conntrack", after the rule RETURNs); ${NEUTRON_FW} (_convert_sgr_to_iptables_rules: _allow_established, the rules, _drop_invalid_packets, sg-fallback); https://www.kernel.org/doc/html/latest/networking/nf_conntrack-sysctl.html (nf_conntrack_tcp_loose: "If it is set to zero, we disable picking up already established connections"); docs/findings.md F3 (measured on the real driver)`,
    profiles: ['neutron'],
    area: 'conntrack',
  },
  {
    id: 'NEUTRON-IP-MAC-PAIR',
    statement:
      "a port sends only from its (address, MAC) pairs, its fixed addresses with the port's MAC: a frame from a MAC the port does not own is dropped before any rule, even with the port's own address (the address half, a source the port does not own, is NET-ANTISPOOF)",
    // The spoof chain RETURNs only `-s IP -m mac --mac-source MAC` of the port's pairs and
    // ends in DROP; the linuxbridge agent's ebtables MAC chain (arp_protect) drops such
    // frames too. Allowed address pairs, which add pairs, are not in the scenario schema.
    source: `${KNOX} (the source chain: "Allow traffic from defined IP/MAC pairs", "Drop traffic without an IP/MAC allow rule"); ${NEUTRON_FW} (_setup_spoof_filter_chain, _spoofing_rule); ${NEUTRON_ARP} (_install_mac_spoofing_protection: a MAC chain per port, DROP for any other source MAC)`,
    profiles: ['neutron'],
    area: 'anti-spoofing',
  },
  {
    id: 'NEUTRON-NO-DEFAULT-EGRESS',
    statement:
      'the firewall allows no egress that no egress rule allows; the API gives every new group egress-anywhere rules, which a scenario writes as rules',
    source: `${NEUTRON_SG_DOC} ("a security group ... has ... rules that allow all egress"); ${NEUTRON_FW} (the egress chain ends in the sg-fallback DROP)`,
    profiles: ['neutron'],
    area: 'security-groups',
  },
  {
    id: 'NEUTRON-DHCP-CLIENT',
    statement:
      "DHCP client traffic (udp 68->67) always leaves a port and the DHCP server's answers (udp 67->68) reach it, whatever its rules; DHCP server replies from a port are dropped (L2-NO-ROGUE-DHCP)",
    // The offer comes back through a rule neutron's server adds to every port (udp 67 -> 68
    // to its addresses and broadcast, _add_ingress_dhcp_rule); the drop half is L2-NO-ROGUE-DHCP.
    source: `${KNOX} ("Allow DHCP client traffic", "Prevent DHCP Spoofing by VM"); ${NEUTRON_FW} (_spoofing_rule: udp 68 -> 67 RETURN before and after the IP/MAC pair chain; _drop_dhcp_rule); https://github.com/openstack/neutron/blob/stable/zed/neutron/db/securitygroups_rpc_base.py (_apply_provider_rule, _add_ingress_dhcp_rule)`,
    profiles: ['neutron'],
    area: 'layer-2',
  },
  {
    id: 'NEUTRON-BROADCAST',
    statement:
      "broadcast and multicast are flooded to every instance of the segment (unlike cloudstack's L2-BUM-DROP) and judged there like any datagram: the sender's egress rules must admit udp to the broadcast or group address (a rule to anywhere does, a remote group never), the receiver's ingress rules udp from the sender",
    // The bridge floods; br_netfilter runs FORWARD once per port a copy leaves by, so the
    // sender's egress chain and each receiver's ingress chain see it: iptables_firewall.py
    // has no rule for broadcast except the DHCP ones (udp 68 -> 67 out; the server's
    // udp 67 -> 68 rule to 255.255.255.255 in). Measured on the real driver: docs/findings.md F5.
    source: `${KNOX} (Remarks: "Broadcast traffic is still forwarded to all interfaces on VLAN 1203 and therefore to all VMs"); ${NEUTRON_FW} (_add_chain: a jump per physdev-out and physdev-in port; _convert_sgr_to_iptables_rules)`,
    profiles: ['neutron'],
    area: 'layer-2',
  },
  {
    id: 'NET-PUBLIC',
    statement:
      'a public instance reaches and is reached from the Internet per its rules, with its own address',
    source: `${SAFESPRING} frames 2-3`,
    profiles: all,
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
    id: 'NEUTRON-ROUTER-SNAT',
    statement:
      "a nat (tenant) instance reaches the Internet per its rules through its site's virtual router; the receiver sees the router's external gateway address, never the compute host's",
    // The L3 agent's router NATs in its own namespace; the compute host only bridges and filters.
    source: `${KNOX} ("External connectivity for the VMs": "All VMs have a default route to the virtual router", "the router translates the source address ... for outgoing traffic over that interface", -A POSTROUTING -o gw -j SNAT --to-source 10.5.0.2); ${NEUTRON_L3} (external_gateway_nat_snat_rules: -o qg-... -j SNAT --to-source the gateway IP)`,
    profiles: ['neutron'],
    area: 'network',
  },
  {
    id: 'NET-NAT-IN',
    statement: 'nothing outside the site can start a flow to a nat instance',
    // Not stated in so many words: follows from masquerade on the host.
    // neutron: the router only SNATs (no floating IPs modelled), so nothing routes in.
    source: `${SAFESPRING} frame 7 (the pool is masqueraded, not routed from outside); ${KNOX} (the virtual router's nat table holds only the POSTROUTING SNAT)`,
    profiles: ['safespring', 'neutron'],
    area: 'network',
  },
  {
    id: 'NET-INTERNAL-NO-NAT',
    statement: 'traffic between instances of one site is never NATed',
    source: `${SAFESPRING} frames 4-6`,
    profiles: all,
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
    profiles: all,
    area: 'network',
  },
  {
    id: 'NET-EXTERNAL',
    statement: 'external hosts stand for the Internet: they have no security groups',
    source: 'docs/architecture.md (vocabulary: external hosts stand for the Internet)',
    profiles: all,
    area: 'network',
  },
  {
    id: 'NET-ANTISPOOF',
    statement: 'a packet whose source address the instance does not own is dropped',
    // Item 7 only covers MAC/ARP/DHCP; IP source checks come from Calico and the CloudStack script.
    source: `${CLOUDSTACK} item 7 (MAC/ARP); ${CS_SG_SCRIPT} (default_network_rules); https://docs.tigera.io/calico/latest/reference/felix/configuration (workload source address checks)`,
    profiles: all,
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
  {
    id: 'CS-MIGRATE',
    statement:
      'rules follow a migrated instance: on its new host, new flows to and from it are judged by the same groups',
    // Item 9 also says existing connections may drop: the model stops tracking them.
    source: `${CLOUDSTACK} items 9 and 10`,
    profiles: ['cloudstack'],
    area: 'security-groups',
  },
  {
    id: 'L2-MAC-SPOOF',
    statement: 'a frame whose source MAC the instance does not own is dropped at its port',
    source: `${CLOUDSTACK} items 6 and 7; ${CS_SG_SCRIPT} (default_ebtables_rules: -s ! VM_MAC -j DROP)`,
    profiles: ['cloudstack'],
    area: 'layer-2',
  },
  {
    id: 'L2-ARP-SPOOF',
    statement:
      'an ARP reply or gratuitous ARP for an address the instance does not own reaches no neighbour, so it cannot redirect their traffic',
    source: `${CLOUDSTACK} item 7 ("cannot send ARP responses for IP addresses they do not own"); ${CS_SG_SCRIPT} (default_ebtables_rules: --arp-mac-src, --arp-ip-src)`,
    profiles: ['cloudstack'],
    area: 'layer-2',
  },
  {
    id: 'L2-BUM-DROP',
    statement:
      "broadcast and multicast other than ARP and DHCP are dropped at the instance's egress",
    // The KVM script does not implement it (its ebtables chains only filter ARP and MACs).
    source: `${CLOUDSTACK} item 6 ("BUM traffic is silently dropped")`,
    profiles: ['cloudstack'],
    area: 'layer-2',
  },
  {
    id: 'L2-NO-ROGUE-DHCP',
    statement: 'an instance cannot answer as a DHCP server: its DHCP replies reach no neighbour',
    // The KVM script accepts udp 67->68 toward every port; the promise is the post's.
    // neutron drops udp 67->68 leaving a port before its rules (half of NEUTRON-DHCP-CLIENT).
    source: `${CLOUDSTACK} item 7 ("cannot spoof DHCP server responses either"); ${KNOX} ("Prevent DHCP Spoofing by VM"); ${NEUTRON_FW} (_drop_dhcp_rule)`,
    profiles: ['cloudstack', 'neutron'],
    area: 'layer-2',
  },
  {
    id: 'L2-DHCP-DNS',
    statement:
      "DHCP and DNS queries from an instance to its segment's pod-local server are answered, whatever its groups",
    // The KVM script accepts udp 68->67 from the port and 67->68 toward it, and returns udp
    // and tcp 53 from the VM's own addresses before its egress chain (to any address; the
    // promise names only the pod's server).
    source: `${CLOUDSTACK} item 7 ("DHCP and DNS queries to the pod-local DHCP server are always allowed"); ${CS_SG_SCRIPT} (default_network_rules: "allow dhcp", --dport 53 RETURN before the egress chain)`,
    profiles: ['cloudstack'],
    area: 'layer-2',
  },
  {
    id: 'L2-NO-SNOOP',
    statement: "a promiscuous instance sees none of its neighbours' unicast",
    source: `${CLOUDSTACK} item 7 ("you cannot see your neighbors traffic even though your NIC is set to promiscuous mode")`,
    profiles: ['cloudstack'],
    area: 'layer-2',
  },
  {
    id: 'L2-SECONDARY-IP',
    statement:
      "an address added to an instance's NIC may be its source, like its first address (remote groups still match members' first addresses)",
    // Remote-group expansion uses the members' primary addresses (a modelling choice: the
    // rule string of the KVM script carries whatever the management server expanded).
    source: `${CLOUDSTACK} item 8 (addIpToNic); ${CS_SG_SCRIPT} (network_rules_vmSecondaryIp: the VM's ipset and ARP chains)`,
    profiles: ['cloudstack'],
    area: 'layer-2',
  },
  {
    id: 'OV-SWITCH',
    statement:
      'instances of one overlay reach each other as if on one local switch, whichever host and physical datacenter they run in',
    source: `${DANUBE} introduction ("as if they all were connected into a single local switch") and "Stretching Danube Cloud over the internet"`,
    profiles: ['danube'],
    area: 'overlay',
  },
  {
    id: 'OV-ISOLATION',
    statement:
      'instances of different overlays (VXLAN numbers) never reach each other; an overlay is not routed to the Internet',
    // The guide delegates one overlay per customer or vDC: a separate virtual network.
    source: `${DANUBE} "Extending number of virtual networks" (one overlay per customer) and "Overlay rules vs overlays vs vNICs"`,
    profiles: ['danube'],
    area: 'overlay',
  },
  {
    id: 'OV-MTU',
    statement:
      "an overlay vNIC's MTU is the overlay's (default 1400): a packet of that size with DF set passes; a larger one does not, and the sender is told",
    source: `${DANUBE} "Maximum packet length when using overlays" ("A default MTU in SmartOS overlay networks is 1400")`,
    profiles: ['danube'],
    area: 'overlay',
  },
  {
    id: 'OV-PDC-PATH',
    statement:
      'overlay traffic between hosts of one physical datacenter goes over its admin network without IPsec; between PDCs it goes over the Internet (external interfaces)',
    source: `${DANUBE} "Requirements for overlays" (sender's PDC name == receiver's: admin network; different: IPsec via the external interface)`,
    profiles: ['danube'],
    area: 'overlay',
  },
  {
    id: 'OV-ENCRYPTED',
    statement:
      'overlay traffic between physical datacenters is carried inside IPsec: nothing an instance sends is visible in clear on the Internet',
    source: `${DANUBE} "Stretching Danube Cloud over the internet" (IPSec VPN mesh to secure the VXLAN packets) and "Requirements for overlays"`,
    profiles: ['danube'],
    area: 'overlay',
  },
  {
    id: 'OV-NO-PLAINTEXT-IN',
    statement:
      "an unencrypted overlay (VXLAN) packet arriving on a host's external interface is dropped: a forged frame never reaches an instance",
    source: `${DANUBE} "Configuring a firewall on each compute node" (block in ... proto udp ... port = 4790)`,
    profiles: ['danube'],
    area: 'overlay',
  },
  {
    id: 'OV-NO-PLAINTEXT-OUT',
    statement:
      "an unencrypted overlay (VXLAN) packet never leaves a host's external interface, even when the virtual ARP table points outside the IPsec mesh",
    source: `${DANUBE} "Configuring a firewall on each compute node" (block out ... proto udp ... port = 4790; "to prevent from any IPSec misconfiguration")`,
    profiles: ['danube'],
    area: 'overlay',
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
