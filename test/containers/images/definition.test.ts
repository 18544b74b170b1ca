/** Image tags are content hashes of their definition: stable, and changed by any input. */
import { describe, expect, it } from 'vitest';
import { definitionHash, imageTag, NODE_IMAGE } from '../../../containers/images/index.ts';

describe('image definitions', () => {
  it('tags the node image with a 12-hex-digit hash of its definition', () => {
    expect(imageTag(NODE_IMAGE)).toMatch(/^netconform-node:[0-9a-f]{12}$/);
    expect(imageTag({ ...NODE_IMAGE })).toBe(imageTag(NODE_IMAGE));
  });

  it('does not depend on the order packages are listed in', () => {
    const reversed = { ...NODE_IMAGE, packages: [...NODE_IMAGE.packages].reverse() };
    expect(definitionHash(reversed)).toBe(definitionHash(NODE_IMAGE));
  });

  it('changes with the packages, the suite, the import instructions or the recipe version', () => {
    const variants = [
      { ...NODE_IMAGE, packages: [...NODE_IMAGE.packages, 'tcpdump'] },
      { ...NODE_IMAGE, suite: 'trixie' },
      { ...NODE_IMAGE, changes: [...NODE_IMAGE.changes, 'ENV A=1'] },
      { ...NODE_IMAGE, recipeVersion: NODE_IMAGE.recipeVersion + 1 },
    ];
    const hashes = new Set([NODE_IMAGE, ...variants].map(definitionHash));
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('ships the tools a compute host needs', () => {
    expect(NODE_IMAGE.packages).toEqual(
      expect.arrayContaining(['iproute2', 'nftables', 'conntrack', 'iputils-ping', 'procps']),
    );
  });
});
