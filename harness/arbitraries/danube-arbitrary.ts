/**
 * Generated danube scenarios (seed 003): one Danube Cloud site whose compute hosts sit
 * in 1..maxSites physical datacenters (PDC), two overlays with distinct VXLAN numbers,
 * instances spread over hosts and overlays, and overlay steps: probes, MTU probes
 * around the overlay MTU, eavesdroppers on both links and unencrypted VXLAN forged in
 * and leaked out. Built from index picks with `map`, so every shrink is valid. The
 * coverage schedule of the other profiles does not apply.
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

function danubeShape(o: CheckedOptions) {
  return fc.record({
    pdcCount: fc.integer({ min: 1, max: Math.min(3, o.maxSites) }),
    hostsPerPdc: fc.integer({ min: 1, max: 2 }),
    instances: fc.array(fc.record({ host: pick(), overlay: fc.nat({ max: 3 }) }), {
      minLength: Math.min(2, o.maxInstances),
      maxLength: o.maxInstances,
    }),
    steps: fc.array(fc.record({ op: fc.nat({ max: 9 }), a: pick(), b: pick(), v: pick() }), {
      maxLength: o.maxSteps,
    }),
  });
}

type Shape = ReturnType<typeof danubeShape> extends fc.Arbitrary<infer S> ? S : never;

function buildScenario(shape: Shape): ScenarioInput {
  const pdcs = Array.from({ length: shape.pdcCount }, (_, p) => `pdc${p + 1}`);
  const hosts = pdcs.flatMap((pdc, p) =>
    Array.from({ length: shape.hostsPerPdc }, (_, h) => ({
      name: `${pdc}-cmp${h + 1}`,
      site: 'dc1',
      pdc,
      publicIp: hostPublicIp(p, h),
    })),
  );
  const used = [0, 0];
  const instances = shape.instances.map((s, i) => {
    // Most instances share the first overlay: OV-SWITCH needs pairs on one overlay.
    const o = s.overlay === 3 ? 1 : 0;
    const overlay = DANUBE_OVERLAYS[o]!;
    const k = used[o]!++;
    return {
      name: `vm${i + 1}`,
      network: overlay.name,
      host: hosts[s.host % hosts.length]!.name,
      ip: `${overlay.cidr.split('.').slice(0, 3).join('.')}.${10 + k}`,
    };
  });
  const names = instances.map((i) => i.name);
  const steps = shape.steps.map((p) => stepOf(p, names));
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
  return danubeShape(o).map(buildScenario);
}
