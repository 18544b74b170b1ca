"""The probe agent in Python: a drop-in for agent.ts, started as
`ip netns exec NS /usr/bin/python3 -I -S agent.py` (standard library only, 3.11).

It speaks the JSON lines of protocol.ts on stdio with the same behaviour as the Node
agent: flows kept under their key, every token received reported with the peer address
its socket saw, answers after `timeoutMs` and `late` reports until `lingerMs`. It starts
in ~65 ms instead of ~200 ms and does ICMP, spoofing and raw frames itself (raw
sockets), where the Node agent spawns ping, nft and python helpers. Exits when stdin
closes, so it never outlives its controller.

With `--hub` (agent-hub.ts) one process serves every endpoint of a dataplane: started in
the harness's own namespace, it opens each endpoint's namespace once (`attach`) and
creates that endpoint's sockets inside it (setns(2) before, and back after, every
command and event of the endpoint), so each endpoint keeps its own listeners, flows and
raw sockets exactly as a process of its own would; commands and events carry the
endpoint's name (`ep`). Why: a process per endpoint cost ~0.1 core-s to start, several
times per scenario.
"""

import errno
import heapq
import json
import os
import re
import selectors
import socket
import struct
import sys
import time

FRAME_MARKER = b"NCL2:"  # frames.ts FRAME_MARKER
IFACE = "eth0"
TOKEN = re.compile(r"^([A-Za-z0-9_-]+)\.\d+$")
HEX = re.compile(r"^([0-9a-f]{2})+$")
SOL_PACKET, PACKET_ADD_MEMBERSHIP, PACKET_OUTGOING = 263, 1, 4

CLONE_NEWNET = 0x40000000

sel = selectors.DefaultSelector()
timers = []  # heap of (when, seq, Timer)
seq = 0


class Endpoint:
    """
    One endpoint's listeners, flows and raw sockets. A plain agent has only `home` (its
    process's namespace); a hub has one per attached endpoint, with the descriptor of the
    namespace its sockets are made in.
    """

    def __init__(self, name=None, netns=None):
        self.name, self.netns = name, netns
        self.tcp_listeners = {}
        self.udp_listeners = {}
        self.clients = {}  # key -> ("tcp", Stream) | ("udp", socket, dst, port)
        self.accepted = {}
        self.all_accepted = set()
        self.udp_peers = {}  # key -> (address, port, via)
        self.lingering = {}  # key -> Connect answered "timed out" that may still complete
        self.closed_while_lingering = set()
        # ICMP: one raw socket sees echo requests (reported once `listen icmp` asked),
        # echo replies of our pings and the errors quoting them.
        self.icmp_sock = None
        self.watching_echoes = False
        self.pings = {}  # identifier -> Ping
        # Raw frames on eth0 (see agent-l2.ts): a packet socket, bound once.
        self.frames_sock = None
        self.frames_mac = None
        self.frames_promisc = False


home = Endpoint()
ep = home  # the endpoint whose command, socket event or timer is being handled
endpoints = {}  # a hub's attached endpoints by name
home_netns = None  # a hub's own namespace (descriptor), returned to after each use
libc = None  # ctypes' handle on the C library, loaded by a hub


