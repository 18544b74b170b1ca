#!/usr/bin/python3
"""netconform exec driver: the cloudstack profile on bridged hosts, with the tools a
CloudStack KVM agent uses (iptables with physdev matches, ebtables, ipset), shaped
like CloudStack's scripts/vm/network/security_group.py but written for netconform's
desired state (docs/drivers.md):

  iptables-cloudstack.py apply    STATE.json   program every host
  iptables-cloudstack.py teardown STATE.json   remove what apply installed
  iptables-cloudstack.py render   STATE.json [HOST]   print the inputs, run nothing

Per host, one `ipset restore`, one `iptables-restore` (the filter table) and one
`ebtables-restore` (the nat table), all through the host's `enter` prefix:

- ipset `i-<account>-<vm>-VM`: the addresses the VM owns (its ip and secondary ips);
  sets are filled as `...-n` and swapped in, so a set is never seen half-filled;
- iptables: FORWARD sends bridged traffic of each bridge to `BF-<bridge>`, which
  accepts established flows and dispatches on the physdev port to the VM's `-def`
  chain: DHCP client traffic passes, a source outside the VM's set is dropped, DNS to
  the pod's DHCP/DNS server (its bridge's `podServer`) passes, the rest goes to the
  egress chain `-VM-eg`;
  traffic to the VM goes to the ingress chain `-VM`;
- ebtables (nat): frames from the VM must carry its MAC, ARP must claim its MAC and
  one of its addresses, DHCP server replies and broadcast/multicast other than ARP
  and DHCP are dropped; frames to the VM are its unicast, broadcast or multicast.

Differences from CloudStack's script, on purpose: DNS is allowed to the pod's server
only (CloudStack allows udp/tcp 53 to anyone), and the L2 drops of BUM, DHCP server
replies and foreign unicast (promised by "CloudStack Basic Networking: deeper dive"
items 6-7) are added. Debian's /usr/bin/python3 and its standard library only.
"""
import json
import subprocess
import sys

DHCP_DNS = "ACCEPT"


def vm_name(port):
    return "i-%d-%d-VM" % (port["accountId"], port["vmId"])


def chain_def(port):
    # CloudStack: the VM name without its "-VM" suffix, plus "-def".
    return "i-%d-%d-def" % (port["accountId"], port["vmId"])


def port_rules(state, port, direction):
    groups = {g["name"]: g for g in state["groups"]}
    rules = []
    for name in port["groups"]:
        for rule in groups.get(name, {"rules": []})["rules"]:
            if rule["direction"] == direction:
                rules.append(rule)
    return rules


def remotes(rule):
    remote = rule["remote"]
    if "cidr" in remote:
        return [remote["cidr"]]
    return ["%s/32" % ip for ip in remote["members"]]


def rule_lines(chain, rule, peer_flag, target):
    """iptables lines for one allow rule, one per remote address (as CloudStack expands)."""
    proto = rule["protocol"]
    if proto == "any":
        match = "-m state --state NEW"
    elif proto == "icmp":
        match = "-p icmp --icmp-type any"
    else:
        ports = rule["ports"]
        dport = "" if ports is None else " --dport %d:%d" % (ports["from"], ports["to"])
        match = "-p %s -m %s%s -m state --state NEW" % (proto, proto, dport)
    return ["-A %s %s %s %s -j %s" % (chain, match, peer_flag, cidr, target) for cidr in remotes(rule)]


def host_ports(state, host):
    return [p for p in state["ports"] if p["host"] == host["name"]]


def render_ipset(state, host):
    lines = []
    for port in host_ports(state, host):
        name = vm_name(port)
        lines += ["create %s hash:ip family inet -exist" % name, "create %s-n hash:ip family inet -exist" % name]
        lines.append("flush %s-n" % name)
        lines += ["add %s-n %s" % (name, ip) for ip in [port["ip"]] + port["secondaryIps"]]
        lines += ["swap %s-n %s" % (name, name), "destroy %s-n" % name]
    return "\n".join(lines) + "\n"


