"""netconform's command launcher: starts commands for the harness's Node process.

Forking Node itself is costly where page-table work is (a paravirtualised VM: ~12 ms of
CPU per spawn against ~2 ms from this small process, docs/bench.md), and a run starts
some 30 commands per scenario. Node sends one JSON request per line on stdin; this
process starts the command in its own session (so its own process group, which Node
signals directly) and streams back what happened, one JSON event per line on stdout:

  request  {"op": "start", "id": N, "argv": [...], "input": "..."}
           {"op": "abandon", "id": N}          stop reading a command's pipes
  events   {"id": N, "pid": P}                 started (P leads its process group)
           {"id": N, "error": "..."}           could not start (nothing runs)
           {"id": N, "out": B64} / {"err": B64} output chunks, in order
           {"id": N, "exit": CODE, "signal": S} the command ended (S: signal number or null)
           {"id": N, "closed": true}           its pipes closed (always after "exit")

Some commands run without a process of their own, to the same effect (the figures are
in docs/bench.md): a leading `nsenter --net=PATH` is done by the launcher's thread
itself (setns(2) before the fork: the command inherits the namespace); `nft -f -` is
run by the same library the `nft` binary is a front end of (libnftables, the script
from stdin, its messages on stderr, exit 1 on failure); `ip neigh flush all` sends the
netlink messages iproute2 sends (every entry neither PERMANENT nor NOARP deleted,
until none is left); a namespace's configuration script (`sh -s`: sysctl writes and an
`ip -batch`) and a bare `ip -batch -` are run by `launcher_netconf.py` when it reads
every line of them (the neighbour flush is there too). Such a command reports no pid.

It exits when stdin closes or its parent dies, killing the groups it still runs first:
nothing it started outlives the harness. Standard library only; run as
`python3 -I -S launcher.py`.
"""

import base64
import json
import os
import select
import signal
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import launcher_netconf as netconf  # noqa: E402

PR_SET_PDEATHSIG = 1
CLONE_NEWNET = 0x40000000
CHUNK = 65536

write_lock = threading.Lock()
live = {}  # id -> Popen, while its group may run
live_lock = threading.RLock()  # re-entered by the SIGTERM handler
abandoned = set()


def emit(event):
    line = (json.dumps(event, separators=(",", ":")) + "\n").encode()
    with write_lock:
        try:
            os.write(1, line)
        except BrokenPipeError:
            pass


def kill_live_groups():
    with live_lock:
        procs = list(live.values())
    for proc in procs:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass


def die_with_parent():
    """SIGTERM on the parent's death (prctl), handled by killing the groups first."""
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before prctl took effect
        sys.exit(0)


def on_term(_signum, _frame):
    kill_live_groups()
    os._exit(0)


libc = None
nftables = None
nft_lock = threading.Lock()  # libnftables contexts are not meant to be used at once


def load_libraries():
    global libc, nftables
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    try:
        nftables = ctypes.CDLL("libnftables.so.1")
    except OSError:
        return  # no library: `nft -f -` runs the binary
    nftables.nft_ctx_new.restype = ctypes.c_void_p
    nftables.nft_ctx_new.argtypes = [ctypes.c_uint32]
    for name in ("nft_ctx_buffer_output", "nft_ctx_buffer_error", "nft_ctx_free"):
        getattr(nftables, name).argtypes = [ctypes.c_void_p]
    for name in ("nft_ctx_get_output_buffer", "nft_ctx_get_error_buffer"):
        getattr(nftables, name).argtypes = [ctypes.c_void_p]
        getattr(nftables, name).restype = ctypes.c_char_p
    nftables.nft_run_cmd_from_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]


