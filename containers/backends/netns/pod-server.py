"""netconform's pod-local DHCP/DNS server: one per L2 segment of bridged plumbing, in
its own namespace (docs/backends.md, "The pod-local DHCP/DNS server"). Standard library
only, run by Debian's /usr/bin/python3 as `python3 -I -S -c SOURCE CONFIG_JSON`.

- DHCP (udp 67): a DISCOVER from a MAC with a static lease is answered by an OFFER of
  that lease, sent unicast to the client's MAC and offered address from a packet
  socket (the client has no address yet, so no ARP). The request's server-name field
  comes back in the offer behind the frame marker, so a probe can find its token.
  Unknown MACs get nothing.
- DNS (udp and tcp 53): an A query for the fixed name or any name below it is answered
  with the server's own address; anything else gets no answer, so an answer always
  means the server answered.

Prints {"ready": true} once every socket is bound; runs until killed.
"""
import json
import select
import socket
import struct
import sys

CONFIG = json.loads(sys.argv[1])
IP = CONFIG["ip"]
MAC = bytes.fromhex(CONFIG["mac"].replace(":", ""))
MARKER = CONFIG["marker"].encode()
ZONE = [label.encode().lower() for label in CONFIG["name"].split(".")]
LEASES = {bytes.fromhex(l["mac"].replace(":", "")): l["ip"] for l in CONFIG["leases"]}
MASK = (0xFFFFFFFF << (32 - CONFIG["prefixLength"])) & 0xFFFFFFFF
LEASE_SECONDS = 3600
COOKIE = b"\x63\x82\x53\x63"


def checksum(header):
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_udp(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    head = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp) + len(payload), 0, 0x4000, 64, 17, 0,
        socket.inet_aton(src), socket.inet_aton(dst),
    )
    head = head[:10] + struct.pack("!H", checksum(head)) + head[12:]
    return head + udp + payload


def offer(request):
    """The OFFER for a DISCOVER, or None (not a discover, or no lease for its MAC)."""
    if len(request) < 240 or request[0] != 1 or request[236:240] != COOKIE:
        return None
    chaddr = request[28:34]
    lease = LEASES.get(chaddr)
    if lease is None or not is_discover(request[240:]):
        return None
    token = request[44:108].split(b"\0")[0]
    reply = bytearray(236)
    reply[0:4] = b"\x02\x01\x06\x00"
    reply[4:8] = request[4:8]  # xid
    reply[16:20] = socket.inet_aton(lease)  # yiaddr
    reply[20:24] = socket.inet_aton(IP)  # siaddr
    reply[28:34] = chaddr
    sname = MARKER + token
    reply[44:44 + min(len(sname), 63)] = sname[:63]
    server = socket.inet_aton(IP)
    options = (
        COOKIE
        + bytes([53, 1, 2, 54, 4]) + server
        + bytes([51, 4]) + struct.pack("!I", LEASE_SECONDS)
        + bytes([1, 4]) + struct.pack("!I", MASK)
        + bytes([3, 4]) + socket.inet_aton(CONFIG["gateway"])
        + bytes([6, 4]) + server
        + bytes([255])
    )
    return chaddr, lease, bytes(reply) + options


def is_discover(options):
    i = 0
    while i < len(options) and options[i] != 255:
        if options[i] == 0:
            i += 1
            continue
        if i + 1 >= len(options):
            return False
        code, size = options[i], options[i + 1]
        if code == 53 and size == 1 and i + 2 < len(options):
            return options[i + 2] == 1
        i += 2 + size
    return False


def dns_answer(query):
    """The answer to a DNS query, or None when it is not an A/IN query in the zone."""
    if len(query) < 17:
        return None
    qid, flags, qdcount = struct.unpack("!HHH", query[:6])
    if flags & 0x8000 or qdcount != 1:
        return None
    labels, at = [], 12
    while at < len(query) and query[at] != 0:
        size = query[at]
        if size > 63:
            return None
        labels.append(query[at + 1:at + 1 + size])
        at += 1 + size
    at += 1
    if at + 4 > len(query):
        return None
    qtype, qclass = struct.unpack("!HH", query[at:at + 4])
    lowered = [label.lower() for label in labels]
    if qtype != 1 or qclass != 1 or lowered[-len(ZONE):] != ZONE:
        return None
    question = query[12:at + 4]
    header = struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100), 1, 1, 0, 0)
    answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(IP)
    return header + question + answer


def main():
    dhcp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dhcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    dhcp.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    dhcp.bind(("0.0.0.0", 67))
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    raw.bind(("eth0", 0))
    udp53 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp53.bind((IP, 53))
    tcp53 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp53.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp53.bind((IP, 53))
    tcp53.listen(16)
    print(json.dumps({"ready": True}), flush=True)
    while True:
        ready, _, _ = select.select([dhcp, udp53, tcp53], [], [])
        if dhcp in ready:
            request, _ = dhcp.recvfrom(2048)
            answer = offer(request)
            if answer is not None:
                chaddr, lease, payload = answer
                packet = ipv4_udp(IP, lease, 67, 68, payload)
                raw.send(chaddr + MAC + b"\x08\x00" + packet)
        if udp53 in ready:
            query, peer = udp53.recvfrom(2048)
            reply = dns_answer(query)
            if reply is not None:
                udp53.sendto(reply, peer)
        if tcp53 in ready:
            serve_tcp(tcp53)


def serve_tcp(listener):
    """One DNS query over TCP (length-prefixed), answered, then the connection closed."""
    conn, _ = listener.accept()
    conn.settimeout(1)
    try:
        data = b""
        while len(data) < 2 or len(data) < 2 + struct.unpack("!H", data[:2])[0]:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        reply = dns_answer(data[2:2 + struct.unpack("!H", data[:2])[0]])
        if reply is not None:
            conn.sendall(struct.pack("!H", len(reply)) + reply)
    except OSError:
        pass
    finally:
        conn.close()


main()
