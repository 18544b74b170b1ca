/**
 * Which configuration steps the scenario's traffic depends on: a step whose removal
 * from the scenario changes a later traffic verdict of the model is one an agent that
 * ignores that kind of step (or applies it half) would be caught on. The effect is
 * named by the side it works on: a rule's direction, or the role of the instance an
 * attach/detach changes in the flow (its source's egress, its destination's ingress,
 * or a peer's membership seen through a remote-group rule). Pure; runs the model.
 */
import {
  evaluateScenario,
  type Expectation,
  type ResolvedScenario,
  type Step,
} from '../../spec/index.ts';

/** Every configuration step kind. */
export const CONFIG_OPS = ['addRule', 'removeRule', 'attachGroup', 'detachGroup'] as const;

export type ConfigOp = (typeof CONFIG_OPS)[number];

/** The side of a flow a configuration step works on. */
export type EffectSide = 'ingress' | 'egress' | 'remote';

/** Every step effect the generator should show, as `step:<op>:<side>` features. */
export const STEP_EFFECTS: readonly string[] = CONFIG_OPS.flatMap((op) =>
  (op === 'attachGroup' || op === 'detachGroup'
    ? (['ingress', 'egress', 'remote'] as const)
    : (['ingress', 'egress'] as const)
  ).map((side) => `step:${op}:${side}`),
);

const delivered = (e: Expectation | undefined): boolean | undefined =>
  e?.kind === 'traffic' ? e.delivered : undefined;

const byRemoteGroup = (e: Expectation | undefined): boolean =>
  e?.kind === 'traffic' && e.requirements.includes('SG-REMOTE-GROUP');

/**
 * The side `config` worked on for a traffic step between `ends` whose verdict it
 * changed; `remote` when a remote-group rule decided either verdict.
 */
function sideOf(
  config: Extract<Step, { op: ConfigOp }>,
  ends: { from: string; to: string } | undefined,
  remote: boolean,
): EffectSide | undefined {
  if (config.op === 'addRule' || config.op === 'removeRule') return config.rule.direction;
  if (ends === undefined) return undefined;
  if (remote) return 'remote';
  if (ends.from === config.instance) return 'egress';
  if (ends.to === config.instance) return 'ingress';
  return 'remote';
}

/**
 * The `step:<op>:<side>` features of `scenario`. `ends[i]` are traffic step i's
 * endpoints (from the model's flow table for `send`).
 */
export function stepEffects(
  scenario: ResolvedScenario,
  expectations: readonly Expectation[],
  ends: readonly ({ from: string; to: string } | undefined)[],
): string[] {
  const found = new Set<string>();
  scenario.steps.forEach((config, j) => {
    if (expectations[j]?.kind !== 'config') return;
    if (
      config.op !== 'addRule' &&
      config.op !== 'removeRule' &&
      config.op !== 'attachGroup' &&
      config.op !== 'detachGroup'
    )
      return;
    const without = evaluateScenario({
      ...scenario,
      steps: scenario.steps.filter((_, i) => i !== j),
    }).results;
    for (let i = j + 1; i < scenario.steps.length; i++) {
      const withStep = expectations[i];
      const withoutStep = without[i - 1]?.expectation;
      const before = delivered(withStep);
      const after = delivered(withoutStep);
      if (before === undefined || after === undefined || before === after) continue;
      const side = sideOf(config, ends[i], byRemoteGroup(withStep) || byRemoteGroup(withoutStep));
      if (side !== undefined) found.add(`step:${config.op}:${side}`);
    }
  });
  return STEP_EFFECTS.filter((f) => found.has(f));
}
