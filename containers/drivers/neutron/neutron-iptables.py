#!/usr/bin/python3
"""netconform firewall driver `neutron-iptables`: OpenStack neutron's real, unmodified
IptablesFirewallDriver and the linuxbridge agent's ARP protection, driven per compute
host the way the linuxbridge L2 agent drives them (docs/drivers.md, "neutron-iptables").

Speaks the exec-driver contract: `serve` (one JSON request per line on stdin), or
one-shot `apply STATE.json` / `teardown STATE.json`. Needs driver state version 2 on
bridged plumbing with neutron names (bridge brq+networkId[:11], port tap+portId[:11]).

One worker process per host: the parent imports neutron once (seconds), then forks a
worker that enters the host's network namespace (setns on the namespace of a process
started with the host's `enter` prefix) and stays there for its whole life, so nothing
it runs (iptables, ipset, ebtables, conntrack) can reach another namespace.
"""
import ctypes
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback

# The chain prefix is basename(argv[0])[:16] at iptables_manager's import: the agent's.
AGENT_NAME = 'neutron-linuxbridge-agent'
SETUP_COMMAND = 'sudo bash scripts/setup-neutron.sh'
CLONE_NEWNET = 0x40000000
# Workaround W1 (docs/drivers.md): re-applying ARP protection to a port whose MAC and
# addresses did not change hangs with ebtables-nft 1.8.9; set to 1 to re-apply anyway.
ARP_REAPPLY = os.environ.get('NETCONFORM_NEUTRON_ARP_REAPPLY') == '1'


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def note(message):
    sys.stderr.write('neutron-iptables: %s\n' % message)
    sys.stderr.flush()


class DriverFailure(Exception):
    """A failure to report as {"applied": false}."""


# ---------------------------------------------------------------- neutron, loaded once

neutron = {}


def load_neutron():
    if neutron:
        return neutron
    started = time.monotonic()
    sys.argv[0] = AGENT_NAME
    try:
        # The agent's entry point (neutron.cmd.eventlet) monkey-patches first: neutron's
        # subprocess and privsep code assumes green I/O.
        importlib.import_module('neutron.cmd.eventlet')
        from oslo_concurrency import lockutils
        from oslo_config import cfg
        from neutron.agent.linux import ip_conntrack, iptables_firewall
        from neutron.conf.agent import common as agent_conf
        from neutron.conf.agent import securitygroups_rpc as sg_conf
        from neutron.plugins.ml2.drivers.linuxbridge.agent import arp_protect
        privileged = importlib.import_module('neutron.privileged')
    except ImportError as error:
        raise DriverFailure(
            'python3-neutron is not installed (%s). Install it with `%s` '
            '(Debian python3-neutron, with ipset and ebtables).' % (error, SETUP_COMMAND))
    agent_conf.register_root_helper(cfg.CONF)
    sg_conf.register_securitygroups_opts(cfg.CONF)
    cfg.CONF([], project='neutron', default_config_files=[])
    # Commands run directly (we are root inside the host's namespace): no sudo, no rootwrap.
    cfg.CONF.set_override('root_helper', '', 'AGENT')
    cfg.CONF.set_override('enable_ipset', True, 'SECURITYGROUP')
    # Privileged calls run in this process instead of a privsep daemon.
    privileged.default.set_client_mode(False)
    neutron.update(
        lockutils=lockutils, ip_conntrack=ip_conntrack, arp_protect=arp_protect,
        IptablesFirewallDriver=iptables_firewall.IptablesFirewallDriver,
        import_seconds=time.monotonic() - started)
    return neutron


# ------------------------------------------------------------ state -> neutron's RPC form

