/**
 * Deterministic identifiers for what real platforms name by UUID (networks, ports,
 * groups): the same topology gives the same IDs on every run, so a replayed repro
 * programs the same device names and conntrack zones.
 */
import { createHash } from 'node:crypto';

/** A UUID (version 5 layout) derived from `kind` and `name`, plus an optional salt. */
export function stableUuid(kind: string, name: string, salt = 0): string {
  const hex = createHash('sha1').update(`netconform:${kind}:${name}:${salt}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/**
 * UUIDs for `names` (in order) that differ in their first `unique` characters, as
 * neutron needs for port IDs (devices are `tap` + id[:11], chains use id[:10]).
 */
export function distinctUuids(kind: string, names: readonly string[], unique = 10): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    for (let salt = 0; ; salt++) {
      const id = stableUuid(kind, name, salt);
      if (seen.has(id.slice(0, unique))) continue;
      seen.add(id.slice(0, unique));
      return id;
    }
  });
}
