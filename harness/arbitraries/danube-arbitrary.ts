/**
 * Generated danube scenarios (seed 003): one Danube Cloud site whose compute hosts sit
 * in 1..maxSites physical datacenters (PDC), two overlays with distinct VXLAN numbers,
 * instances spread over hosts and overlays, and overlay steps: probes, MTU probes
 * around the overlay MTU, eavesdroppers on both links and unencrypted VXLAN forged in
 * and leaked out. Built from index picks with `map`, so every shrink is valid. With a
 * run index, the scenario starts with that run's focus (`DANUBE_FOCUSES`): its first
 * two instances placed where a witness of one overlay promise needs them, and the
 * steps that look at it; the other profiles' coverage schedule does not apply.
 */
import fc from 'fast-check';
import type { ScenarioInput, Step } from '../../spec/index.ts';
import { DEFAULT_OVERLAY_MTU } from '../../spec/index.ts';
import type { CheckedOptions } from './generator-options.ts';
import { externalIp, hostPublicIp } from './address-plan.ts';

/** Overlays of generated danube topologies: name, VXLAN number and pool. */
export const DANUBE_OVERLAYS = [
  { name: 'ov100', vni: 100, cidr: '100.66.0.0/24' },
  { name: 'ov200', vni: 200, cidr: '100.66.1.0/24' },
] as const;

/** MTU probe sizes: the overlay MTU, one byte more, and the Ethernet MTU. */
export const MTU_SIZES = [DEFAULT_OVERLAY_MTU, DEFAULT_OVERLAY_MTU + 1, 1500, 1200] as const;

const PORTS = [53, 443, 8080] as const;

interface StepPick {
  readonly op: number;
  readonly a: number;
  readonly b: number;
  readonly v: number;
}

const pick = (): fc.Arbitrary<number> => fc.nat({ max: 1023 });

/** Picks of a scenario; the generated steps leave room for `focus`'s within maxSteps. */
function danubeShape(o: CheckedOptions, focus: DanubeFocus | undefined) {
  return fc.record({
    pdcCount: fc.integer({ min: 1, max: Math.min(3, o.maxSites) }),
    hostsPerPdc: fc.integer({ min: 1, max: 2 }),
    instances: fc.array(fc.record({ host: pick(), overlay: fc.nat({ max: 3 }) }), {
      minLength: Math.min(2, o.maxInstances),
      maxLength: o.maxInstances,
    }),
    steps: fc.array(fc.record({ op: fc.nat({ max: 9 }), a: pick(), b: pick(), v: pick() }), {
      maxLength: Math.max(0, o.maxSteps - (focus?.steps.length ?? 0)),
    }),
  });
}

type Shape = ReturnType<typeof danubeShape> extends fc.Arbitrary<infer S> ? S : never;

/** Where a focus puts instance vm1 (`a`) and vm2 (`b`): a host index and an overlay. */
interface FocusEnd {
  readonly host: (hostsPerPdc: number, hostCount: number) => number;
  readonly overlay: 0 | 1;
}

/**
 * One run's focus: the least PDCs and hosts per PDC it needs, where vm1 and vm2 go, and
 * the steps that exercise the promise between them (vm1 -> vm2).
 */
export interface DanubeFocus {
  readonly name: string;
  readonly minPdcs: number;
  readonly minHostsPerPdc: number;
  readonly a: FocusEnd;
  readonly b: FocusEnd;
  readonly steps: readonly Step[];
}

const FIRST_HOST: FocusEnd = { host: () => 0, overlay: 0 };

/**
 * The foci, in schedule order (run k takes focus k mod their count). Each puts a
 * witness of one promise in every scenario of its runs: `cross-pdc` uses the first
 * cross-PDC host pair (the pair a per-pair IPsec mesh misses first), `same-pdc` two
 * hosts of one PDC, `other-overlay` instances of the two overlays on different hosts.
 */
export const DANUBE_FOCUSES: readonly DanubeFocus[] = [
  {
    name: 'cross-pdc', // OV-SWITCH across PDCs, OV-ENCRYPTED
    minPdcs: 2,
    minHostsPerPdc: 1,
    a: FIRST_HOST,
    b: { host: (perPdc) => perPdc, overlay: 0 },
    steps: [
      { op: 'probe', from: 'vm1', to: 'vm2', protocol: 'udp', port: 8080 },
      { op: 'eavesdrop', from: 'vm1', to: 'vm2', port: 8080, link: 'internet' },
    ],
  },
  {
    name: 'same-pdc', // OV-PDC-PATH
    minPdcs: 1,
    minHostsPerPdc: 2,
    a: FIRST_HOST,
    b: { host: () => 1, overlay: 0 },
    steps: [
      { op: 'eavesdrop', from: 'vm1', to: 'vm2', port: 443, link: 'admin' },
      { op: 'eavesdrop', from: 'vm1', to: 'vm2', port: 443, link: 'internet' },
    ],
  },
  {
    name: 'other-overlay', // OV-ISOLATION
    minPdcs: 1,
    minHostsPerPdc: 2,
    a: FIRST_HOST,
    b: { host: (_, count) => count - 1, overlay: 1 },
    steps: [{ op: 'probe', from: 'vm1', to: 'vm2', protocol: 'icmp' }],
  },
  {
    name: 'mtu', // OV-MTU
    minPdcs: 1,
    minHostsPerPdc: 2,
    a: FIRST_HOST,
    b: { host: () => 1, overlay: 0 },
    steps: [
      { op: 'mtuProbe', from: 'vm1', to: 'vm2', size: DEFAULT_OVERLAY_MTU + 1 },
      { op: 'mtuProbe', from: 'vm1', to: 'vm2', size: DEFAULT_OVERLAY_MTU },
    ],
  },
  {
    name: 'plaintext', // OV-NO-PLAINTEXT-IN, OV-NO-PLAINTEXT-OUT
    minPdcs: 1,
    minHostsPerPdc: 1,
    a: FIRST_HOST,
    b: { host: (_, count) => count - 1, overlay: 0 },
    steps: [
      { op: 'forgeVxlan', from: 'ext1', to: 'vm1', port: 8080 },
      { op: 'leakVxlan', from: 'vm1', to: 'ext1' },
    ],
  },
];

