"""Namespace configuration and neighbour flushes without processes, for the launcher.

A namespace's configuration script (`containers/backends/netns/plan-script.ts`) is
`set -e`, sysctl writes under /proc/sys, one `ip -batch` and perhaps a `bridge -batch`:
a shell and an `ip` per namespace, the largest share of a scenario's CPU once the
launcher started everything else (docs/bench.md). This module runs such a script in
the calling thread's network namespace to the same effect: the sysctls are written by
this thread (/proc/sys/net is the opening thread's namespace's), and the `ip -batch`
lines of the routed plumbing (veths, links, addresses, routes, neighbours) are sent as
the netlink requests iproute2 6.1 sends for them; so is `ip neigh flush all`. A script
or a batch it cannot read entirely is not run here at all (`parse_script`,
`parse_batch` return None) and the launcher starts the real programs instead.

Same effect includes failure: the batch stops at its first failing line with iproute2's
messages (the kernel's own reason when it gives one, `Error: Nexthop has invalid
gateway.`, else `RTNETLINK answers: File exists`; `Cannot find device "x"`; then
`Command failed -:N`) and exit 1; a sysctl that cannot be written ends the script as
`sh` does (exit 2, `sh: N: cannot create PATH: REASON`). Standard library only.
"""

import errno
import glob
import ipaddress
import os
import socket
import struct

NLMSG_HEADER = struct.Struct("=LHHLL")
NLMSG_ERROR = 2
NLM_F_REQUEST, NLM_F_ACK = 0x1, 0x4
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x100, 0x200, 0x400
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200  # in an error answer
SOL_NETLINK, NETLINK_EXT_ACK, NLMSGERR_ATTR_MSG = 270, 11, 1
RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR = 16, 17, 20
RTM_NEWROUTE, RTM_DELROUTE = 24, 25
RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 28, 29, 30
NLM_F_DUMP = 0x300
NLMSG_DONE = 3
IFINFOMSG = struct.Struct("=BxHiII")
IFADDRMSG = struct.Struct("=BBBBi")
RTMSG = struct.Struct("=BBBBBBBBI")
NDMSG = struct.Struct("=BxxxiHBB")
IFF_UP = 0x1
IFLA_ADDRESS, IFLA_IFNAME, IFLA_LINKINFO, IFLA_NET_NS_FD = 1, 3, 18, 28
IFLA_INFO_KIND, IFLA_INFO_DATA, VETH_INFO_PEER = 1, 2, 1
IFA_ADDRESS, IFA_LOCAL = 1, 2
RTA_DST, RTA_OIF, RTA_GATEWAY = 1, 4, 5
NDA_DST, NDA_LLADDR = 1, 2
RT_TABLE_MAIN, RTPROT_BOOT, RTN_UNICAST = 254, 3, 1
RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_NOWHERE = 0, 253, 255
NUD_NOARP, NUD_PERMANENT = 0x40, 0x80
FLUSH_ROUNDS = 10  # iproute2 gives up after as many


# --- the script ---------------------------------------------------------------------


def parse_script(text):
    """The parts of a configuration script, or None when it is anything else.

    Returns ([(line_number, path_or_glob, value)], [ip -batch lines]): `set -e` first,
    then sysctl writes, then one `ip -batch` (a `bridge -batch`, bridged plumbing's, is
    left to sh).
    """
    lines = text.split("\n")
    if lines[0] != "set -e":
        return None
    sysctls, batch = [], None
    i = 1
    while i < len(lines):
        line = lines[i]
        i += 1
        if line == "":
            continue
        if batch is not None:
            return None
        words = line.split(" ")
        if len(words) == 4 and words[:1] == ["echo"] and words[2] == ">" and words[3].startswith("/proc/sys/"):
            if "*" in words[3]:
                return None
            sysctls.append((i, words[3], words[1]))
        elif (loop := parse_loop(words)) is not None:
            sysctls.append((i, *loop))
        elif line == "ip -batch - <<'EOF'":
            batch = []
            while i < len(lines) and lines[i] != "EOF":
                batch.append(lines[i])
                i += 1
            if i == len(lines):
                return None  # no end marker: let sh say so
            i += 1
        else:
            return None
    return sysctls, batch or []


def parse_loop(words):
    """`for f in /proc/sys/GLOB; do echo V > "$f"; done` as (GLOB, V), else None."""
    shape = ["for", "f", "in", None, "do", "echo", None, ">", '"$f";', "done"]
    if len(words) != len(shape) or not words[3].endswith(";"):
        return None
    if any(want is not None and got != want for want, got in zip(shape, words)):
        return None
    pattern = words[3][:-1]
    return (pattern, words[6]) if pattern.startswith("/proc/sys/") else None


