/**
 * A deliberately small port universe shared by rules and traffic, so that probes
 * land on rule edges: single ports, and two ranges sharing a boundary.
 */

/** Port specs a generated rule may carry (`undefined` = every port). */
export const RULE_PORTS = ['22', '80', '443', '1000-1002', '1003-1005', undefined] as const;

/** The ranges of `RULE_PORTS`, as numbers, for templates that probe their edges. */
export const RULE_RANGES = [
  { spec: '1000-1002', lo: 1000, hi: 1002 },
  { spec: '1003-1005', lo: 1003, hi: 1005 },
] as const;

/** Destination ports for generated traffic: the rule ports plus every range bound and its outer neighbour. */
export const TRAFFIC_PORTS = [22, 80, 443, 999, 1000, 1002, 1003, 1005, 1006] as const;

/** The port of a range probe: the upper bound weighs most (off-by-one bugs live there). */
export const RANGE_EDGE_OFFSETS = ['hi', 'hi', 'lo', 'hi+1', 'lo-1'] as const;

export type RangeEdge = (typeof RANGE_EDGE_OFFSETS)[number];

/** The concrete port of `edge` of `range`. */
export function rangeEdgePort(range: { lo: number; hi: number }, edge: RangeEdge): number {
  switch (edge) {
    case 'hi':
      return range.hi;
    case 'lo':
      return range.lo;
    case 'hi+1':
      return range.hi + 1;
    case 'lo-1':
      return range.lo - 1;
  }
}