def enter_netns(path):
    """setns(2) of this thread into the network namespace at `path`; an error text or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as error:
        return f"nsenter: cannot open {path}: {error.strerror}"
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            import ctypes

            reason = os.strerror(ctypes.get_errno())
            return f"nsenter: reassociate to namespace 'ns/net' failed: {reason}"
    finally:
        os.close(fd)
    return None


def run_nft_script(rid, script):
    """`nft -f -` through libnftables in this thread's namespace.

    The script is read from a memory file as the binary reads /dev/stdin, so that its
    messages point at the right line; they name the file /dev/stdin, as the binary's do.
    """
    memfd = os.memfd_create("nft-script", os.MFD_CLOEXEC)
    try:
        os.write(memfd, script)
        os.lseek(memfd, 0, os.SEEK_SET)
        path = f"/proc/self/fd/{memfd}"
        with nft_lock:
            ctx = nftables.nft_ctx_new(0)
            nftables.nft_ctx_buffer_output(ctx)
            nftables.nft_ctx_buffer_error(ctx)
            status = nftables.nft_run_cmd_from_filename(ctx, path.encode())
            out = nftables.nft_ctx_get_output_buffer(ctx) or b""
            err = nftables.nft_ctx_get_error_buffer(ctx) or b""
            nftables.nft_ctx_free(ctx)
    finally:
        os.close(memfd)
    err = err.replace(path.encode() + b":", b"/dev/stdin:")
    if out:
        emit({"id": rid, "out": base64.b64encode(out).decode()})
    if err:
        emit({"id": rid, "err": base64.b64encode(err).decode()})
    finish_in_thread(rid, 0 if status == 0 else 1)


def configure(rid, argv, sysctls, requests):
    """A namespace's configuration script or a batch (`launcher_netconf.py`) in this thread's namespace."""
    if argv[1] == "-n":
        problem = enter_netns(f"/run/netns/{argv[2]}")
        if problem is not None:
            text = f'Cannot open network namespace "{argv[2]}": {problem.rsplit(": ", 1)[-1]}\n'
            return finish_with(rid, 255, text)
    finish_with(rid, *(netconf.write_sysctls(sysctls) or netconf.run_batch(requests)))


def finish_with(rid, code, err):
    """Ends a command run in this thread: its stderr text (if any), then its exit."""
    if err:
        emit({"id": rid, "err": base64.b64encode(err.encode()).decode()})
    finish_in_thread(rid, code)


def finish_in_thread(rid, code):
    emit({"id": rid, "exit": code, "signal": None})
    emit({"id": rid, "closed": True})


def pump(rid, proc, data):
    """Writes the input and relays stdout/stderr until both close or the id is abandoned."""
    names = {proc.stdout.fileno(): "out", proc.stderr.fileno(): "err"}
    readers = list(names)
    writer = proc.stdin.fileno()
    if data:
        os.set_blocking(writer, False)
    else:
        proc.stdin.close()
        writer = None
    while readers and rid not in abandoned:
        wanted_out = [writer] if writer is not None else []
        ready_in, ready_out, _ = select.select(readers, wanted_out, [], 0.1)
        if ready_out:
            try:
                sent = os.write(writer, data[:CHUNK])
                data = data[sent:]
            except (BrokenPipeError, BlockingIOError) as error:
                if isinstance(error, BrokenPipeError):
                    data = b""
            if not data:
                proc.stdin.close()
                writer = None
        for fd in ready_in:
            chunk = os.read(fd, CHUNK)
            if not chunk:
                readers.remove(fd)
                continue
            emit({"id": rid, names[fd]: base64.b64encode(chunk).decode()})
    if writer is not None:
        proc.stdin.close()


def run(rid, argv, text):
    if len(argv) > 2 and argv[0] == "nsenter" and argv[1].startswith("--net="):
        if not argv[2].startswith("-"):
            problem = enter_netns(argv[1][len("--net=") :])
            if problem is not None:
                return finish_with(rid, 1, problem + "\n")
            argv = argv[2:]
    builtin = None
    plan = netconf.configuration(argv, text)
    if plan is not None:
        builtin = lambda: configure(rid, argv, *plan)  # noqa: E731
    elif argv == ["nft", "-f", "-"] and nftables is not None:
        builtin = lambda: run_nft_script(rid, text.encode())  # noqa: E731
    elif argv == ["ip", "neigh", "flush", "all"]:
        builtin = lambda: finish_with(rid, *netconf.flush_neighbours())  # noqa: E731
    if builtin is not None:
        try:
            return builtin()
        except OSError as error:
            return finish_with(rid, 1, f"{argv[0]}: {error}\n")
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except (OSError, ValueError) as error:
        emit({"id": rid, "error": f"{argv[0] if argv else ''}: {error}"})
        return
    with live_lock:
        live[rid] = proc
    emit({"id": rid, "pid": proc.pid})

    def reap():
        status = proc.wait()
        emit(
            {
                "id": rid,
                "exit": status if status >= 0 else None,
                "signal": -status if status < 0 else None,
            }
        )

    reaper = threading.Thread(target=reap, daemon=True)
    reaper.start()
    try:
        pump(rid, proc, text.encode())
    finally:
        reaper.join()
        proc.stdout.close()
        proc.stderr.close()
        with live_lock:
            live.pop(rid, None)
        abandoned.discard(rid)
        emit({"id": rid, "closed": True})


def main():
    signal.signal(signal.SIGTERM, on_term)
    load_libraries()
    die_with_parent()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        if request["op"] == "start":
            args = (request["id"], request["argv"], request.get("input", ""))
            threading.Thread(target=run, args=args, daemon=True).start()
        elif request["op"] == "abandon":
            abandoned.add(request["id"])
    kill_live_groups()


main()
