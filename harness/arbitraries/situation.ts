/**
 * Where a flow runs, as coverage sees it: between two instances of one compute host,
 * of two hosts of one site, of two sites, or with the Internet at one end; and the
 * kind of each end (a network kind, or `external`). Pure.
 */
import type { NetworkKind, ResolvedTopology } from '../../spec/index.ts';

/** The situations a requirement can be exercised in. */
export const SITUATIONS = ['same-host', 'other-host', 'other-site', 'internet'] as const;

export type Situation = (typeof SITUATIONS)[number];

/** The kind of one end of a flow. */
export type EndKind = NetworkKind | 'external';

/** Every end kind, in report order. */
export const END_KINDS: readonly EndKind[] = ['public', 'nat', 'private', 'external'];

/** Situation and end kinds of one flow. */
export interface FlowPlace {
  readonly situation: Situation;
  readonly from: EndKind;
  readonly to: EndKind;
}

/** Where `from` -> `to` runs in `topology`; undefined when an end is unknown. */
export function placeOf(
  topology: ResolvedTopology,
  from: string,
  to: string,
): FlowPlace | undefined {
  const end = (name: string) => {
    const instance = topology.instances.find((i) => i.name === name);
    if (instance === undefined)
      return topology.externals.some((e) => e.name === name) ? ('external' as const) : undefined;
    const network = topology.networks.find((n) => n.name === instance.network);
    return network === undefined ? undefined : { instance, network };
  };
  const a = end(from);
  const b = end(to);
  if (a === undefined || b === undefined) return undefined;
  if (a === 'external' || b === 'external')
    return {
      situation: 'internet',
      from: a === 'external' ? a : a.network.kind,
      to: b === 'external' ? b : b.network.kind,
    };
  const situation: Situation =
    a.network.site !== b.network.site
      ? 'other-site'
      : a.instance.host === b.instance.host
        ? 'same-host'
        : 'other-host';
  return { situation, from: a.network.kind, to: b.network.kind };
}
