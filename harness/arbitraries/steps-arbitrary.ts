/**
 * Scenario steps: a weighted mix of templates (short patterns that stress the
 * promises implementations break) and single random steps, resolved against the
 * topology chunk by chunk, keeping whole chunks within `maxSteps`.
 */
import fc from 'fast-check';
import type { ProfileName, ScenarioInput } from '../../spec/index.ts';
import type { AbstractStep } from './abstract-step.ts';
import { checkOptions, type GeneratorOptions } from './generator-options.ts';
import { randomStepArbitrary } from './random-step-arbitrary.ts';
import {
  flowLifecycleTemplate,
  relatedTemplate,
  replyAfterChangeTemplate,
  spoofTemplate,
} from './flow-templates.ts';
import {
  icmpWithoutIcmpRuleTemplate,
  inboundTemplate,
  ingressOnlyTemplate,
  natOutTemplate,
  privateOutTemplate,
} from './reachability-templates.ts';
import { portMatchTemplate } from './rule-edge-templates.ts';
import { grantingGroupTemplate, remoteGroupChangeTemplate } from './membership-templates.ts';
import { resolveChunks } from './resolve-steps.ts';
import { droppable } from './droppable.ts';
import { NEUTRON_L2_OPS, l2Template, secondaryIpTemplate } from './l2-templates.ts';
import { topologyView } from './topology-view.ts';

/** Schema steps as written in a scenario file. */
export type StepsInput = NonNullable<ScenarioInput['steps']>;

/** One template or random step; weights favour what breaks implementations. */
export function stepChunkArbitrary(profile: ProfileName): fc.Arbitrary<AbstractStep[]> {
  const safespring = profile === 'safespring';
  // Cross-shrinking lets a template shrink into a single random step.
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: randomStepArbitrary(profile), weight: 3 },
    { arbitrary: droppable(replyAfterChangeTemplate(profile)), weight: 6 },
    { arbitrary: droppable(flowLifecycleTemplate()), weight: 1 },
    { arbitrary: droppable(spoofTemplate()), weight: 2 },
    // nat/private exist only in safespring; elsewhere these fall back to any instance.
    { arbitrary: droppable(natOutTemplate()), weight: safespring ? 2 : 1 },
    { arbitrary: droppable(privateOutTemplate()), weight: safespring ? 3 : 0 },
    { arbitrary: droppable(inboundTemplate()), weight: 2 },
    { arbitrary: droppable(icmpWithoutIcmpRuleTemplate()), weight: 1 },
    { arbitrary: droppable(ingressOnlyTemplate()), weight: 1 },
    { arbitrary: droppable(portMatchTemplate()), weight: 4 },
    { arbitrary: droppable(remoteGroupChangeTemplate(profile)), weight: 4 },
    { arbitrary: droppable(grantingGroupTemplate()), weight: safespring ? 4 : 1 },
    { arbitrary: droppable(relatedTemplate()), weight: 2 },
    // cloudstack: the L2 promises of a basic zone (no-ops on routed plumbing); neutron:
    // foreign MACs and broadcast (NEUTRON-IP-MAC-PAIR, NEUTRON-BROADCAST).
    {
      arbitrary: droppable(profile === 'neutron' ? l2Template(NEUTRON_L2_OPS) : l2Template()),
      weight: profile === 'cloudstack' ? 3 : profile === 'neutron' ? 2 : 0,
    },
    { arbitrary: droppable(secondaryIpTemplate()), weight: profile === 'cloudstack' ? 1 : 0 },
  );
}

/** Chunks of abstract steps; `resolveChunks` keeps those that fit in `maxSteps`. */
export function abstractStepsArbitrary(options: GeneratorOptions): fc.Arbitrary<AbstractStep[][]> {
  const o = checkOptions(options);
  // At least one chunk: a scenario without steps checks nothing. Chunks that do not fit
  // are skipped, so a few more chunks than fit give the short ones a chance.
  return fc.array(stepChunkArbitrary(o.profile), {
    minLength: Math.min(1, o.maxSteps),
    maxLength: Math.max(1, o.maxSteps),
  });
}

/** Steps for a given concrete topology (any schema topology, generated or written). */
export function stepsArbitrary(
  topology: ScenarioInput['topology'],
  options: GeneratorOptions,
): fc.Arbitrary<StepsInput> {
  const o = checkOptions(options);
  const view = topologyView(o.profile, topology);
  return abstractStepsArbitrary(o).map((chunks) =>
    resolveChunks(view, topology, chunks, o.maxSteps),
  );
}
