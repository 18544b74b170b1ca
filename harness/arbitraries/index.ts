/**
 * Scenario generators (fast-check arbitraries): whole scenarios and their building
 * blocks. Every generated scenario is plain JSON that passes `parseScenario`.
 */
export {
  type GeneratorOptions,
  defaultGeneratorOptions,
  GENERATOR_DEFAULTS,
  GENERATOR_LIMITS,
} from './generator-options.ts';
export { scenarioArbitrary } from './scenario-arbitrary.ts';
export { DANUBE_FOCUSES, danubeFocusOf, type DanubeFocus } from './danube-arbitrary.ts';
export { topologyArbitrary, type TopologyInput } from './topology-arbitrary.ts';
export { stepsArbitrary, type StepsInput } from './steps-arbitrary.ts';
export { FLOW_NAMES } from './resolve-steps.ts';
export { RULE_PORTS, RULE_RANGES, TRAFFIC_PORTS } from './port-universe.ts';
export {
  EXTERNAL_BLOCK,
  PROFILE_NETWORK_KINDS,
  SITE_NAMES,
  externalIp,
  hostPublicIp,
  networkCidr,
} from './address-plan.ts';
export { SCENARIO_PATTERNS, scenarioPatterns, type ScenarioPattern } from './scenario-patterns.ts';
export { DEFECT_WITNESSES, defectWitnesses, type DefectWitness } from './defect-witnesses.ts';
export { scenarioCoverage, type ScenarioCoverage } from './scenario-coverage.ts';
export { coverageTargets, REQUIREMENT_ENDS, REQUIREMENT_SITUATIONS } from './coverage-targets.ts';
export {
  CT_DELETE_FOCUSES,
  FOCUSES,
  focusOf,
  type Focus,
  type Placement,
} from './coverage-schedule.ts';
export { SITUATIONS, END_KINDS, placeOf, type Situation, type EndKind } from './situation.ts';
export { STEP_EFFECTS, CONFIG_OPS, stepEffects } from './step-effects.ts';
export { MATCH_EDGES, MATCH_FIELDS, matchEdges } from './match-edges.ts';