def render_iptables(state, host):
    bridges = host["bridges"]
    ports = host_ports(state, host)
    pod_server = {b["name"]: b["podServer"] for b in bridges}
    chains = []
    rules = []
    for b in bridges:
        bf = "BF-" + b["name"]
        chains += [bf, bf + "-IN", bf + "-OUT"]
        rules += [
            "-A FORWARD -o %s -m physdev --physdev-is-bridged -j %s" % (b["name"], bf),
            "-A FORWARD -i %s -m physdev --physdev-is-bridged -j %s" % (b["name"], bf),
            "-A FORWARD -o %s -j DROP" % b["name"],
            "-A FORWARD -i %s -j DROP" % b["name"],
            "-A %s -m state --state RELATED,ESTABLISHED -j ACCEPT" % bf,
            "-A %s -m physdev --physdev-is-bridged --physdev-is-in -j %s-IN" % (bf, bf),
            "-A %s -m physdev --physdev-is-bridged --physdev-is-out -j %s-OUT" % (bf, bf),
            "-A %s -m physdev --physdev-is-bridged --physdev-out %s -j ACCEPT" % (bf, b["uplinkPort"]),
        ]
    for port in ports:
        vif, vm, default = port["device"], vm_name(port), chain_def(port)
        bf = "BF-" + port["bridge"]
        egress, ingress = vm + "-eg", vm
        chains += [default, ingress, egress]
        inp = "-m physdev --physdev-is-bridged --physdev-in %s" % vif
        out = "-m physdev --physdev-is-bridged --physdev-out %s" % vif
        server = pod_server[port["bridge"]]
        rules += [
            "-A %s-IN %s -j %s" % (bf, inp, default),
            "-A %s-OUT %s -j %s" % (bf, out, default),
            "-A %s -m state --state RELATED,ESTABLISHED -j ACCEPT" % default,
            # DHCP with the pod's server, whatever the rules (L2-DHCP-DNS).
            "-A %s %s -p udp --dport 67 --sport 68 -j ACCEPT" % (default, inp),
            "-A %s %s -p udp --dport 68 --sport 67 -j ACCEPT" % (default, out),
            # Anti-spoofing: the source must be an address the VM owns (NET-ANTISPOOF).
            "-A %s %s -m set ! --match-set %s src -j DROP" % (default, inp, vm),
            "-A %s %s -d %s -p udp --dport 53 -j RETURN" % (default, inp, server),
            "-A %s %s -d %s -p tcp --dport 53 -j RETURN" % (default, inp, server),
            "-A %s %s -m set --match-set %s src -j %s" % (default, inp, vm, egress),
            "-A %s %s -j %s" % (default, out, ingress),
        ]
        egress_rules = port_rules(state, port, "egress")
        for rule in egress_rules:
            rules += rule_lines(egress, rule, "-d", "RETURN")
        # CS-EGRESS-OPEN: no egress rule at all leaves egress open.
        rules.append("-A %s -j %s" % (egress, "DROP" if egress_rules else "RETURN"))
        for rule in port_rules(state, port, "ingress"):
            rules += rule_lines(ingress, rule, "-s", "ACCEPT")
        rules.append("-A %s -j DROP" % ingress)
    head = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
    return "\n".join(head + [":%s - [0:0]" % c for c in chains] + rules + ["COMMIT", ""])


