/** Renders one security-group rule as an nft match expression. Pure. */
import ipaddr from 'ipaddr.js';
import type { DriverRule } from '../../harness/dataplane/index.ts';
import { groupSet } from './nft-names.ts';
import type { RenderOptions } from './render-options.ts';

/** `a.b.c.d/n` with host bits cleared (nft rejects them); `null` for /0 (matches all). */
export function normalizeCidr(cidr: string): string | null {
  const [address, length] = ipaddr.IPv4.parseCIDR(cidr);
  if (length === 0) return null;
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${length}`);
  return length === 32 ? network.toString() : `${network.toString()}/${length}`;
}

function protocolMatch(rule: DriverRule, options: RenderOptions): string | null {
  switch (rule.protocol) {
    case 'any':
      return null;
    case 'icmp':
      return 'meta l4proto icmp';
    case 'tcp':
    case 'udp':
      return options.protocolMatch === 'strict'
        ? `meta l4proto ${rule.protocol}`
        : 'meta l4proto { tcp, udp }';
  }
}

/**
 * The match part of `rule` (no verdict), with the remote matched on `peer` (`daddr` in
 * an egress chain, `saddr` in an ingress chain). `undefined` when the rule can match
 * nothing (an empty port range), so the caller leaves it out.
 */
export function renderRuleMatch(
  rule: DriverRule,
  peer: 'saddr' | 'daddr',
  options: RenderOptions,
): string | undefined {
  const parts: string[] = [];
  const protocol = protocolMatch(rule, options);
  if (protocol !== null) parts.push(protocol);
  if (rule.ports !== null && (rule.protocol === 'tcp' || rule.protocol === 'udp')) {
    const upper = options.portRangeUpper === 'inclusive' ? rule.ports.to : rule.ports.to - 1;
    if (upper < rule.ports.from) return undefined;
    parts.push(
      upper === rule.ports.from ? `th dport ${upper}` : `th dport ${rule.ports.from}-${upper}`,
    );
  }
  if ('cidr' in rule.remote) {
    const cidr = normalizeCidr(rule.remote.cidr);
    if (cidr !== null) parts.push(`ip ${peer} ${cidr}`);
  } else {
    parts.push(`ip ${peer} @${groupSet(rule.remote.group)}`);
  }
  return parts.join(' ');
}