def write_sysctls(sysctls):
    """Writes each value as the script's `echo` does; (exit code, stderr) of the first failure, or None."""
    for number, pattern, value in sysctls:
        paths = sorted(glob.glob(pattern)) if "*" in pattern else []
        for path in paths or [pattern]:  # no match: sh keeps the word as it is
            try:
                fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
            except OSError as error:
                reason = "Directory nonexistent" if error.errno == errno.ENOENT else error.strerror
                return 2, f"sh: {number}: cannot create {path}: {reason}\n"
            try:
                os.write(fd, (value + "\n").encode())
            except OSError as error:
                return 1, f"sh: {number}: echo: echo: {error.strerror}\n"
            finally:
                os.close(fd)
    return None


# --- which commands run here --------------------------------------------------------


def plain_name(name):
    return name != "" and not name.startswith("-") and "/" not in name and name not in (".", "..")


def configuration(argv, text):
    """(sysctls, netlink requests) when the command `argv` with stdin `text` is a script
    or batch this module runs (the caller enters `ip -n NS`'s namespace), else None."""
    if argv == ["sh", "-s"]:
        script = parse_script(text)
        if script is None:
            return None
        sysctls, lines = script
    elif argv == ["ip", "-batch", "-"] or (
        len(argv) == 5 and argv[:2] == ["ip", "-n"] and argv[3:] == ["-batch", "-"] and plain_name(argv[2])
    ):
        sysctls, lines = [], text.split("\n")
    else:
        return None
    requests = parse_batch(lines)
    return None if requests is None else (sysctls, requests)


# --- ip -batch ----------------------------------------------------------------------


def parse_batch(lines):
    """The netlink requests of an `ip -batch` body, one per line; None if a line is not understood."""
    requests = []
    for line in lines:
        if line.strip() == "":
            requests.append(None)  # ip skips blank lines
            continue
        request = parse_line(line.split())
        if request is None:
            return None
        requests.append(request)
    return requests


def pairs(words):
    """`key value` words as a dict; None when odd or repeated."""
    if len(words) % 2 != 0:
        return None
    found = {}
    for key, value in zip(words[0::2], words[1::2]):
        if key in found:
            return None
        found[key] = value
    return found


def parse_line(words):
    """One request as (kind, fields), or None for a line this module leaves to `ip`."""
    try:
        if words[:2] == ["link", "del"] and len(words) == 3:
            return ("del", {"dev": words[2]})
        if words[:2] == ["link", "add"] and "peer" in words:
            return parse_veth(words)
        if words[:2] == ["link", "set"] and len(words) >= 4:
            rest = words[3:]
            up = rest[-1] == "up"
            options = pairs(rest[:-1] if up else rest)
            if options is None or set(options) - {"address"} or (not up and not options):
                return None
            mac = parse_mac(options["address"]) if "address" in options else None
            return ("link", {"dev": words[2], "up": up, "mac": mac})
        if words[:2] == ["addr", "add"] and len(words) == 5 and words[3] == "dev":
            interface = ipaddress.IPv4Interface(words[2])
            return ("addr", {"dev": words[4], "addr": interface.ip.packed, "prefix": interface.network.prefixlen})
        if words[0] == "route" and len(words) >= 3 and words[1] in ("add", "replace", "del"):
            options = pairs(words[3:])
            if options is None or "dev" not in options or set(options) - {"dev", "via", "scope"}:
                return None
            if options.get("scope", "link") != "link":
                return None
            if words[2] == "default":
                dst, prefix = None, 0
            else:
                network = ipaddress.IPv4Network(words[2])
                dst, prefix = network.network_address.packed, network.prefixlen
            via = ipaddress.IPv4Address(options["via"]).packed if "via" in options else None
            return (
                "route",
                {
                    "op": words[1],
                    "dst": dst,
                    "prefix": prefix,
                    "dev": options["dev"],
                    "via": via,
                    "scope_link": "scope" in options,
                },
            )
        if words[:2] == ["neigh", "replace"] and len(words) == 9:
            options = pairs(words[3:])
            if options is None or set(options) != {"lladdr", "dev", "nud"} or options["nud"] != "permanent":
                return None
            return (
                "neigh",
                {"dst": ipaddress.IPv4Address(words[2]).packed, "mac": parse_mac(options["lladdr"]), "dev": options["dev"]},
            )
    except ValueError:
        return None  # let ip word the error
    return None