def neutron_view(state, host_name):
    """What neutron's server would send the agent on `host_name`: port dicts, rules in
    RPC form per security group id, and member (ip, mac) pairs per remote group id."""
    group_ids = {g['name']: g['id'] for g in state['groups']}
    mac_of = {}
    for p in state['ports']:
        for ip in [p['ip']] + p['secondaryIps']:
            mac_of[ip] = p['mac']
    rules = {}
    for g in state['groups']:
        rules[g['id']] = [rpc_rule(g['id'], r, group_ids) for r in g['rules']]
    members = {}
    for g in state['groups']:
        for r in g['rules']:
            remote = r['remote']
            if 'group' in remote and remote['group'] in group_ids:
                pairs = sorted([ip, mac_of.get(ip)] for ip in remote['members'])
                members[group_ids[remote['group']]] = {'IPv4': pairs, 'IPv6': []}
    ports = []
    for p in state['ports']:
        if p['host'] != host_name:
            continue
        sgs = [group_ids[n] for n in p['groups'] if n in group_ids]
        sources = sorted({r['remote_group_id'] for sg in sgs for r in rules[sg]
                          if r.get('remote_group_id')})
        ports.append({
            'device': p['device'], 'id': p['portId'], 'mac_address': p['mac'],
            'fixed_ips': [p['ip']] + p['secondaryIps'], 'network_id': p['networkId'],
            'security_groups': sgs, 'security_group_source_groups': sources,
            'allowed_address_pairs': [], 'port_security_enabled': True,
            'device_owner': 'compute:nova',
            'security_group_rules': provider_rules([p['ip']] + p['secondaryIps']),
        })
    return {'ports': ports, 'rules': rules, 'members': members}


def provider_rules(fixed_ips):
    """The rules neutron's server adds to every port it sends the agent
    (securitygroups_rpc_base._apply_provider_rule): DHCP answers, udp 67 -> 68, from any
    source to each fixed address and to broadcast (IPv4; the IPv6 ones need v6 ports)."""
    return [{'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'udp',
             'port_range_min': 68, 'port_range_max': 68,
             'source_port_range_min': 67, 'source_port_range_max': 67,
             'dest_ip_prefix': dest}
            for dest in ['%s/32' % ip for ip in fixed_ips] + ['255.255.255.255/32']]


def rpc_rule(sg_id, rule, group_ids):
    out = {'security_group_id': sg_id, 'direction': rule['direction'], 'ethertype': 'IPv4'}
    if rule['protocol'] != 'any':
        out['protocol'] = rule['protocol']
    if rule['ports'] is not None:
        out['port_range_min'] = rule['ports']['from']
        out['port_range_max'] = rule['ports']['to']
    remote = rule['remote']
    if 'cidr' in remote:
        key = 'source_ip_prefix' if rule['direction'] == 'ingress' else 'dest_ip_prefix'
        out[key] = remote['cidr']
    else:
        out['remote_group_id'] = group_ids.get(remote['group'])
    return out


def check_state(state):
    if state.get('version') != 2:
        raise DriverFailure(
            'driver state version %r: neutron-iptables needs version 2 (bridged plumbing); '
            'run it with --profile neutron, whose plumbing is bridged' % state.get('version'))
    for host in state['hosts']:
        if host.get('plumbing') != 'bridged':
            raise DriverFailure(
                'host %s has %s plumbing: neutron-iptables filters bridge ports; run with '
                '--profile neutron, whose plumbing is bridged' % (host['name'], host.get('plumbing')))
    for port in state['ports']:
        if port['device'] != 'tap' + port['portId'][:11]:
            raise DriverFailure(
                'port %s is %s, not tap+portId[:11]: neutron finds conntrack zones by device '
                'name; use the neutron naming flavour' % (port['instance'], port['device']))


# ---------------------------------------------------------------- the agent of one host

