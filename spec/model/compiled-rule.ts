/**
 * Rules pre-parsed for the hot path: port bounds and CIDR ranges as integers, so a
 * match is a handful of comparisons (SG-MATCH, SG-REMOTE-GROUP).
 */
import { parseCidr } from '../address/index.ts';
import type { Direction, Rule, RuleProtocol, TrafficProtocol } from '../schema/scenario.ts';

export interface CompiledRule {
  readonly rule: Rule;
  readonly direction: Direction;
  readonly protocol: RuleProtocol;
  /** Inclusive port bounds; 1-65535 when the rule names no ports. */
  readonly lo: number;
  readonly hi: number;
  /** Remote block (host bits cleared), or -1/-1 for a remote group. */
  readonly first: number;
  readonly last: number;
  /** Remote group name, or null for a CIDR remote. */
  readonly group: string | null;
}

/** Compiles one rule. */
export function compileRule(rule: Rule): CompiledRule {
  let lo = 1;
  let hi = 65535;
  if (rule.ports !== undefined) {
    const dash = rule.ports.indexOf('-');
    lo = Number(dash < 0 ? rule.ports : rule.ports.slice(0, dash));
    hi = dash < 0 ? lo : Number(rule.ports.slice(dash + 1));
  }
  if ('cidr' in rule.remote) {
    const range = parseCidr(rule.remote.cidr);
    return {
      rule,
      direction: rule.direction,
      protocol: rule.protocol,
      lo,
      hi,
      first: range.first,
      last: range.last,
      group: null,
    };
  }
  return {
    rule,
    direction: rule.direction,
    protocol: rule.protocol,
    lo,
    hi,
    first: -1,
    last: -1,
    group: rule.remote.group,
  };
}

/**
 * SG-MATCH: does `r` admit this packet? `peer` is the remote address as the
 * filtering side sees it; `members` gives remote groups' member addresses
 * (SG-REMOTE-GROUP: the current members, whatever they were when the rule was made).
 */
export function ruleAdmits(
  r: CompiledRule,
  direction: Direction,
  protocol: TrafficProtocol,
  port: number,
  peer: number,
  members: ReadonlyMap<string, ReadonlySet<number>>,
): boolean {
  if (!ruleCoversTraffic(r, direction, protocol, port)) return false;
  return r.group === null
    ? peer >= r.first && peer <= r.last
    : members.get(r.group)?.has(peer) === true;
}

/** Direction, protocol and port of `r` match, whoever the peer is. */
export function ruleCoversTraffic(
  r: CompiledRule,
  direction: Direction,
  protocol: TrafficProtocol,
  port: number,
): boolean {
  if (r.direction !== direction) return false;
  if (r.protocol === 'any') return true;
  if (r.protocol !== protocol) return false;
  // icmp rules carry no ports; tcp/udp rules match an inclusive range.
  return protocol === 'icmp' || (port >= r.lo && port <= r.hi);
}

/** Structural equality, as `removeRule` needs (the first equal rule goes). */
export function sameRule(a: Rule, b: Rule): boolean {
  if (a.direction !== b.direction || a.protocol !== b.protocol || a.ports !== b.ports) return false;
  if ('cidr' in a.remote) return 'cidr' in b.remote && a.remote.cidr === b.remote.cidr;
  return 'group' in b.remote && a.remote.group === b.remote.group;
}
