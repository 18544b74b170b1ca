/**
 * Whole scenarios: a topology and steps, plain JSON valid by construction. Topology
 * and steps are generated independently (steps name things through picks) and
 * joined with `map`, so fast-check shrinks both freely. With a run index, the
 * scenario starts with that run's coverage focus, placed in the topology.
 */
import fc from 'fast-check';
import type { ScenarioInput } from '../../spec/index.ts';
import type { AbstractStep } from './abstract-step.ts';
import { focusOf, placeFocus } from './coverage-schedule.ts';
import { danubeScenarioArbitrary } from './danube-arbitrary.ts';
import { droppable } from './droppable.ts';
import { checkOptions, type GeneratorOptions } from './generator-options.ts';
import { buildTopology, topologyShapeArbitrary } from './topology-arbitrary.ts';
import { abstractStepsArbitrary } from './steps-arbitrary.ts';
import { resolveChunks } from './resolve-steps.ts';
import { topologyView } from './topology-view.ts';

/** Scenarios for `options`: same seed (and run index), same scenarios, byte for byte. */
export function scenarioArbitrary(options: GeneratorOptions): fc.Arbitrary<ScenarioInput> {
  const o = checkOptions(options);
  // Overlays have their own steps and no security groups (danube-arbitrary.ts).
  if (o.profile === 'danube') return danubeScenarioArbitrary(o);
  const focus = o.run === undefined ? undefined : focusOf(o.run, o.profile);
  const focusSteps: fc.Arbitrary<AbstractStep[]> =
    focus === undefined ? fc.constant([]) : droppable(focus.steps, 'whole');
  return fc
    .tuple(topologyShapeArbitrary(o), focusSteps, abstractStepsArbitrary(o))
    .map(([generated, first, chunks]): ScenarioInput => {
      const shape =
        focus === undefined ? generated : placeFocus(generated, focus.placement, o.maxSites);
      const topology = buildTopology(o.profile, shape);
      const view = topologyView(o.profile, topology);
      const all = first.length === 0 ? chunks : [first, ...chunks];
      const steps = resolveChunks(view, topology, all, o.maxSteps);
      return { profile: o.profile, topology, steps };
    });
}