class HostAgent:
    """What the linuxbridge agent does on one host, fed by the whole desired state."""

    def __init__(self):
        n = neutron
        self.fw = n['IptablesFirewallDriver']()
        self.ports = {}
        self.rules = {}
        self.members = {}
        self.arp = {}

    def apply(self, view):
        fw = self.fw
        desired = {p['device']: p for p in view['ports']}
        rules, members = view['rules'], view['members']
        removed = [d for d in self.ports if d not in desired]
        if removed:
            # treat_devices_removed: remove_devices_filter, then ARP protection.
            with fw.defer_apply():
                for device in removed:
                    port = fw.ports.get(device)
                    if port:
                        fw.remove_port_filter(port)
            neutron['arp_protect'].delete_arp_spoofing_protection(removed)
            for device in removed:
                self.ports.pop(device)
                self.arp.pop(device, None)
        # The server's notifications: security_groups_rule_updated / _member_updated.
        refilter = set()
        for kind, attr, new, old in (('sg_rule', 'security_groups', rules, self.rules),
                                     ('sg_member', 'security_group_source_groups', members,
                                      self.members)):
            changed = {sg for sg in set(new) | set(old) if new.get(sg) != old.get(sg)}
            devices = [d for d, p in fw.ports.items() if changed & set(p.get(attr, []))]
            if devices:
                fw.security_group_updated(kind, changed)
                refilter |= set(devices)
        self.rules, self.members = rules, members
        # treat_devices_added_updated -> setup_port_filters(new, updated).
        new = [d for d in desired if d not in self.ports]
        updated = {d for d in desired if d in self.ports and desired[d] != self.ports[d]}
        if new:
            self.filter([desired[d] for d in new], update=False)
        if updated:
            fw.security_group_updated('sg_member', [], updated)
        refresh = (updated | refilter) - set(new)
        if refresh:
            self.filter([desired[d] for d in sorted(refresh)], update=True)
        for device in new + sorted(updated):
            self.protect_arp(desired[device])
        self.ports = desired
        self.drain_conntrack()

    def filter(self, ports, update):
        """_apply_port_filter: group info of these ports, then prepare/update each."""
        fw = self.fw
        sgs = {sg for p in ports for sg in p['security_groups']}
        remotes = {sg for p in ports for sg in p['security_group_source_groups']}
        with fw.defer_apply():
            for sg in sorted(sgs):
                fw.update_security_group_rules(sg, self.rules.get(sg, []))
            for sg in sorted(remotes):
                pairs = self.members.get(sg, {'IPv4': [], 'IPv6': []})
                fw.update_security_group_members(
                    sg, {v: [tuple(x) for x in ips] for v, ips in pairs.items()})
            for port in ports:
                (fw.update_port_filter if update else fw.prepare_port_filter)(port)

    def protect_arp(self, port):
        details = {
            'port_security_enabled': port['port_security_enabled'],
            'device_owner': port['device_owner'], 'mac_address': port['mac_address'],
            'fixed_ips': [{'ip_address': ip} for ip in port['fixed_ips']],
            'allowed_address_pairs': port['allowed_address_pairs'],
        }
        if self.arp.get(port['device']) == details and not ARP_REAPPLY:
            return  # Workaround W1: nothing the ARP rules depend on changed.
        neutron['arp_protect'].setup_arp_spoofing_protection(port['device'], details)
        self.arp[port['device']] = details

    def drain_conntrack(self, limit_s=30.0):
        """Conntrack deletions run on an eventlet queue; they must be done before the
        harness sends traffic, so wait until it is empty and every worker waits again."""
        import eventlet
        queue = self.fw.ipconntrack._queue
        workers = neutron['ip_conntrack'].WORKERS
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            eventlet.sleep(0.005)
            if queue.qsize() == 0 and queue.getting() >= workers:
                return
        raise DriverFailure('conntrack deletions still pending after %.0f s' % limit_s)

    def teardown(self):
        if self.ports:
            with self.fw.defer_apply():
                for device in list(self.ports):
                    port = self.fw.ports.get(device)
                    if port:
                        self.fw.remove_port_filter(port)
            neutron['arp_protect'].delete_arp_spoofing_protection(list(self.ports))
            self.ports = {}
            self.drain_conntrack()


# ------------------------------------------------------------- one worker per host

