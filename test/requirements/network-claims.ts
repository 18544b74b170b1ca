/**
 * Network requirements restated from their catalogue statements and the topology
 * alone, as a second check beside the model: who may start a flow to whom, and which
 * source address the receiver sees.
 */
import type { CheckResult, StepRecord } from '../../harness/runner/index.ts';
import type { NetworkKind, ResolvedScenario } from '../../spec/index.ts';
import type { Claim } from './dataplane-suite.ts';

interface End {
  readonly ip: string;
  /** Null for Internet (external) hosts. */
  readonly site: string | null;
  readonly kind: NetworkKind | 'external';
  readonly hostPublicIp: string | null;
}

function endsOf(scenario: ResolvedScenario): Map<string, End> {
  const t = scenario.topology;
  const ends = new Map<string, End>();
  for (const e of t.externals)
    ends.set(e.name, { ip: e.ip, site: null, kind: 'external', hostPublicIp: null });
  for (const i of t.instances) {
    const network = t.networks.find((n) => n.name === i.network)!;
    const host = t.hosts.find((h) => h.name === i.host)!;
    ends.set(i.name, {
      ip: i.ip,
      site: network.site,
      kind: network.kind,
      hostPublicIp: host.publicIp,
    });
  }
  return ends;
}

/** A new flow (probe/open) that the dataplane observed, with its two ends. */
interface NewFlow {
  readonly label: string;
  readonly from: End;
  readonly to: End;
  readonly delivered: boolean;
  readonly seenFrom: string | null;
}

function newFlows(scenario: ResolvedScenario, result: CheckResult): NewFlow[] {
  const ends = endsOf(scenario);
  return result.steps.flatMap((r: StepRecord) => {
    if ((r.step.op !== 'probe' && r.step.op !== 'open') || r.observation?.kind !== 'observed')
      return [];
    const { from, to } = r.step;
    return [
      {
        label: `step ${r.index + 1} ${from} -> ${to} ${r.step.protocol}`,
        from: ends.get(from)!,
        to: ends.get(to)!,
        delivered: r.observation.delivered,
        seenFrom: r.observation.seenFrom,
      },
    ];
  });
}

const outside = (a: End, b: End): boolean =>
  a.site === null || b.site === null || a.site !== b.site;

/**
 * Builds a claim: `applies` selects the new flows the statement speaks about, `holds`
 * says whether one of them behaved as stated. At least one flow must apply.
 */
function claim(
  what: string,
  applies: (f: NewFlow) => boolean,
  holds: (f: NewFlow) => boolean,
): Claim {
  return (scenario, result) => {
    const flows = newFlows(scenario, result).filter(applies);
    if (flows.length === 0) return [`no step of the scenario shows that ${what}`];
    return flows
      .filter((f) => !holds(f))
      .map(
        (f) => `${f.label}: expected ${what}; observed delivered=${f.delivered} from ${f.seenFrom}`,
      );
  };
}

/** Claims keyed by requirement ID. */
export const networkClaims: Record<string, Claim> = {
  'NET-PUBLIC': claim(
    'a public instance and the Internet see each other with their own addresses',
    (f) =>
      f.delivered &&
      f.seenFrom !== null &&
      ((f.from.kind === 'public' && f.to.kind === 'external') ||
        (f.from.kind === 'external' && f.to.kind === 'public')),
    (f) => f.seenFrom === f.from.ip,
  ),
  'NET-NAT-OUT': claim(
    "a nat instance's flow to the Internet arrives from its host's public address",
    (f) => f.from.kind === 'nat' && outside(f.from, f.to) && f.delivered && f.seenFrom !== null,
    (f) => f.seenFrom === f.from.hostPublicIp,
  ),
  'NET-NAT-IN': claim(
    'nothing outside the site starts a flow to a nat instance',
    (f) => f.to.kind === 'nat' && outside(f.from, f.to),
    (f) => !f.delivered,
  ),
  'NET-PRIVATE': claim(
    'a private instance never exchanges a new flow with anything outside its site',
    (f) => (f.from.kind === 'private' || f.to.kind === 'private') && outside(f.from, f.to),
    (f) => !f.delivered,
  ),
  'NET-INTERNAL-NO-NAT': claim(
    'instances of one site see each other with their own addresses',
    (f) => f.delivered && f.seenFrom !== null && !outside(f.from, f.to),
    (f) => f.seenFrom === f.from.ip,
  ),
  'NET-ONE-DOMAIN': claim(
    'instances on different networks of one site reach each other directly',
    (f) =>
      f.delivered &&
      f.from.kind !== f.to.kind &&
      f.from.kind !== 'external' &&
      !outside(f.from, f.to),
    (f) => f.seenFrom === null || f.seenFrom === f.from.ip,
  ),
};
