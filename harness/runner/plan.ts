/**
 * Run planning: which runs a shard owns and which scenario run k is. Pure and
 * deterministic: the same seed gives the same scenarios, byte for byte.
 */
import fc from 'fast-check';
import type { ScenarioInput } from '../../spec/index.ts';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The fast-check seed of run `k` under the run seed `seed` (a uint32). Runs of one
 * seed get unrelated seeds, and run k's seed does not depend on the shard.
 */
export function mixSeed(seed: number, k: number): number {
  return fmix32(fmix32(seed) ^ fmix32(Math.imul(k + 1, 0x9e3779b1))) | 0;
}

/** The runs (0-based) shard `shard` owns out of `runs`: every k with k % count == index - 1. */
export function shardRuns(runs: number, shard: Shard): number[] {
  if (!Number.isInteger(shard.count) || shard.count < 1) {
    throw new Error(`shard count must be a positive integer, got ${shard.count}`);
  }
  if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new Error(`shard index must be within 1..${shard.count}, got ${shard.index}`);
  }
  const owned: number[] = [];
  for (let k = shard.index - 1; k < runs; k += shard.count) owned.push(k);
  return owned;
}

/**
 * The scenario of run `k`: the first value fast-check draws from `arbitrary` with the
 * run's derived seed. `fc.check` with the same seed draws the same first value, which
 * is what lets the shrinker start from exactly this scenario.
 */
export function planScenario(
  arbitrary: fc.Arbitrary<ScenarioInput>,
  seed: number,
  k: number,
): ScenarioInput {
  const [value] = fc.sample(arbitrary, { seed: mixSeed(seed, k), numRuns: 1 });
  if (value === undefined) throw new Error('fast-check sampled no value; is the arbitrary empty?');
  return value;
}