class Failure(Exception):
    """A command failure with an errno-like code the controller classifies."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def os_failure(e):
    code = errno.errorcode.get(e.errno, "EIO") if e.errno else "EIO"
    return Failure(code, str(e.strerror or e))


class Timer:
    def __init__(self, ms, fn):
        global seq
        self.fn, self.cancelled, self.owner = fn, False, ep
        seq += 1
        heapq.heappush(timers, (time.monotonic() + ms / 1000, seq, self))

    def cancel(self):
        self.cancelled = True


def emit(m):
    if ep.name is not None and "event" in m:
        m = dict(m, ep=ep.name)
    os.write(1, (json.dumps(m, separators=(",", ":")) + "\n").encode())


def recv(proto, token, frm, port):
    emit({"event": "recv", "proto": proto, "token": token, "from": frm or "", "fromPort": port or 0})


def flow_key(token):
    m = TOKEN.match(token)
    return m.group(1) if m else None


def watch(sock, on_read, events=selectors.EVENT_READ):
    # The socket's events are handled as its endpoint's (see `guarded`).
    handler = (ep, on_read)
    try:
        sel.modify(sock, events, handler)
    except KeyError:
        sel.register(sock, events, handler)


def drop(sock):
    try:
        sel.unregister(sock)
    except (KeyError, ValueError):
        pass
    sock.close()


class Stream:
    """A TCP socket split into newline-terminated tokens."""

    def __init__(self, sock, on_token, on_close=None):
        self.sock, self.on_token, self.on_close = sock, on_token, on_close
        self.buffer, self.closed = b"", False
        try:
            self.peer = sock.getpeername()
        except OSError:
            self.peer = ("", 0)
        watch(sock, self.read)

    def read(self, _mask):
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            return self.destroy()
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line:
                self.on_token(line.decode("utf8", "replace"))

    def write(self, text):
        # Like a write to a destroyed Node socket: silently nothing.
        if not self.closed:
            try:
                self.sock.send(text.encode())
            except OSError:
                pass

    def destroy(self):
        if self.closed:
            return
        self.closed = True
        drop(self.sock)
        if self.on_close:
            self.on_close(self)


def listen_tcp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setblocking(False)
    try:
        s.bind(("0.0.0.0", port))
        s.listen(511)
    except OSError as e:
        s.close()
        raise os_failure(e)

    def accept(_mask):
        try:
            conn, _ = s.accept()
        except OSError:
            return
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def token(t):
            key = flow_key(t)
            if key:
                ep.accepted[key] = stream
            recv("tcp", t, *stream.peer)

        stream = Stream(conn, token, ep.all_accepted.discard)
        ep.all_accepted.add(stream)

    watch(s, accept)
    ep.tcp_listeners[port] = s


def bind_udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    try:
        s.bind(("0.0.0.0", 0))
    except OSError as e:
        s.close()
        raise os_failure(e)
    return s


def on_datagrams(s, seen):
    def read(_mask):
        try:
            data, addr = s.recvfrom(65535)
        except OSError:
            return
        seen(data.decode("utf8", "replace"), addr)

    watch(s, read)


def send_udp(s, token, port, dst):
    try:
        s.sendto(token.encode(), (dst, port))
    except OSError as e:
        raise os_failure(e)


def listen_udp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    try:
        s.bind(("0.0.0.0", port))
    except OSError as e:
        s.close()
        raise os_failure(e)

    def seen(token, addr):
        key = flow_key(token)
        if key:
            ep.udp_peers[key] = (addr[0], addr[1], s)
        recv("udp", token, addr[0], addr[1])

    on_datagrams(s, seen)
    ep.udp_listeners[port] = s


# ICMP: one raw socket sees echo requests (reported once `listen icmp` asked), echo
# replies of our pings and the errors quoting them (per endpoint: Endpoint.icmp_sock).


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def icmp():
    if ep.icmp_sock is None:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        s.setblocking(False)
        watch(s, icmp_read)
        ep.icmp_sock = s
    return ep.icmp_sock


def icmp_read(_mask):
    try:
        data, (source, _) = ep.icmp_sock.recvfrom(65535)
    except OSError:
        return
    h = (data[0] & 15) * 4
    if len(data) < h + 8:
        return
    kind, ident = data[h], int.from_bytes(data[h + 4 : h + 6], "big")
    if kind == 8 and ep.watching_echoes:
        recv("icmp", "echo-%d" % ident, source, 0)
    elif kind == 0 and ident in ep.pings:
        ep.pings[ident].reply(True)
    elif kind in (3, 11, 12):
        # An error quoting one of our echo requests: `ping -c 1` gives up at once (not
        # on a redirect or a source quench, which ping does not count as errors).
        inner = data[h + 8 :]
        if len(inner) >= 20 and inner[9] == 1:
            ih = (inner[0] & 15) * 4
            if len(inner) >= ih + 6 and inner[ih] == 8:
                p = ep.pings.get(int.from_bytes(inner[ih + 4 : ih + 6], "big"))
                if p:
                    p.reply(False)


class Ping:
    """One echo request; answers within timeoutMs, reports a reply until lingerMs as late."""

    def __init__(self, dst, ident, timeout_ms, linger_ms, answer):
        self.ident, self.answer, self.answered = ident, answer, False
        old = ep.pings.pop(ident, None)
        if old:
            old.kill()
        payload = struct.pack("!d", time.time()) + bytes(range(48))
        header = struct.pack("!BBHHH", 8, 0, 0, ident, 1)
        packet = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, 1) + payload
        try:
            icmp().sendto(packet, (dst, 0))
        except OSError as e:
            if e.errno in (errno.ENETUNREACH, errno.EINVAL, errno.EAFNOSUPPORT):
                # `ping` cannot even pick a source address then and exits 2.
                raise Failure("EPING", "ping exited 2: %s" % e.strerror)
            # `ping` reports a refused send and counts the echo as lost.
            self.answered = True
            answer({"ok": True, "delivered": False})
            return
        ep.pings[ident] = self
        self.timer = Timer(timeout_ms, self.time_out)
        self.linger = Timer(max(max(linger_ms, timeout_ms), 10), self.finish)

    def time_out(self):
        if not self.answered:
            self.answered = True
            self.answer({"ok": True, "delivered": False})

    def reply(self, delivered):
        if not self.answered:
            self.answered = True
            self.timer.cancel()
            self.answer({"ok": True, "delivered": delivered})
        elif delivered:
            emit({"event": "late", "token": "echo-%d" % self.ident})
        self.finish()

    def finish(self):
        self.linger.cancel()
        if ep.pings.get(self.ident) is self:
            del ep.pings[self.ident]

    def kill(self):
        # A killed `ping` exits on a signal: an unanswered one is a failure.
        self.timer.cancel()
        self.finish()
        if not self.answered:
            self.answered = True
            self.answer(Failure("EPING", "ping exited null: superseded by a ping with its identifier"))


# Raw frames on eth0 (see agent-l2.ts): a packet socket, bound once.


def frames():
    if ep.frames_sock is None:
        try:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
            s.bind((IFACE, 0))
        except OSError as e:
            raise Failure("EFRAMES", "the raw-frame socket failed: %s" % e)
        s.setblocking(False)
        ep.frames_mac = s.getsockname()[4].hex(":")
        watch(s, frames_read)
        ep.frames_sock = s
    return ep.frames_sock


def frames_read(_mask):
    try:
        frame, addr = ep.frames_sock.recvfrom(65535)
    except OSError:
        return
    at = frame.find(FRAME_MARKER)
    if addr[2] == PACKET_OUTGOING or at < 0:
        return
    # A token ends at the first byte no token has (a NUL, a DNS label length).
    raw = frame[at + len(FRAME_MARKER) : at + len(FRAME_MARKER) + 40]
    end = next(
        (i for i, c in enumerate(raw) if c > 127 or not (chr(c).isalnum() or chr(c) in "._-")),
        len(raw),
    )
    token = raw[:end].decode()
    recv("frames", token, frame[6:12].hex(":"), 0)


def watch_frames(promisc):
    s = frames()
    if promisc and not ep.frames_promisc:
        mreq = struct.pack("iHH8s", socket.if_nametoindex(IFACE), 1, 0, b"")
        s.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq)
        ep.frames_promisc = True
    return ep.frames_mac


def send_frame(hexdata):
    if not HEX.match(hexdata):
        raise Failure("EFRAME", "a frame is hex bytes")
    try:
        sent = frames().send(bytes.fromhex(hexdata))
    except OSError as e:
        raise Failure("EFRAME", "sending the frame failed: %s" % e)
    if sent * 2 != len(hexdata):
        raise Failure("EFRAME", "sent %d of %d bytes" % (sent, len(hexdata) // 2))


class Connect:
    """
    TCP connect then write `token`. Answers ETIMEDOUT after timeoutMs but keeps
    connecting until lingerMs: a late connection still writes its token and becomes the
    flow's socket, or ends at once when the flow was closed meanwhile.
    """

    def __init__(self, key, dst, port, token, timeout_ms, linger_ms, answer):
        self.key, self.dst, self.port, self.token = key, dst, port, token
        self.timeout_ms, self.answer = timeout_ms, answer
        self.answered, self.connecting, self.destroyed = False, True, False
        s = self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timer = Timer(timeout_ms, self.on_timer)
        # Never gives up before the answer was given (both may be due at once).
        self.linger = Timer(max(linger_ms, timeout_ms), self.on_linger)
        code = s.connect_ex((dst, port))
        if code in (0, errno.EINPROGRESS):
            watch(s, self.on_writable, selectors.EVENT_WRITE)
        else:
            self.on_error(code)

    def stop_lingering(self):
        self.linger.cancel()
        if ep.lingering.get(self.key) is self:
            del ep.lingering[self.key]
        ep.closed_while_lingering.discard(self.key)

    def time_out(self):
        if self.answered:
            return
        self.answered = True
        ep.lingering[self.key] = self
        self.answer(
            Failure("ETIMEDOUT", "no connection to %s:%d within %d ms" % (self.dst, self.port, self.timeout_ms))
        )

    def on_timer(self):
        if self.connecting or self.destroyed:
            self.time_out()

    def on_linger(self):
        if not (self.connecting or self.destroyed):
            return
        self.time_out()
        self.stop_lingering()
        self.destroy()

    def destroy(self):
        if not self.destroyed:
            self.destroyed, self.connecting = True, False
            drop(self.sock)

    def on_error(self, code):
        self.timer.cancel()
        self.stop_lingering()
        self.destroy()
        if not self.answered:
            self.answered = True
            name = errno.errorcode.get(code, "EIO")
            self.answer(Failure(name, "connect %s %s:%d" % (name, self.dst, self.port)))

    def on_writable(self, _mask):
        code = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            return self.on_error(code)
        self.timer.cancel()
        closed = self.key in ep.closed_while_lingering
        self.stop_lingering()
        self.connecting = False
        if self.answered and closed:
            try:
                self.sock.send((self.token + "\n").encode())
            except OSError:
                pass
            drop(self.sock)
            self.destroyed = True
            return
        stream = Stream(self.sock, lambda t: recv("tcp", t, *stream.peer))
        ep.clients[self.key] = ("tcp", stream)
        stream.write(self.token + "\n")
        if not self.answered:
            self.answered = True
            address, port = self.sock.getsockname()
            self.answer({"ok": True, "local": {"address": address, "port": port}})


def open_udp(key, dst, port, token):
    s = bind_udp()
    on_datagrams(s, lambda t, addr: recv("udp", t, addr[0], addr[1]))
    ep.clients[key] = ("udp", s, dst, port)
    send_udp(s, token, port, dst)
    return {"ok": True, "local": {"address": "0.0.0.0", "port": s.getsockname()[1]}}


def close_flow(key):
    if key in ep.lingering:
        ep.closed_while_lingering.add(key)
    client = ep.clients.pop(key, None)
    if client and client[0] == "tcp":
        client[1].destroy()
    elif client:
        drop(client[1])
    stream = ep.accepted.pop(key, None)
    if stream:
        stream.destroy()
    ep.udp_peers.pop(key, None)


class Refusal:
    """
    Sends `token` to dst:port from a connected UDP socket and waits up to timeoutMs for
    ECONNREFUSED (the ICMP port-unreachable came back); keeps the socket until lingerMs,
    reporting a later refusal as `late`.
    """

    def __init__(self, dst, port, token, timeout_ms, linger_ms, answer):
        self.token, self.answer, self.answered = token, answer, False
        s = self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setblocking(False)
        self.timer = Timer(timeout_ms, lambda: self.answered or self.give(False))
        self.linger = Timer(max(linger_ms, timeout_ms), self.close)
        self.closed = False
        try:
            s.connect((dst, port))
            s.send(token.encode())
        except OSError as e:
            return self.error(e)
        watch(s, self.read)

    def give(self, refused, failure=None):
        self.answered = True
        self.timer.cancel()
        self.answer(failure or {"ok": True, "delivered": refused})

    def close(self):
        if not self.closed:
            self.closed = True
            self.timer.cancel()
            self.linger.cancel()
            drop(self.sock)

    def read(self, _mask):
        try:
            self.sock.recv(65535)
        except BlockingIOError:
            pass
        except OSError as e:
            self.error(e)

    def error(self, e):
        self.close()
        if self.answered:
            if e.errno == errno.ECONNREFUSED:
                emit({"event": "late", "token": self.token})
        elif e.errno == errno.ECONNREFUSED:
            self.give(True)
        else:
            self.give(False, os_failure(e))


def spoof(src, dst, port, token):
    """
    A UDP datagram whose source address is `src`, built whole on a raw socket (the
    kernel only fills the IP checksum and id). The source port is a bound socket's, kept
    until sent so no other socket of this namespace uses it meanwhile.
    """
    holder = bind_udp()
    try:
        sport = holder.getsockname()[1]
        payload = token.encode()
        length = 8 + len(payload)
        s_ip, d_ip = socket.inet_aton(src), socket.inet_aton(dst)
        pseudo = s_ip + d_ip + struct.pack("!BBH", 0, 17, length)
        udp = struct.pack("!HHHH", sport, port, length, 0) + payload
        sum_ = checksum(pseudo + udp) or 0xFFFF
        udp = struct.pack("!HHHH", sport, port, length, sum_) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + length, 0, 0, 64, 17, 0, s_ip, d_ip)
        raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        try:
            raw.sendto(ip + udp, (dst, 0))
        finally:
            raw.close()
    except OSError as e:
        raise Failure("ESPOOF", "sending from %s: %s" % (src, e))
    finally:
        holder.close()


def run(c, answer):
    op = c["op"]
    if op == "listen":
        proto, port = c["proto"], c["port"]
        if proto == "frames":
            return {"ok": True, "mac": watch_frames(port == 1)}
        if proto == "icmp":
            try:
                icmp()
            except OSError as e:
                raise Failure("EWATCH", "the ICMP watcher failed: %s" % e)
            ep.watching_echoes = True
        elif proto == "tcp" and port not in ep.tcp_listeners:
            listen_tcp(port)
        elif proto == "udp" and port not in ep.udp_listeners:
            listen_udp(port)
        return {"ok": True}
    if op == "frame":
        send_frame(c["hex"])
        return {"ok": True}
    if op == "open":
        close_flow(c["key"])
        if c["proto"] == "tcp":
            Connect(c["key"], c["dst"], c["port"], c["token"], c["timeoutMs"], c["lingerMs"], answer)
            return None
        return open_udp(c["key"], c["dst"], c["port"], c["token"])
    if op == "send":
        client = ep.clients.get(c["key"])
        if not client:
            raise Failure("ENOFLOW", "no client flow %s here" % c["key"])
        if client[0] == "tcp":
            client[1].write(c["token"] + "\n")
        else:
            send_udp(client[1], c["token"], client[3], client[2])
        return {"ok": True}
    if op == "reply":
        if c["proto"] == "tcp":
            stream = ep.accepted.get(c["key"])
            if not stream:
                raise Failure("ENOFLOW", "no ep.accepted connection of flow %s" % c["key"])
            stream.write(c["token"] + "\n")
            return {"ok": True}
        listener = ep.udp_listeners.get(c["port"])
        peer = ep.udp_peers.get(c["key"])
        fallback = c.get("fallback")
        if not peer and fallback and listener:
            peer = (fallback["address"], fallback["port"], listener)
        if not peer:
            raise Failure("ENOFLOW", "no datagram of flow %s and no listener on %s" % (c["key"], c["port"]))
        send_udp(peer[2], c["token"], peer[1], peer[0])
        return {"ok": True}
    if op == "ping":
        Ping(c["dst"], c["identifier"], c["timeoutMs"], c["lingerMs"], answer)
        return None
    if op == "close-port":
        s = ep.udp_listeners.pop(c["port"], None)
        if s:
            drop(s)
        # Lifts this namespace's per-destination ICMP error rate limit (a sysctl of a
        # namespace the run created), so every datagram to a closed port is answered.
        with open("/proc/sys/net/ipv4/icmp_ratelimit", "w") as f:
            f.write("0")
        return {"ok": True}
    if op == "unreachable":
        Refusal(c["dst"], c["port"], c["token"], c["timeoutMs"], c["lingerMs"], answer)
        return None
    if op == "spoof":
        spoof(c["src"], c["dst"], c["port"], c["token"])
        return {"ok": True}
    if op == "close":
        close_flow(c["key"])
        return {"ok": True}
    if op == "close-all":
        for key in set(ep.clients) | set(ep.accepted) | set(ep.udp_peers):
            close_flow(key)
        for stream in list(ep.all_accepted):
            stream.destroy()
        for connect in list(ep.lingering.values()):
            connect.destroy()
        ep.lingering.clear()
        ep.closed_while_lingering.clear()
        return {"ok": True}
    raise Failure("EAGENT", "unknown op %r" % op)


def setns(fd):
    """Moves this (single-threaded) process into the network namespace `fd` refers to."""
    global libc
    if libc is None:
        import ctypes  # only a hub needs it (os.setns is Python 3.12+)

        libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        code = __import__("ctypes").get_errno()
        raise OSError(code, os.strerror(code))


def enter(owner):
    if owner.netns is not None:
        setns(owner.netns)


def leave(owner):
    if owner.netns is None:
        return
    try:
        setns(home_netns)
    except OSError as e:
        # Never go on inside an endpoint: later sockets would be made in the wrong place.
        emit({"event": "error", "message": "returning from %s's namespace failed: %s" % (owner.name, e)})
        os._exit(70)


def detach(name):
    """Closes every socket and timer of hub endpoint `name` and releases its namespace."""
    e = endpoints.pop(name, None)
    if e is None:
        return
    for key in list(sel.get_map().values()):
        if key.data[0] is e:
            sel.unregister(key.fileobj)
            key.fileobj.close()
    for _, _, timer in timers:
        if timer.owner is e:
            timer.cancel()
    os.close(e.netns)


def attach(name, path):
    if not isinstance(name, str) or not name or not isinstance(path, str) or not path.startswith("/"):
        raise Failure("EATTACH", "attach needs an endpoint name and a namespace's absolute path")
    detach(name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise Failure("EATTACH", "opening %s: %s" % (path, e.strerror))
    try:
        setns(fd)  # fails (EINVAL) unless it is a network namespace
    except OSError as e:
        os.close(fd)
        raise Failure("EATTACH", "%s is not a network namespace: %s" % (path, e.strerror))
    endpoints[name] = Endpoint(name, fd)
    leave(endpoints[name])


def endpoint_of(command):
    """A hub command's endpoint, or None for attach and detach (done here)."""
    op, name = command.get("op"), command.get("ep")
    if op == "attach":
        attach(name, command.get("netns"))
        return None
    if op == "detach":
        detach(name)
        return None
    found = endpoints.get(name)
    if found is None:
        raise Failure("ENOENDPOINT", "no endpoint %r is attached to this hub" % (name,))
    return found


