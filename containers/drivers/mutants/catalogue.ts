/**
 * The built-in mutants: the reference renderer with one realistic defect each. Each
 * names the requirements it violates and a scenario that shows it on this dataplane.
 *
 * `no-invalid-drop` was considered and left out: on a port whose chain ends in a drop,
 * an INVALID packet no rule matches is dropped anyway, and the probes of a flow never
 * emit one the rules would see (mid-stream TCP is picked up as new under
 * nf_conntrack_tcp_loose). `protocol-ignored` replaces it; `invalid-accepted` (a crafted
 * FIN of no connection, the `stray` step) is the INVALID defect a probe can see.
 */
import {
  addRuleIgnored,
  attachIgnored,
  detachIgnored,
  removeRuleIgnored,
  rulesLeftOnOldHost,
  staleRemoteGroups,
} from './stale-state.ts';
import type { MutantSpec } from './mutant.ts';

/** Every built-in mutant, in the order `mutants` lists them. */
export const MUTANTS: readonly MutantSpec[] = [
  {
    name: 'stateless',
    origin:
      'Agents that render ACL-style allow lists and forget the conntrack accept, as in stateless ACL backends reused for security groups.',
    requirements: ['CT-REPLY'],
    witness:
      'a opens tcp to b with only a-egress and b-ingress rules; the SYN-ACK back is dropped.',
    render: { acceptEstablished: false },
  },
  {
    name: 'related-dropped',
    origin:
      'Rulesets that accept `ct state established` but forget `related`, so ICMP errors about admitted flows (port unreachable, fragmentation needed) meet the rules as if new.',
    requirements: ['CT-RELATED'],
    witness:
      'a sends udp to a port of b nobody listens on, admitted by the rules; the ICMP port-unreachable back to a is dropped, so a never learns the port is closed.',
    render: { acceptRelated: false },
  },
  {
    name: 'flush-on-change',
    origin:
      'Agents that run `conntrack -F` after each rule update to make removals take effect at once (neutron-style flushing applied to everything).',
    requirements: ['CT-KEEP-ON-REMOVE', 'CT-REPLY'],
    witness:
      'a opens tcp to b, any rule is added, then b sends a reply: the entry is gone and the reply is a new, unadmitted flow.',
    afterApply: [['conntrack', '-F']],
  },
  {
    name: 'egress-return',
    origin:
      'A stray unconditional RETURN left high in the per-port egress chain, as in the neutron chain dump of "Knox setup for the Epouta connection".',
    requirements: ['SG-BOTH-ENDS', 'SG-NONE', 'SG-MATCH'],
    witness: 'a public instance with no egress rule sends udp to an external host and it arrives.',
    render: { strayEgressReturn: true },
  },
  {
    name: 'protocol-ignored',
    origin:
      'Renderers that match the port with a protocol-agnostic `th dport` and keep only a tcp-or-udp check, so a tcp rule also opens udp.',
    requirements: ['SG-MATCH'],
    witness: 'b allows ingress tcp 80 only; a udp probe from a to b port 80 is delivered.',
    render: { protocolMatch: 'ports-only' },
  },
  {
    name: 'no-masquerade',
    origin:
      'NAT rules installed only for one interface name or lost on reconcile, so nat instances leave with their pool address.',
    requirements: ['NET-NAT-OUT'],
    witness:
      'a nat instance probes an external host over udp; the receiver sees 100.64.x.y (or nothing) instead of the host public address.',
    render: { snat: { kind: 'none' } },
  },
  {
    name: 'masquerade-wrong-address',
    origin:
      'SNAT targets taken from a stale or per-site configuration value instead of the compute host actually forwarding the packet.',
    requirements: ['NET-NAT-OUT'],
    witness:
      'a nat instance probes an external host over udp; the receiver sees 192.0.2.254, not its host public address.',
    render: { snat: { kind: 'fixed', address: '192.0.2.254' } },
  },
  {
    name: 'private-leak',
    origin:
      'Code paths that test "not public" to decide on NAT, so private pools are masqueraded and allowed out like nat ones.',
    requirements: ['NET-PRIVATE'],
    witness:
      'a private instance with an egress rule to 0.0.0.0/0 probes an external host over udp and it arrives.',
    render: { natKinds: ['nat', 'private'], siteOnlyKinds: [] },
  },
  {
    name: 'stale-remote-group',
    origin:
      'Agents that resolve remote-group members into ipsets once and miss membership-change notifications.',
    requirements: ['SG-REMOTE-GROUP'],
    witness:
      'b admits ingress from group g; c is attached to g after the first apply and its probe to b is dropped.',
    transform: staleRemoteGroups,
  },
  {
    name: 'port-range-off-by-one',
    origin:
      'Converting inclusive API ranges to half-open ranges (range(from, to) habits), dropping the upper port.',
    requirements: ['SG-MATCH'],
    witness:
      'b allows ingress tcp 8000-8080; a probe to port 8080 (or to a single-port rule) is dropped.',
    render: { portRangeUpper: 'exclusive' },
  },
  {
    name: 'icmp-always',
    origin:
      'A blanket ICMP accept added for path-MTU discovery or diagnostics that also admits echo requests.',
    requirements: ['SG-MATCH', 'SG-NONE'],
    witness: 'two instances in no group ping each other and the echo is delivered.',
    render: { acceptAllIcmp: true },
  },
  {
    name: 'ingress-on-source',
    origin:
      'Direction confusion between the VM view (ingress = to the VM) and the bridge view (in-interface), so rule directions end up swapped.',
    requirements: ['SG-BOTH-ENDS', 'SG-MATCH'],
    witness: 'a public instance with only an egress rule probes an external host and is dropped.',
    render: { swapDirections: true },
  },
  {
    name: 'detach-ignored',
    origin:
      'Agents that only ever add per-port chains on membership updates and never remove the detached group rules.',
    requirements: ['SG-MATCH', 'SG-NONE'],
    witness:
      'b in group g admits ingress tcp 22; g is detached from b and a new probe to b port 22 is still delivered.',
    transform: detachIgnored,
  },
  {
    name: 'add-rule-ignored',
    origin:
      'Agents that build the rule set at port creation and drop later rule-create notifications (a lost message queue event).',
    requirements: ['SG-MATCH'],
    witness:
      'b has no ingress rule; a rule admitting tcp 22 from anywhere is added to its group and a probe from a to b port 22 is still dropped.',
    transform: addRuleIgnored,
  },
  {
    name: 'remove-rule-ignored',
    origin:
      'Agents that only ever append rules on updates and never delete the chain entries of removed rules.',
    requirements: ['SG-MATCH', 'CT-KEEP-ON-REMOVE'],
    witness:
      'b admits ingress tcp 22; the rule is removed and a new probe from a to b port 22 is still delivered.',
    transform: removeRuleIgnored,
  },
  {
    name: 'attach-ignored',
    origin:
      "Agents that read an instance's groups once at port binding and miss port-update events that add groups.",
    requirements: ['SG-MATCH', 'SG-REMOTE-GROUP'],
    witness:
      'group g admits ingress tcp 22; g is attached to b and a probe from a to b port 22 is still dropped.',
    transform: attachIgnored,
  },
  {
    name: 'no-antispoof',
    origin:
      'Routed (Calico-like) setups that rely on reverse-path filtering which is disabled or loose on the host.',
    requirements: ['NET-ANTISPOOF'],
    witness:
      'a, with open egress, sends udp to b (open ingress) from a spoofed source address and b receives it.',
    render: { antiSpoof: false },
  },
  {
    name: 'first-group-only',
    origin:
      'Code that reads `security_groups[0]` where a list is expected, losing the union over groups.',
    requirements: ['SG-MATCH'],
    witness:
      'b is in groups [g1, g2] and only g2 admits tcp 80; a probe from a to b port 80 is dropped.',
    render: { groups: 'first' },
  },
  {
    name: 'secondary-ip-refused',
    origin:
      "Anti-spoofing sets built from the port's first fixed IP only, missing addresses added to the NIC later (addIpToNic).",
    requirements: ['L2-SECONDARY-IP'],
    witness:
      'a secondary address is added to a; a datagram from it to b, admitted by the rules, is dropped as spoofed.',
    render: { secondaryIps: false },
    profiles: ['cloudstack'],
  },
  {
    name: 'mac-spoof-allowed',
    origin:
      "Port filters that check only the source IP (an ipset of the VM's addresses) and leave out the MAC: CloudStack's ebtables `-s ! VM_MAC -j DROP`, or the `-m mac --mac-source` of neutron's IP/MAC pair rules (and the linuxbridge agent's ebtables MAC chain), so a guest can forge its source MAC and poison the bridge's forwarding table.",
    requirements: ['L2-MAC-SPOOF', 'NEUTRON-IP-MAC-PAIR'],
    witness:
      'b admits ingress udp from the pod; a sends b a datagram from its own address in a frame with a source MAC it does not own, and b receives it.',
    render: { l2: { sourceMac: false } },
    profiles: ['cloudstack', 'neutron'],
  },
  {
    name: 'arp-spoof-allowed',
    origin:
      "ARP chains that check the sender MAC but not the sender IP (`--arp-ip-src` missing, or a secondary-IP update that rewrote the chain without it), so a guest can claim a neighbour's or the gateway's address.",
    requirements: ['L2-ARP-SPOOF'],
    witness:
      "a sends b an ARP reply (or a gratuitous ARP) saying the gateway's address is at a's MAC, and it reaches b.",
    render: { l2: { arpClaims: false } },
    profiles: ['cloudstack'],
  },
  {
    name: 'bum-forwarded',
    origin:
      "Bridged filters with no broadcast/multicast rule at all, as CloudStack's own KVM security_group.py (its ebtables chains filter only ARP and MACs), so BUM traffic floods every port of the segment.",
    requirements: ['L2-BUM-DROP'],
    witness:
      'a sends a udp datagram to 255.255.255.255 (or to a multicast group) and neighbour b sees the frame.',
    render: { l2: { dropBum: false } },
    profiles: ['cloudstack'],
  },
  {
    name: 'rogue-dhcp-allowed',
    origin:
      'Filters that let DHCP server replies (udp 67 -> 68) through to every port "so DHCP works", as the KVM security_group.py does, and never drop them from a port, forgetting that a guest may send server replies too.',
    requirements: ['L2-NO-ROGUE-DHCP'],
    witness: 'a sends neighbour b a DHCP offer (udp 67 -> 68) and it reaches b.',
    render: { acceptDhcpReplies: true, l2: { dropDhcpServer: false } },
    // neutron: issue 13's dhcp-server-allowed (its _drop_dhcp_rule missing).
    profiles: ['cloudstack', 'neutron'],
  },
  {
    name: 'dhcp-dns-blocked',
    origin:
      "Bridged filters that judge an instance's DHCP and DNS with the pod's server by its security groups, without the accepts CloudStack's KVM security_group.py puts before them (\"allow dhcp\", udp/tcp 53 RETURN before the egress chain), so an instance with no ingress rule gets no DHCP offer and one with egress rules that do not name udp 53 resolves nothing.",
    requirements: ['L2-DHCP-DNS'],
    witness:
      "a, in its account's default group, asks the pod-local server for a DHCP lease and gets no offer; or a, whose group allows egress tcp 80 only, gets no DNS answer.",
    render: { podServerAccess: false },
    profiles: ['cloudstack'],
  },
  {
    name: 'invalid-accepted',
    origin:
      "Chains that accept whatever conntrack does not call NEW before the rules (`-m conntrack ! --ctstate NEW -j ACCEPT`, `ct state != new accept`), meant as 'anything conntrack knows' but also letting INVALID packets through, where neutron drops them after its rules (a FIN of no connection, used in scans and to probe firewalls).",
    requirements: ['NEUTRON-INVALID'],
    witness:
      'b admits nothing on tcp 80; a sends b a FIN+ACK of no connection to port 80 and it arrives.',
    profiles: ['neutron'],
    render: { invalid: 'accept' },
  },
  {
    name: 'dhcp-client-blocked',
    origin:
      "neutron ports judged by their security groups alone: the server's provider rules (the DHCP answer rule it adds to every port) lost, e.g. an agent fed by an RPC that drops them, so a port whose groups admit no udp 68 gets no lease.",
    requirements: ['NEUTRON-DHCP-CLIENT'],
    witness:
      "a's group admits nothing in; a's DHCP discover to its segment's server leaves, but the offer back is dropped.",
    profiles: ['neutron'],
    render: { dhcpClient: false },
  },
  {
    name: 'survive-removal',
    origin:
      "Agents that reprogram the rules but leave conntrack alone when a rule or member goes (neutron's `conntrack -D` calls lost from its eventlet queue, or a port with no conntrack zone yet), so flows the removed rule admitted keep flowing.",
    requirements: ['CT-FLUSH-ON-REMOVE'],
    witness:
      'a opens udp 53 to b, admitted by an ingress rule of b; the rule is removed and a still reaches b on that flow.',
    profiles: ['neutron'],
    render: { cutUnadmitted: false },
  },
  {
    name: 'ct-delete-exact',
    origin:
      "Agents that delete only the conntrack entries of flows the remaining rules no longer admit (what netconform's reference driver did before NEUTRON-CT-DELETE was modelled, and what a per-flow `conntrack -D --dport` would do), where neutron deletes every entry of the removed rule's protocol to the port's address: the server of a flow that survived can still answer after an unrelated rule of the same protocol went.",
    requirements: ['NEUTRON-CT-DELETE'],
    witness:
      'b admits udp 53 and udp 123 and has no egress rule; a opens udp 53 and gets a reply; the udp 123 rule goes; b answers a again on the open flow and the answer arrives.',
    profiles: ['neutron'],
    render: { cutScope: 'unadmitted' },
  },
  {
    name: 'ip-mac-pair-ignored',
    origin:
      'neutron ports whose IP/MAC pair chain lets anything through: port security off (no pair chain, no ebtables MAC chain), or an allowed address pair of 0.0.0.0/0 with a MAC of its own (set for keepalived or VRRP), so a VM can send as any address from any MAC.',
    requirements: ['NET-ANTISPOOF', 'NEUTRON-IP-MAC-PAIR'],
    witness:
      'a sends udp to b from an address it does not own (or from its own address in a frame with a MAC it does not own), to a port b admits from anywhere: it arrives.',
    profiles: ['neutron'],
    render: { antiSpoof: false, l2: { sourceMac: false } },
  },
  {
    name: 'broadcast-unfiltered',
    origin:
      "Bridged filters that pick a port's ingress chain by destination address (an nftables inet table under br_netfilter sees the bridge, not its ports; netconform's own reference did this before NEUTRON-BROADCAST), so a broadcast or multicast datagram, addressed to no port, skips every receiver's rules.",
    requirements: ['NEUTRON-BROADCAST'],
    witness:
      "a, with egress to anywhere, sends a udp datagram to 255.255.255.255; neighbour b's groups admit nothing in, and b receives it.",
    profiles: ['neutron'],
    render: { l2: { bumByRules: false } },
  },
  {
    name: 'broadcast-dropped',
    origin:
      "CloudStack's promise applied where neutron's is expected: port filters that drop broadcast and multicast from VMs (other than ARP and DHCP) to stop floods, so the segment's discovery protocols (VRRP, mDNS, service announcements) go silent whatever the rules say.",
    requirements: ['NEUTRON-BROADCAST'],
    witness:
      "a, with egress to anywhere, sends a udp datagram to 255.255.255.255; neighbour b's group admits that port from the segment, and b never sees it.",
    profiles: ['neutron'],
    render: { l2: { dropBum: true } },
  },
  {
    name: 'snat-to-host-instead-of-router',
    origin:
      "A compute-host agent that masquerades tenant pools to the host's own public address, as Calico's natOutgoing does on safespring, deployed where neutron's L3 agent owns NAT: tenant traffic leaves the host already translated, the virtual router passes it as not its tenants', and the Internet sees the compute host.",
    requirements: ['NEUTRON-ROUTER-SNAT'],
    witness:
      "a nat instance with an egress rule sends udp to an external host: it arrives from its compute host's public address, not from the router's.",
    profiles: ['neutron'],
    render: { natKinds: ['nat'] },
  },
  {
    name: 'rules-left-on-old-host',
    origin:
      "Agents that program a VM's rules when it starts on a host and miss the migration event (CloudStack's security_group.py is called from the libvirt start hook; a migrated-in VM takes another path), so the rules stay on the old host and the VM runs unfiltered on the new one.",
    requirements: ['CS-MIGRATE'],
    witness:
      "app (ingress tcp 8080 only) migrates to web's host; a probe from web to app port 22 no longer crosses app's old host and is delivered.",
    transform: rulesLeftOnOldHost,
    profiles: ['cloudstack'],
  },
  {
    name: 'ipsec-missing-for-one-pair',
    origin:
      'An IPsec mesh generated per host pair (esdc-overlay) that missed one pair, e.g. a node added after the keys were generated.',
    requirements: ['OV-SWITCH'],
    witness:
      'two instances of one overlay on hosts of different PDCs: with no tunnel, their overlay packets leave in clear and the external firewall drops them.',
    profiles: ['danube'],
    overlay: { encryptEveryPair: false },
  },
  {
    name: 'ipsec-and-firewall-missing-for-one-pair',
    origin:
      "ipsec-missing-for-one-pair on a platform that generates the external firewall's overlay exemptions from the same pair list as the IPsec mesh: the missed pair's overlay packets are let through in clear, both ways (two defects; either alone leaks nothing).",
    requirements: ['OV-ENCRYPTED'],
    witness:
      "two instances of one overlay on hosts of different PDCs: their traffic arrives, and an eavesdropper on the Internet path reads the probe's token in clear.",
    profiles: ['danube'],
    overlay: { encryptEveryPair: false, exemptUnencryptedPairs: true },
  },
  {
    name: 'plaintext-in-allowed',
    origin:
      "A compute node whose external firewall lacks the seed's 'block in' rules for the overlay ports.",
    requirements: ['OV-NO-PLAINTEXT-IN'],
    witness:
      "an Internet host sends an unencrypted VXLAN packet to an instance's host: the instance receives its frame.",
    profiles: ['danube'],
    overlay: { dropPlaintextIn: false },
  },
  {
    name: 'plaintext-out-allowed',
    origin:
      "A compute node whose external firewall lacks the seed's 'block out' rules for the overlay ports.",
    requirements: ['OV-NO-PLAINTEXT-OUT'],
    witness:
      'a host sends an overlay packet to an address outside the mesh: it reaches the Internet unencrypted.',
    profiles: ['danube'],
    overlay: { dropPlaintextOut: false },
  },
  {
    name: 'mtu-1500',
    origin:
      "A platform that creates overlay vNICs with the Ethernet default MTU instead of the overlay rule's mtu (1400 by default).",
    requirements: ['OV-MTU'],
    witness:
      'an echo of 1401 bytes with DF set between instances of an MTU-1400 overlay comes back: the vNIC took it.',
    profiles: ['danube'],
    overlay: { mtuFromOverlay: false },
  },
  {
    name: 'vni-crosstalk',
    origin:
      "An agent that keeps one virtual ARP table per host instead of one per overlay rule: every overlay device also sends to the other overlays' instances, with their VXLAN numbers.",
    requirements: ['OV-ISOLATION'],
    witness:
      "an instance pings an instance of another overlay on another host: the frame is sent with the other overlay's VNI and port, and arrives.",
    profiles: ['danube'],
    overlay: { arpTablePerOverlay: false },
  },
  {
    name: 'same-pdc-over-internet',
    origin:
      'An agent that treats every peer as a remote node (e.g. a PDC name compared wrongly): hosts of one PDC reach each other over the Internet inside IPsec, not over their admin network.',
    requirements: ['OV-PDC-PATH'],
    witness:
      "two instances of one overlay on hosts of the same PDC: their traffic still arrives, but an eavesdropper on the PDC's admin network never sees it.",
    profiles: ['danube'],
    overlay: { samePdcOverAdmin: false },
  },
];
