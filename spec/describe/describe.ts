/** One-line human descriptions of rules and steps, for reasons, `explain` and reports. */
import type { Rule, Step, TrafficProtocol } from '../schema/scenario.ts';

/** `egress tcp 443 to 0.0.0.0/0`, `ingress any from group web`. */
export function describeRule(rule: Rule): string {
  const ports =
    rule.protocol === 'tcp' || rule.protocol === 'udp'
      ? rule.ports === undefined
        ? ' (all ports)'
        : ` ${rule.ports}`
      : '';
  const peer = 'cidr' in rule.remote ? rule.remote.cidr : `group ${rule.remote.group}`;
  return `${rule.direction} ${rule.protocol}${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}

/** `tcp/443`, `udp/53`, `icmp echo`. */
export function describeTraffic(
  protocol: TrafficProtocol,
  port: number | null | undefined,
): string {
  return protocol === 'icmp' ? 'icmp echo' : `${protocol}/${port ?? '?'}`;
}

/** The step in one readable line, e.g. `probe pub -> internet tcp/443`. */
export function describeStep(step: Step): string {
  switch (step.op) {
    case 'addRule':
    case 'removeRule':
      return `${step.op} ${step.group}: ${describeRule(step.rule)}`;
    case 'attachGroup':
      return `attachGroup ${step.group} to ${step.instance}`;
    case 'detachGroup':
      return `detachGroup ${step.group} from ${step.instance}`;
    case 'open':
      return `open ${step.flow}: ${step.from} -> ${step.to} ${describeTraffic(step.protocol, step.port)}`;
    case 'send':
      return `send ${step.flow} ${step.direction}`;
    case 'close':
      return `close ${step.flow}`;
    case 'probe':
      return `probe ${step.from} -> ${step.to} ${describeTraffic(step.protocol, step.port)}${step.closedPort ? ' (closed port)' : ''}`;
    case 'spoof':
      return `spoof ${step.from} -> ${step.to} udp/${step.port} as ${step.spoofedSource}`;
    case 'addIp':
      return `addIp ${step.ip} to ${step.instance}`;
    case 'migrate':
      return `migrate ${step.instance} to ${step.host}`;
    case 'macSpoof':
      return `macSpoof ${step.from} -> ${step.to} udp/${step.port} from a foreign MAC`;
    case 'arpSpoof':
      return `arpSpoof ${step.from} -> ${step.to}: ${step.gratuitous === true ? 'gratuitous ARP' : 'ARP reply'} for ${step.claimed}`;
    case 'broadcast':
      return `broadcast ${step.from} -> ${step.to} udp/${step.port}${step.multicast === true ? ' (multicast)' : ''}`;
    case 'rogueDhcp':
      return `rogueDhcp ${step.from} -> ${step.to}: DHCP offer`;
    case 'snoop':
      return `snoop ${step.from} -> other MAC udp/${step.port}, ${step.to} promiscuous`;
    case 'stray':
      return `stray ${step.from} -> ${step.to} tcp/${step.port}: ${step.segment === 'fin' ? 'FIN+ACK' : 'bare ACK'} of no connection`;
    case 'podQuery':
      return `podQuery ${step.from}: ${step.service === 'dhcp' ? 'DHCP discover' : 'DNS query'} to the pod-local server`;
    case 'mtuProbe':
      return `mtuProbe ${step.from} -> ${step.to}: ${step.size} bytes, DF set`;
    case 'eavesdrop':
      return `eavesdrop ${step.from} -> ${step.to} udp/${step.port} on ${step.link}`;
    case 'forgeVxlan':
      return `forgeVxlan ${step.from} -> ${step.to} udp/${step.port}`;
    case 'leakVxlan':
      return `leakVxlan ${step.from}'s host -> ${step.to}`;
  }
}