def parse_veth(words):
    """`link add DEV [address MAC] type veth peer name PEER [address MAC] [netns NS]`."""
    at = words.index("peer")
    mine, theirs = pairs(words[3:at]), pairs(words[at + 1 :])
    if mine is None or theirs is None or mine.get("type") != "veth" or set(mine) - {"type", "address"}:
        return None
    if "name" not in theirs or set(theirs) - {"name", "address", "netns"}:
        return None
    for name in (words[2], theirs["name"]):
        if not 0 < len(name) < 16 or "/" in name:
            return None  # ip's own complaint
    netns = theirs.get("netns")
    if netns is not None and "/" in netns:
        return None
    return (
        "veth",
        {
            "name": words[2],
            "mac": parse_mac(mine["address"]) if "address" in mine else None,
            "peer": theirs["name"],
            "peer_mac": parse_mac(theirs["address"]) if "address" in theirs else None,
            "netns": netns,
        },
    )


def parse_mac(text):
    parts = text.split(":")
    if len(parts) != 6 or any(len(p) != 2 for p in parts):
        raise ValueError(text)
    return bytes(int(p, 16) for p in parts)


def attribute(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


class DeviceMissing(Exception):
    pass


class NamespaceMissing(Exception):
    pass


def index_of(name):
    try:
        return socket.if_nametoindex(name)
    except OSError:
        raise DeviceMissing(name) from None


def link_attributes(name, mac):
    found = attribute(IFLA_IFNAME, name.encode() + b"\0")
    return found + (attribute(IFLA_ADDRESS, mac) if mac is not None else b"")


def message(kind, fields, netns_fds):
    """(netlink type, flags, body) of one parsed line; namespace files it opens go to `netns_fds`."""
    if kind == "veth":
        peer = IFINFOMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
        peer += link_attributes(fields["peer"], fields["peer_mac"])
        if fields["netns"] is not None:
            path = f"/run/netns/{fields['netns']}"
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                raise NamespaceMissing(fields["netns"]) from None
            netns_fds.append(fd)
            peer += attribute(IFLA_NET_NS_FD, struct.pack("=I", fd))
        info = attribute(IFLA_INFO_KIND, b"veth") + attribute(IFLA_INFO_DATA, attribute(VETH_INFO_PEER, peer))
        body = IFINFOMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
        body += link_attributes(fields["name"], fields["mac"]) + attribute(IFLA_LINKINFO, info)
        return RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, body
    index = index_of(fields["dev"])
    if kind == "del":
        return RTM_DELLINK, 0, IFINFOMSG.pack(socket.AF_UNSPEC, 0, index, 0, 0)
    if kind == "link":
        up = IFF_UP if fields["up"] else 0
        body = IFINFOMSG.pack(socket.AF_UNSPEC, 0, index, up, up)
        if fields["mac"] is not None:
            body += attribute(IFLA_ADDRESS, fields["mac"])
        return RTM_NEWLINK, 0, body
    if kind == "addr":
        body = IFADDRMSG.pack(socket.AF_INET, fields["prefix"], 0, RT_SCOPE_UNIVERSE, index)
        body += attribute(IFA_LOCAL, fields["addr"]) + attribute(IFA_ADDRESS, fields["addr"])
        return RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, body
    if kind == "route":
        op = fields["op"]
        if op == "del":
            scope = RT_SCOPE_LINK if fields["scope_link"] else RT_SCOPE_NOWHERE
            header = (fields["prefix"], 0, 0, RT_TABLE_MAIN, 0, scope, 0, 0)
            kind_, flags = RTM_DELROUTE, 0
        else:
            # iproute2: a route with neither gateway nor explicit scope is scope link.
            link = fields["scope_link"] or fields["via"] is None
            scope = RT_SCOPE_LINK if link else RT_SCOPE_UNIVERSE
            header = (fields["prefix"], 0, 0, RT_TABLE_MAIN, RTPROT_BOOT, scope, RTN_UNICAST, 0)
            kind_ = RTM_NEWROUTE
            flags = NLM_F_CREATE | (NLM_F_EXCL if op == "add" else NLM_F_REPLACE)
        body = RTMSG.pack(socket.AF_INET, *header)
        if fields["dst"] is not None:
            body += attribute(RTA_DST, fields["dst"])
        if fields["via"] is not None:
            body += attribute(RTA_GATEWAY, fields["via"])
        body += attribute(RTA_OIF, struct.pack("=i", index))
        return kind_, flags, body
    body = NDMSG.pack(socket.AF_INET, index, NUD_PERMANENT, 0, 0)
    body += attribute(NDA_DST, fields["dst"]) + attribute(NDA_LLADDR, fields["mac"])
    return RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, body


def acknowledge(sock, seq):
    """Reads the answer to request `seq`: (0 or a positive errno, the kernel's message or None)."""
    while True:
        data = sock.recv(1 << 16)
        offset = 0
        while offset + 16 <= len(data):
            length, kind, flags, reply_seq, _pid = NLMSG_HEADER.unpack_from(data, offset)
            if kind == NLMSG_ERROR and reply_seq == seq:
                error = -struct.unpack_from("=i", data, offset + 16)[0]
                return error, extended_message(data[offset : offset + length], flags)
            offset += (length + 3) & ~3


def extended_message(answer, flags):
    """The text of an error answer's extended acknowledgement (NLMSGERR_ATTR_MSG), or None."""
    if not flags & NLM_F_ACK_TLVS:
        return None
    # After our header and the error code: the request's header, whole unless capped.
    request_length = NLMSG_HEADER.unpack_from(answer, 20)[0]
    offset = 20 + (16 if flags & NLM_F_CAPPED else (request_length + 3) & ~3)
    while offset + 4 <= len(answer):
        length, kind = struct.unpack_from("=HH", answer, offset)
        if length < 4:
            break
        if kind == NLMSGERR_ATTR_MSG:
            return answer[offset + 4 : offset + length].split(b"\0")[0].decode(errors="replace")
        offset += (length + 3) & ~3
    return None


def failure_text(error, kernel_message):
    """How iproute2 words a failed request: the kernel's own message when it gave one."""
    if kernel_message:
        return f"Error: {kernel_message}{'' if kernel_message.endswith('.') else '.'}"
    return f"RTNETLINK answers: {os.strerror(error)}"


def run_batch(requests):
    """Sends each request in this thread's namespace; (exit code, stderr) as `ip -batch -` ends."""
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE) as sock:
        sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)  # the kernel's reasons, as ip asks
        for number, request in enumerate(requests, start=1):
            if request is None:
                continue
            netns_fds = []
            try:
                kind, flags, body = message(*request, netns_fds)
                header = NLMSG_HEADER.pack(16 + len(body), kind, NLM_F_REQUEST | NLM_F_ACK | flags, number, 0)
                sock.send(header + body)
                error, kernel_message = acknowledge(sock, number)
            except DeviceMissing as missing:
                return 1, f'Cannot find device "{missing}"\nCommand failed -:{number}\n'
            except NamespaceMissing as missing:
                # ip gives up on the whole batch while parsing such a line.
                return 255, f'Error: argument "{missing}" is wrong: Invalid "netns" value\n\n'
            finally:
                for fd in netns_fds:
                    os.close(fd)
            if error != 0:
                return 1, f"{failure_text(error, kernel_message)}\nCommand failed -:{number}\n"
    return 0, ""