def handle(line):
    global ep
    ep = home
    try:
        command = json.loads(line)
    except ValueError:
        return emit({"event": "error", "message": "not JSON: " + line[:80]})
    ident = command.get("id") if isinstance(command, dict) else None

    def answer(result):
        if isinstance(result, Failure):
            emit({"id": ident, "ok": False, "error": result.code, "message": str(result)})
        elif isinstance(result, BaseException):
            emit({"id": ident, "ok": False, "error": "EAGENT", "message": str(result)})
        else:
            emit(dict(result, id=ident))

    try:
        owner = endpoint_of(command) if home_netns is not None else home
        if owner is None:
            return answer({"ok": True})
        ep = owner
        enter(owner)
        try:
            result = run(command, answer)
        finally:
            leave(owner)
    except Exception as e:  # noqa: BLE001 - every failure is an answer
        return answer(e)
    if result is not None:
        answer(result)


stdin_buffer = b""


def read_stdin(_mask):
    global stdin_buffer
    data = os.read(0, 65536)
    if not data:
        sys.exit(0)
    stdin_buffer += data
    while b"\n" in stdin_buffer:
        line, stdin_buffer = stdin_buffer.split(b"\n", 1)
        if line.strip():
            handle(line.decode("utf8", "replace"))


def guarded(owner, fn, *args):
    """Runs a socket event or timer of `owner` inside its namespace, as its endpoint."""
    global ep
    ep = owner
    try:
        enter(owner)
        try:
            fn(*args)
        finally:
            leave(owner)
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - like Node's uncaughtException: report, go on
        emit({"event": "error", "message": "%s: %s" % (type(e).__name__, e)})


def main():
    global home_netns
    if sys.argv[1:] == ["--hub"]:
        home_netns = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    elif sys.argv[1:]:
        sys.exit("usage: agent.py [--hub]")
    emit({"event": "ready", "pid": os.getpid()})
    try:
        sel.register(0, selectors.EVENT_READ, (home, read_stdin))
    except PermissionError:
        # stdin is a regular file (such as /dev/null): its lines, then its end.
        while True:
            read_stdin(0)
    os.set_blocking(0, False)
    while True:
        wait = None
        while timers and timers[0][2].cancelled:
            heapq.heappop(timers)
        if timers:
            wait = max(0.0, timers[0][0] - time.monotonic())
        # I/O already waiting is handled before the timers due now: a starved process
        # wakes with a timeout and the answer it waited for both due, and the answer wins.
        for key, mask in sel.select(wait):
            current = sel.get_map().get(key.fd)
            if current is not None and current.data is key.data:
                guarded(*key.data, mask)
        now = time.monotonic()
        while timers and timers[0][0] <= now:
            _, _, timer = heapq.heappop(timers)
            if not timer.cancelled:
                timer.cancelled = True
                guarded(timer.owner, timer.fn)


if __name__ == "__main__":
    main()
