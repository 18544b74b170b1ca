/**
 * Bridged plumbing on the netns backend, no firewall driver: real packets between
 * instances on one L2 segment (same host, across hosts through the bridges and VXLAN),
 * across segments and sites through the site routers, to and from the Internet; ARP
 * resolves to the planned MACs; hosts have the bridge netfilter sysctls; each
 * segment's pod-local server answers DHCP with the instance's lease and DNS with its
 * own address; the root namespace is unchanged after build and destroy, and the pod
 * servers are gone with the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsBackend } from '../../../../containers/backends/index.ts';
import type { Dataplane } from '../../../../harness/dataplane/index.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import { pidsInside } from '../../../../containers/lifecycle/remove-namespaces.ts';
import { bridgedTopology } from '../../../../fixtures/topologies.ts';
import { backendUnderTest } from '../../../support/backends-under-test.ts';
import { processRefs, runningOf } from '../../../support/process-gone.ts';
import { settledProbe } from '../../../support/settled-probe.ts';
import { rootSnapshot } from '../../lifecycle/root-snapshot.ts';

backendUnderTest('netns');
const topology = bridgedTopology();
const ipOf = (name: string): string =>
  [...topology.instances, ...topology.externals].find((e) => e.name === name)?.ip ?? '?';

let dp: Dataplane | undefined;
let rootBefore: Awaited<ReturnType<typeof rootSnapshot>>;
const dataplane = (): Dataplane => {
  if (dp === undefined) throw new Error('the bridged dataplane was not built (see beforeAll)');
  return dp;
};
const stdout = async (argv: readonly string[]): Promise<string> => {
  const r = await runCommand(argv);
  if (r.kind !== 'exited' || r.code !== 0)
    throw new Error(`${argv.join(' ')}: ${JSON.stringify(r)}`);
  return r.stdout;
};
const hostEnter = (host: string): readonly string[] =>
  dataplane().layout.hosts.find((h) => h.name === host)?.enter ?? [];
const instanceNs = (name: string): string =>
  `netconform-${dataplane().layout.runId}-i${topology.instances.findIndex((i) => i.name === name)}`;

beforeAll(async () => {
  rootBefore = await rootSnapshot();
  dp = await netnsBackend.create(topology, {
    probeTimeoutMs: 300,
    plumbing: { mode: 'bridged', flavour: 'generic' },
  });
});
afterAll(async () => {
  await dp?.destroy();
});

describe('bridged plumbing (netns): reachability without driver rules', () => {
  const pairs: [string, string, string][] = [
    ['one segment, same host', 'pub1', 'pub3'],
    ['one segment, across hosts (VXLAN)', 'pub1', 'pub2'],
    ['private segment, across hosts', 'priv2', 'priv1'],
    ['two segments through the site router', 'priv1', 'pub2'],
    ['public instance to external', 'pub2', 'ext'],
    ['external to public instance', 'ext', 'pub1'],
    ['two sites', 'pub1', 'bpub'],
  ];
  for (const [label, from, to] of pairs) {
    it(`${label}: tcp, udp and icmp ${from} -> ${to} arrive from ${from}'s own address`, async () => {
      const [tcp, udp, icmp] = await Promise.all(
        (['tcp', 'udp', 'icmp'] as const).map((protocol) =>
          settledProbe(dataplane(), {
            kind: 'probe',
            from,
            to,
            protocol,
            port: protocol === 'icmp' ? null : 7000,
          }),
        ),
      );
      for (const seen of [tcp, udp, icmp]) {
        expect(seen).toMatchObject({ kind: 'observed', delivered: true, seenFrom: ipOf(from) });
      }
    });
  }

  it('the Internet cannot reach a private segment', async () => {
    const seen = await settledProbe(dataplane(), {
      kind: 'probe',
      from: 'ext',
      to: 'priv1',
      protocol: 'udp',
      port: 7000,
    });
    expect(seen).toMatchObject({ kind: 'observed', delivered: false });
  });
});

describe('bridged plumbing (netns): layout', () => {
  it('gives instances the planned MAC, their pool prefix and a default route via the gateway', async () => {
    const port = dataplane().layout.ports.find((p) => p.instance === 'pub1');
    expect(port).toMatchObject({ prefixLength: 26, gateway: '198.51.100.62' });
    const ns = instanceNs('pub1');
    const link = await stdout(['ip', '-n', ns, '-o', 'link', 'show', 'eth0']);
    expect(link).toContain(`link/ether ${port?.mac}`);
    expect(await stdout(['ip', '-n', ns, '-o', 'addr', 'show', 'eth0'])).toContain(
      '198.51.100.10/26',
    );
    expect(await stdout(['ip', '-n', ns, 'route', 'show', 'default'])).toContain(
      'via 198.51.100.62',
    );
  });

  it('resolves a neighbour on the segment by ARP to its planned MAC', async () => {
    await dataplane().perform({
      kind: 'probe',
      from: 'pub1',
      to: 'pub2',
      protocol: 'icmp',
      port: null,
    });
    const mac = dataplane().layout.ports.find((p) => p.instance === 'pub2')?.mac;
    const neigh = await stdout(['ip', '-n', instanceNs('pub1'), 'neigh', 'show', '198.51.100.11']);
    expect(neigh).toContain(`lladdr ${mac}`);
  });

  it('puts instance ports and one VXLAN port on each bridge of the host', async () => {
    const host = dataplane().layout.hosts.find((h) => h.name === 'h1');
    expect(host?.bridges.map((b) => b.network)).toEqual(['pub', 'priv']);
    const links = await stdout([...hostEnter('h1'), 'bridge', '-o', 'link', 'show']);
    const pub = host?.bridges[0];
    const portsOf = (bridge: string | undefined) =>
      links
        .split('\n')
        .filter((l) => l.includes(`master ${bridge} `))
        .map((l) => /^\d+: ([^:@ ]+)/.exec(l)?.[1])
        .sort();
    const expected = dataplane()
      .layout.ports.filter((p) => p.bridge === pub?.name && p.host === 'h1')
      .map((p) => p.hostInterface);
    expect(portsOf(pub?.name)).toEqual([...expected, pub?.uplinkPort].sort());
    const vxlan = await stdout([
      ...hostEnter('h1'),
      'ip',
      '-d',
      '-o',
      'link',
      'show',
      pub?.uplinkPort ?? '?',
    ]);
    expect(vxlan).toMatch(new RegExp(`vxlan id ${pub?.vni} local 192\\.0\\.2\\.1 `));
    const fdb = await stdout([
      ...hostEnter('h1'),
      'bridge',
      'fdb',
      'show',
      'dev',
      pub?.uplinkPort ?? '?',
    ]);
    for (const peer of ['192.0.2.2', '169.254.2.1']) {
      expect(fdb).toContain(`00:00:00:00:00:00 dst ${peer}`);
    }
  });

  it('sets bridge netfilter and conntrack sysctls in every host namespace', async () => {
    for (const host of dataplane().layout.hosts) {
      const values = await stdout([
        ...host.enter,
        'cat',
        '/proc/sys/net/bridge/bridge-nf-call-iptables',
        '/proc/sys/net/bridge/bridge-nf-call-ip6tables',
        '/proc/sys/net/bridge/bridge-nf-call-arptables',
        '/proc/sys/net/netfilter/nf_conntrack_tcp_loose',
      ]);
      expect(values.split('\n').filter(Boolean), host.name).toEqual(['1', '1', '1', '1']);
    }
  });
});

// Asks the segment's server from an instance: a DHCP discover from a packet socket (the
// offered address, or "none"), then a DNS query from a UDP socket (the answer's address).
const ASK_POD_SERVER = `
import socket, struct, sys
server, mac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", ""))
raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
raw.bind(("eth0", 0)); raw.settimeout(3)
bootp = bytearray(236); bootp[0:3] = b"\\x01\\x01\\x06"; bootp[4:8] = b"test"; bootp[28:34] = mac
body = bytes(bootp) + b"\\x63\\x82\\x53\\x63\\x35\\x01\\x01\\xff"
udp = struct.pack("!HHHH", 68, 67, 8 + len(body), 0) + body
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes(4), b"\\xff" * 4)
total = sum(struct.unpack("!10H", ip)); total = (total & 0xFFFF) + (total >> 16)
ip = ip[:10] + struct.pack("!H", ~total & 0xFFFF) + ip[12:]
raw.send(b"\\xff" * 6 + mac + b"\\x08\\x00" + ip + udp)
offered = "none"
try:
    while offered == "none":
        frame = raw.recv(2048)
        if frame[23] == 17 and frame[36:38] == b"\\x00\\x44" and frame[42] == 2:
            offered = socket.inet_ntoa(frame[58:62])
except socket.timeout:
    pass
dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); dns.settimeout(3)
query = b"\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03pod\\x0anetconform\\x08internal\\x00\\x00\\x01\\x00\\x01"
dns.sendto(query, (server, 53))
answer = dns.recv(512)
print(offered, socket.inet_ntoa(answer[-4:]))
`;

describe('bridged plumbing (netns): the pod-local DHCP/DNS server of each segment', () => {
  it('offers each instance its own address and answers the fixed name with its own', async () => {
    for (const name of ['pub2', 'priv1', 'bpub']) {
      const port = dataplane().layout.ports.find((p) => p.instance === name)!;
      const server = dataplane()
        .layout.hosts.find((h) => h.name === port.host)!
        .bridges.find((b) => b.name === port.bridge)!.podServer;
      const out = await stdout([
        'nsenter',
        `--net=/run/netns/${instanceNs(name)}`,
        '/usr/bin/python3',
        '-c',
        ASK_POD_SERVER,
        server,
        port.mac,
      ]);
      expect(out.trim(), name).toBe(`${ipOf(name)} ${server}`);
    }
  });

  it('answers podQuery probes from the instance, by DHCP and DNS', async () => {
    for (const service of ['dhcp', 'dns'] as const) {
      const seen = await settledProbe(dataplane(), { kind: 'podQuery', from: 'pub1', service });
      expect(seen, service).toMatchObject({ kind: 'observed', delivered: true });
    }
  });
});

describe('bridged plumbing (netns): the root namespace', () => {
  it('is unchanged while the run is built and after it is destroyed; the pod servers are gone', async () => {
    expect(await rootSnapshot()).toEqual(rootBefore);
    const servers = pidsInside(
      ['d0', 'd1', 'd2'].map((d) => `netconform-${dataplane().layout.runId}-${d}`),
    );
    expect(servers).toHaveLength(3);
    const serverRefs = processRefs(servers);
    await dp?.destroy();
    dp = undefined;
    expect(await rootSnapshot()).toEqual(rootBefore);
    expect(runningOf(serverRefs)).toEqual([]);
  });
});