def render_ebtables(state, host):
    chains = []
    rules = []
    for port in host_ports(state, host):
        vif, mac, vm = port["device"], port["mac"], vm_name(port)
        vin, vout = vm + "-in", vm + "-out"
        chains += [vin, vout, vin + "-ips", vout + "-ips"]
        rules += [
            "-A PREROUTING -i %s -j %s" % (vif, vin),
            "-A POSTROUTING -o %s -j %s" % (vif, vout),
            # L2-MAC-SPOOF, L2-ARP-SPOOF.
            "-A %s -s ! %s -j DROP" % (vin, mac),
            "-A %s -p ARP --arp-mac-src ! %s -j DROP" % (vin, mac),
            "-A %s -p ARP -j %s-ips" % (vin, vin),
            "-A %s -p ARP --arp-op Request -j ACCEPT" % vin,
            "-A %s -p ARP --arp-op Reply -j ACCEPT" % vin,
            "-A %s -p ARP -j DROP" % vin,
            # DHCP discover passes; a DHCP server's reply never (L2-NO-ROGUE-DHCP).
            "-A %s -p IPv4 --ip-proto udp --ip-sport 68 --ip-dport 67 -j ACCEPT" % vin,
            "-A %s -p IPv4 --ip-proto udp --ip-sport 67 --ip-dport 68 -j DROP" % vin,
            # L2-BUM-DROP.
            "-A %s -d Broadcast -j DROP" % vin,
            "-A %s -d Multicast -j DROP" % vin,
            "-A %s -p ARP --arp-op Reply --arp-mac-dst ! %s -j DROP" % (vout, mac),
            "-A %s -p ARP -j %s-ips" % (vout, vout),
            "-A %s -d Broadcast -j ACCEPT" % vout,
            "-A %s -d Multicast -j ACCEPT" % vout,
            # L2-NO-SNOOP: only the VM's own unicast leaves through its port.
            "-A %s -d ! %s -j DROP" % (vout, mac),
        ]
        for ip in [port["ip"]] + port["secondaryIps"]:
            rules.append("-A %s-ips -p ARP --arp-ip-src %s -j RETURN" % (vin, ip))
            rules.append("-A %s-ips -p ARP --arp-ip-dst %s -j RETURN" % (vout, ip))
        rules += ["-A %s-ips -j DROP" % vin, "-A %s-ips -j DROP" % vout]
    head = ["*nat", ":PREROUTING ACCEPT", ":OUTPUT ACCEPT", ":POSTROUTING ACCEPT"]
    return "\n".join(head + [":%s ACCEPT" % c for c in chains] + rules + [""])


def run(host, argv, text):
    result = subprocess.run(host["enter"] + argv, input=text, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write("iptables-cloudstack: host %s: %s failed (%d): %s\n%s\n" % (
            host["name"], " ".join(argv), result.returncode, result.stderr.strip(), text))
        sys.exit(1)
    return result.stdout


def stale_sets(host, keep):
    listed = run(host, ["ipset", "list", "-n"], "")
    return [s for s in listed.split() if s.startswith("i-") and s not in keep]


def apply(state):
    for host in state["hosts"]:
        if host["plumbing"] != "bridged":
            sys.stderr.write("iptables-cloudstack: host %s is routed; run with --plumbing bridged\n" % host["name"])
            sys.exit(1)
        keep = {vm_name(p) for p in host_ports(state, host)}
        run(host, ["ipset", "restore"], render_ipset(state, host))
        run(host, ["iptables-restore"], render_iptables(state, host))
        run(host, ["ebtables-restore"], render_ebtables(state, host))
        # Sets of VMs gone from this host, once no rule names them any more.
        gone = stale_sets(host, keep)
        if gone:
            run(host, ["ipset", "restore"], "".join("destroy %s\n" % s for s in gone))
        print(json.dumps({"applied": True, "host": host["name"]}))


def teardown(state):
    for host in state["hosts"]:
        run(host, ["iptables-restore"], "*filter\n:INPUT ACCEPT\n:FORWARD ACCEPT\n:OUTPUT ACCEPT\nCOMMIT\n")
        run(host, ["ebtables-restore"], "*nat\n:PREROUTING ACCEPT\n:OUTPUT ACCEPT\n:POSTROUTING ACCEPT\n")
        gone = stale_sets(host, set())
        if gone:
            run(host, ["ipset", "restore"], "".join("destroy %s\n" % s for s in gone))


def main(argv):
    if len(argv) < 3 or argv[1] not in ("apply", "teardown", "render"):
        sys.stderr.write("usage: %s apply|teardown|render STATE.json [HOST]\n" % argv[0])
        return 2
    with open(argv[2]) as f:
        state = json.load(f)
    if state.get("version") != 2 or state.get("profile") != "cloudstack":
        sys.stderr.write("iptables-cloudstack: needs driver state version 2 of profile cloudstack\n")
        return 1
    if argv[1] == "render":
        for host in state["hosts"]:
            if len(argv) > 3 and host["name"] != argv[3]:
                continue
            for text in (render_ipset(state, host), render_iptables(state, host), render_ebtables(state, host)):
                sys.stdout.write(text + "\n")
        return 0
    (apply if argv[1] == "apply" else teardown)(state)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