def namespace_fd(enter):
    """An fd of the network namespace `enter` runs commands in: start `sleep` under it
    and open its /proc/PID/ns/net once that differs from ours."""
    own = os.stat('/proc/self/ns/net').st_ino
    child = subprocess.Popen(enter + ['sleep', '30'], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            path = '/proc/%d/ns/net' % child.pid
            try:
                if os.stat(path).st_ino != own:
                    return os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                pass
            if child.poll() is not None:
                break
            time.sleep(0.005)
        raise DriverFailure('`%s sleep 30` did not enter another network namespace: %s' % (
            ' '.join(enter), (child.stderr.read() or b'').decode(errors='replace').strip()))
    finally:
        child.kill()
        child.wait()


class Worker:
    def __init__(self, host):
        self.name = host['name']
        self.key = json.dumps(host['enter'])
        fd = namespace_fd(host['enter'])
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            # Only this worker's pipe ends: inherited ends of other workers' pipes would
            # keep them from seeing the parent close theirs.
            for other in workers.values():
                other.reader.close()
                other.writer.close()
            os.close(self.to_child)
            os.close(self.from_child)
            code = 1
            try:
                worker_main(fd, to_child_r, from_child_w)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        os.close(fd)
        os.close(to_child_r)
        os.close(from_child_w)
        self.reader = os.fdopen(self.from_child, 'r')
        self.writer = os.fdopen(self.to_child, 'w')

    def send(self, request):
        try:
            self.writer.write(json.dumps(request) + '\n')
            self.writer.flush()
        except BrokenPipeError:
            raise DriverFailure(self.gone()) from None

    def receive(self):
        line = self.reader.readline()
        if not line:
            raise DriverFailure(self.gone())
        reply = json.loads(line)
        if not reply.get('ok'):
            raise DriverFailure('host %s: %s' % (self.name, reply.get('error')))
        return reply

    def forget(self):
        """Drops this worker from the table and closes its pipes (it has ended)."""
        workers.pop(self.key, None)
        for f in (self.reader, self.writer):
            try:
                f.close()
            except OSError:
                pass

    def gone(self):
        """Forgets this dead worker (the next request starts a new one) and says how it
        ended: a bare broken pipe did not say who ended it (O2 in docs/findings.md)."""
        self.forget()
        status = None
        deadline = time.monotonic() + 5
        while status is None and time.monotonic() < deadline:
            try:
                pid, code = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                status = code
            else:
                time.sleep(0.01)
        if status is None:
            how = 'closed its pipes'
        elif os.WIFSIGNALED(status):
            how = 'was killed by %s' % signal.Signals(os.WTERMSIG(status)).name
        else:
            how = 'exited with status %d' % os.WEXITSTATUS(status)
        return 'worker of host %s (pid %d) %s before answering (a traceback, if any, is on stderr)' % (
            self.name, self.pid, how)

    def stop(self):
        try:
            self.writer.close()
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def worker_main(fd, requests_fd, replies_fd):
    # stdout belongs to the harness: anything neutron prints goes to stderr.
    os.dup2(2, 1)
    # A hub of our own: the parent's epoll instance must not be shared across fork.
    import eventlet.hubs
    eventlet.hubs.use_hub()
    own = os.stat('/proc/self/ns/net').st_ino
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), 'setns into the host namespace failed')
    os.close(fd)
    if os.stat('/proc/self/ns/net').st_ino == own:
        raise RuntimeError('still in the parent namespace after setns: refusing to run')
    lock_dir = tempfile.mkdtemp(prefix='netconform-neutron-locks-')
    neutron['lockutils'].set_defaults(lock_dir)
    agent = None
    replies = os.fdopen(replies_fd, 'w')
    try:
        for line in os.fdopen(requests_fd, 'r'):
            request = json.loads(line)
            started = time.monotonic()
            try:
                if agent is None:
                    agent = HostAgent()
                if request['op'] == 'apply':
                    agent.apply(request['view'])
                else:
                    if not agent.ports:
                        # A fresh agent (one-shot teardown) learns the ports first, as
                        # the L2 agent resyncs after a restart.
                        agent.apply(request['view'])
                    agent.teardown()
                reply = {'ok': True, 'ms': round((time.monotonic() - started) * 1000)}
            except Exception as error:
                traceback.print_exc()
                reply = {'ok': False, 'error': '%s: %s' % (type(error).__name__, error)}
            replies.write(json.dumps(reply) + '\n')
            replies.flush()
    finally:
        for name in os.listdir(lock_dir):
            os.unlink(os.path.join(lock_dir, name))
        os.rmdir(lock_dir)


