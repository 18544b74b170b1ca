/**
 * Subnets of the Docker networks. Only the VXLAN tunnels' outer packets use them, so
 * they come from a link-local block the address plan leaves free; Docker refuses
 * overlapping pools, so each network takes the next free /26.
 */

/** Docker networks take /26 blocks from 169.254.128.0/17 (512 blocks). */
const POOL_BASE = (169 << 24) | (254 << 16) | (128 << 8);
const BLOCKS = 512;
/** A /26 holds the gateway Docker reserves plus 61 containers. */
export const MAX_MEMBERS = 61;

function dotted(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** The `index`-th /26 of the pool (wrapping), such as `169.254.128.64/26`. */
export function subnetBlock(index: number): string {
  const block = ((index % BLOCKS) + BLOCKS) % BLOCKS;
  return `${dotted(POOL_BASE + block * 64)}/26`;
}

/** Starting block for a run, spread by its prefix so concurrent runs rarely probe alike. */
export function firstBlock(prefix: string): number {
  let hash = 0;
  for (const c of prefix) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash % BLOCKS;
}

/** Number of blocks, the bound of a probing loop. */
export const SUBNET_BLOCKS = BLOCKS;
