/**
 * What the container stock relies on: the shape of a Docker plan ignores the run
 * prefix and instances but not hosts or sites, and the clean-state fingerprint names
 * the links and tables a wipe keeps.
 */
import { describe, expect, it } from 'vitest';
import {
  fingerprintLinks,
  fingerprintTables,
  planDocker,
  shapeKey,
  wipeScript,
} from '../../../../containers/backends/docker/index.ts';
import { planNetns } from '../../../../containers/backends/netns/index.ts';
import { scaledTopology, twoSiteTopology } from '../../../../fixtures/topologies.ts';

const shape = (topology: ReturnType<typeof twoSiteTopology>, prefix: string) =>
  shapeKey(planDocker(planNetns(topology, prefix)));

describe('shapeKey', () => {
  it('is the same for two runs of one topology and for more instances on the same hosts', () => {
    expect(shape(scaledTopology(3, 2), 'ncaaa1')).toBe(shape(scaledTopology(3, 2), 'ncbbb2'));
    expect(shape(scaledTopology(3, 2), 'ncaaa1')).toBe(shape(scaledTopology(20, 2), 'ncaaa1'));
  });

  it('differs when hosts or sites differ', () => {
    expect(shape(scaledTopology(3, 2), 'ncaaa1')).not.toBe(shape(scaledTopology(3, 3), 'ncaaa1'));
    expect(shape(twoSiteTopology(), 'ncaaa1')).not.toBe(shape(scaledTopology(6, 3), 'ncaaa1'));
  });
});

const fingerprint = [
  '== links',
  'lo',
  'eth0@if7055',
  '== addresses',
  '== nftables',
  'table ip nat {',
  '\tchain OUTPUT {',
  '\t}',
  '}',
  '== sysctls',
  '',
].join('\n');

describe('clean-state fingerprint', () => {
  it('names the links (without their peer) and the nftables tables', () => {
    expect(fingerprintLinks(fingerprint)).toEqual(['lo', 'eth0']);
    expect(fingerprintTables(fingerprint)).toEqual(['ip nat']);
  });

  it('the wipe keeps exactly those links and tables', () => {
    const script = wipeScript(fingerprint);
    expect(script).toContain('case " lo eth0 " in');
    expect(script).toContain('for t in "ip nat"; do');
    expect(script).toContain('conntrack -F');
  });
});
