/**
 * Whole scenarios: a topology and steps, plain JSON valid by construction. Topology
 * and steps are generated independently (steps name things through picks) and
 * joined with `map`, so fast-check shrinks both freely.
 */
import fc from 'fast-check';
import type { ScenarioInput } from '../../spec/index.ts';
import { checkOptions, type GeneratorOptions } from './generator-options.ts';
import { buildTopology, topologyShapeArbitrary } from './topology-arbitrary.ts';
import { abstractStepsArbitrary } from './steps-arbitrary.ts';
import { resolveChunks } from './resolve-steps.ts';
import { topologyView } from './topology-view.ts';

/** Scenarios for `options`: same seed, same scenarios, byte for byte. */
export function scenarioArbitrary(options: GeneratorOptions): fc.Arbitrary<ScenarioInput> {
  const o = checkOptions(options);
  return fc
    .tuple(topologyShapeArbitrary(o), abstractStepsArbitrary(o))
    .map(([shape, chunks]): ScenarioInput => {
      const topology = buildTopology(o.profile, shape);
      const steps = resolveChunks(topologyView(o.profile, topology), topology, chunks, o.maxSteps);
      return { profile: o.profile, topology, steps };
    });
}