# --------------------------------------------------------------------- the parent

workers = {}


def start_worker(host):
    worker = Worker(host)
    workers[worker.key] = worker
    return worker


def exchange(active, op, state):
    """Sends `op` to every worker of `active` at once, then reads each one's reply; the
    first failure is raised only once every worker that got the request has answered,
    so no reply is left in a pipe to be read as the answer to the next request."""
    sent, failures, replies = [], [], []
    for w in active:
        try:
            w.send({'op': op, 'view': neutron_view(state, w.name)})
            sent.append(w)
        except DriverFailure as failure:
            failures.append(failure)
    for w in sent:
        try:
            replies.append((w, w.receive()))
        except DriverFailure as failure:
            failures.append(failure)
    if failures:
        raise failures[0]
    return replies


def reap(current):
    """Forgets workers that ended whose host is not in the `current` keys: those of a
    dataplane removed without a teardown (the harness ends the processes in its
    namespaces), which would stay zombies otherwise. A worker of a current host that
    ended is left to the exchange, which reports how it ended instead of quietly
    starting another one."""
    for w in list(workers.values()):
        if w.key in current:
            continue
        try:
            ended = os.waitpid(w.pid, os.WNOHANG)[0] != 0
        except ChildProcessError:
            ended = True
        if ended:
            w.forget()


def handle(op, state):
    check_state(state)
    n = load_neutron()
    hosts = {h['name']: h for h in state['hosts']}
    reap({json.dumps(h['enter']) for h in hosts.values()})
    # Workers of other hosts stay: with `run --jobs N` one serve process answers for
    # several dataplanes in turn. A worker stops at its state's teardown.
    if op == 'teardown':
        active = [workers.get(k) or start_worker(h) for k, h in
                  ((json.dumps(h['enter']), h) for h in hosts.values())]
        for w, _ in exchange(active, 'teardown', state):
            emit({'applied': True, 'host': w.name})
        for w in active:
            workers.pop(w.key).stop()
        return
    active = [workers.get(json.dumps(h['enter'])) or start_worker(h) for h in hosts.values()]
    for w, reply in exchange(active, 'apply', state):
        emit({'applied': True, 'host': w.name,
              'log': 'generation %d applied in %d ms' % (state['generation'], reply['ms']),
              'level': 'debug'})
    if 'import_logged' not in n:
        n['import_logged'] = True
        emit({'log': 'neutron imported in %.1f s' % n['import_seconds'], 'level': 'info'})


def answer(op, state):
    try:
        handle(op, state)
        emit({'applied': True})
        return True
    except DriverFailure as failure:
        note(str(failure))
        emit({'applied': False, 'message': str(failure)})
    except Exception as error:
        traceback.print_exc()
        emit({'applied': False, 'message': '%s: %s' % (type(error).__name__, error)})
    return False


def stop_all(*_):
    for w in list(workers.values()):
        w.stop()
    workers.clear()


def main(argv):
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    if len(argv) == 2 and argv[1] == 'serve':
        try:
            for line in sys.stdin:
                if not line.strip():
                    continue
                request = json.loads(line)
                answer(request['op'], request['state'])
        finally:
            stop_all()
        return 0
    if len(argv) == 3 and argv[1] in ('apply', 'teardown'):
        with open(argv[2]) as f:
            state = json.load(f)
        try:
            return 0 if answer(argv[1], state) else 1
        finally:
            stop_all()
    note('usage: neutron-iptables.py serve | apply STATE.json | teardown STATE.json')
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