/** Run `run`'s focus, or undefined when `o` cannot hold it (too few sites or instances). */
export function danubeFocusOf(
  run: number,
  o: Pick<CheckedOptions, 'maxSites' | 'maxInstances' | 'maxSteps'>,
): DanubeFocus | undefined {
  const focus = DANUBE_FOCUSES[run % DANUBE_FOCUSES.length]!;
  const fits =
    focus.minPdcs <= Math.min(3, o.maxSites) &&
    o.maxInstances >= 2 &&
    o.maxSteps >= focus.steps.length;
  return fits ? focus : undefined;
}

function buildScenario(shape: Shape, focus: DanubeFocus | undefined): ScenarioInput {
  const pdcCount = Math.max(shape.pdcCount, focus?.minPdcs ?? 1);
  const hostsPerPdc = Math.max(shape.hostsPerPdc, focus?.minHostsPerPdc ?? 1);
  const pdcs = Array.from({ length: pdcCount }, (_, p) => `pdc${p + 1}`);
  const hosts = pdcs.flatMap((pdc, p) =>
    Array.from({ length: hostsPerPdc }, (_, h) => ({
      name: `${pdc}-cmp${h + 1}`,
      site: 'dc1',
      pdc,
      publicIp: hostPublicIp(p, h),
    })),
  );
  const used = [0, 0];
  const instances = shape.instances.map((s, i) => {
    const placed = i === 0 ? focus?.a : i === 1 ? focus?.b : undefined;
    // Most instances share the first overlay: OV-SWITCH needs pairs on one overlay.
    const o = placed?.overlay ?? (s.overlay === 3 ? 1 : 0);
    const overlay = DANUBE_OVERLAYS[o]!;
    const k = used[o]!++;
    const host = placed?.host(hostsPerPdc, hosts.length) ?? s.host % hosts.length;
    return {
      name: `vm${i + 1}`,
      network: overlay.name,
      host: hosts[host]!.name,
      ip: `${overlay.cidr.split('.').slice(0, 3).join('.')}.${10 + k}`,
    };
  });
  const names = instances.map((i) => i.name);
  const steps = [...(focus?.steps ?? []), ...shape.steps.map((p) => stepOf(p, names))];
  return {
    profile: 'danube',
    topology: {
      sites: [{ name: 'dc1' }],
      networks: DANUBE_OVERLAYS.map((n) => ({ ...n, site: 'dc1', kind: 'overlay' as const })),
      hosts,
      instances,
      externals: [{ name: 'ext1', ip: externalIp(0) }],
    },
    steps,
  };
}

/** One step from picks; `from` and `to` are distinct instances. */
function stepOf(p: StepPick, names: readonly string[]): Step {
  const from = names[p.a % names.length]!;
  const rest = names.filter((n) => n !== from);
  const to = rest[p.b % Math.max(1, rest.length)] ?? from;
  const port = PORTS[p.v % PORTS.length]!;
  switch (p.op) {
    case 0:
    case 1:
      return { op: 'probe', from, to, protocol: p.v % 2 === 0 ? 'udp' : 'tcp', port };
    case 2:
      return { op: 'probe', from, to, protocol: 'icmp' };
    case 3:
    case 4:
      return { op: 'mtuProbe', from, to, size: MTU_SIZES[p.v % MTU_SIZES.length]! };
    case 5:
    case 6:
      return { op: 'eavesdrop', from, to, port, link: p.v % 3 === 0 ? 'admin' : 'internet' };
    case 7:
      return { op: 'forgeVxlan', from: 'ext1', to, port };
    case 8:
      return { op: 'leakVxlan', from, to: 'ext1' };
    default:
      return { op: 'probe', from, to: 'ext1', protocol: 'udp', port };
  }
}

/** Danube scenarios for checked options: same seed, same scenarios, byte for byte. */
export function danubeScenarioArbitrary(o: CheckedOptions): fc.Arbitrary<ScenarioInput> {
  const focus = o.run === undefined ? undefined : danubeFocusOf(o.run, o);
  return danubeShape(o, focus).map((shape) => buildScenario(shape, focus));
}