# --- ip neigh flush all -------------------------------------------------------------


def flushable_neighbours(sock, seq):
    """The RTM_NEWNEIGH messages of a dump whose entry `ip neigh flush all` deletes."""
    request = NDMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
    sock.send(NLMSG_HEADER.pack(16 + len(request), RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq, 0) + request)
    found = []
    while True:
        data = sock.recv(1 << 16)
        offset = 0
        while offset + 16 <= len(data):
            length, kind, _flags, reply_seq, _pid = NLMSG_HEADER.unpack_from(data, offset)
            if reply_seq != seq:
                pass  # an answer to a deletion (the entry may be gone already): ignored
            elif kind == NLMSG_DONE:
                return found
            elif kind == NLMSG_ERROR:
                raise OSError(-struct.unpack_from("=i", data, offset + 16)[0], "neighbour dump failed")
            elif kind == RTM_NEWNEIGH:
                state = NDMSG.unpack_from(data, offset + 16)[2]
                if not state & (NUD_PERMANENT | NUD_NOARP):
                    found.append(bytearray(data[offset : offset + length]))
            offset += (length + 3) & ~3


def flush_neighbours():
    """`ip neigh flush all` in this thread's namespace; (exit code, stderr)."""
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE) as sock:
        for seq in range(1, FLUSH_ROUNDS + 1):
            entries = flushable_neighbours(sock, seq)
            if not entries:
                return 0, ""
            for message in entries:
                # The entry itself, sent back as a deletion (what iproute2 does).
                NLMSG_HEADER.pack_into(message, 0, len(message), RTM_DELNEIGH, NLM_F_REQUEST, 0, 0)
                sock.send(bytes(message))
    return 1, f"*** Flush not complete bailing out after {FLUSH_ROUNDS} rounds\n"
