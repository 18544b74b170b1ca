/**
 * Model throughput: step evaluations per second on a 20-instance, 60-rule scenario
 * with a realistic mix (probes, flows, rule and membership changes).
 * Target: >= 200,000 steps/s, so property runs are bound by the dataplane, not the model.
 */
import {
  initialState,
  parseScenario,
  profiles,
  step,
  type ModelState,
  type ResolvedScenario,
  type Rule,
  type ScenarioInput,
  type Step,
} from '../spec/index.ts';

const TARGET = 200_000;

/** A small deterministic generator (no seeds to manage, same steps every run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function buildScenario(): ResolvedScenario {
  const rand = lcg(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const networks = ['pub', 'nat', 'priv'];
  const groups = Array.from({ length: 8 }, (_, g) => ({ name: `g${g}`, rules: [] as Rule[] }));
  for (let r = 0; r < 60; r++) {
    const protocol = pick(['tcp', 'udp', 'icmp', 'any'] as const);
    const lo = 1 + Math.floor(rand() * 2000);
    const remote =
      rand() < 0.3
        ? { group: pick(groups).name }
        : { cidr: pick(['0.0.0.0/0', '198.51.100.0/24', '100.64.0.0/10', '203.0.113.0/24']) };
    groups[r % 8]!.rules.push({
      direction: rand() < 0.5 ? 'ingress' : 'egress',
      protocol,
      ...(protocol === 'tcp' || protocol === 'udp'
        ? { ports: `${lo}-${lo + Math.floor(rand() * 200)}` }
        : {}),
      remote,
    });
  }
  const input: ScenarioInput = {
    profile: 'safespring',
    topology: {
      sites: [{ name: 's1' }],
      networks: [
        { name: 'pub', site: 's1', kind: 'public', cidr: '198.51.100.0/24' },
        { name: 'nat', site: 's1', kind: 'nat', cidr: '100.64.0.0/16' },
        { name: 'priv', site: 's1', kind: 'private', cidr: '100.65.0.0/16' },
      ],
      hosts: [
        { name: 'h1', site: 's1' },
        { name: 'h2', site: 's1' },
      ],
      instances: Array.from({ length: 20 }, (_, i) => ({
        name: `i${i}`,
        network: networks[i % 3]!,
        host: `h${(i % 2) + 1}`,
        groups: [`g${i % 8}`, `g${(i * 3 + 1) % 8}`],
      })),
      groups,
      externals: [{ name: 'e1' }, { name: 'e2' }, { name: 'e3' }],
    },
  };
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error('bench scenario is invalid');
  const endpoints = [...parsed.scenario.topology.instances.map((i) => i.name), 'e1', 'e2', 'e3'];
  const steps: Step[] = [];
  for (let n = 0; n < 2000; n++) {
    const x = rand();
    const from = pick(endpoints);
    const to = pick(endpoints);
    const protocol = pick(['tcp', 'udp', 'icmp'] as const);
    const port = 1 + Math.floor(rand() * 2200);
    const flow = `f${Math.floor(rand() * 6)}`;
    if (x < 0.55) steps.push({ op: 'probe', from, to, protocol, port });
    else if (x < 0.65) steps.push({ op: 'open', flow, from, to, protocol, port });
    else if (x < 0.8)
      steps.push({ op: 'send', flow, direction: rand() < 0.5 ? 'forward' : 'reply' });
    else if (x < 0.85) steps.push({ op: 'close', flow });
    else if (x < 0.9)
      steps.push({ op: 'addRule', group: pick(groups).name, rule: pick(groups).rules[0]! });
    else if (x < 0.95)
      steps.push({ op: 'removeRule', group: pick(groups).name, rule: pick(groups).rules[0]! });
    else
      steps.push({
        op: rand() < 0.5 ? 'attachGroup' : 'detachGroup',
        instance: pick(endpoints),
        group: pick(groups).name,
      });
  }
  return { ...parsed.scenario, steps };
}

/** Prints `model.step-evals-per-s`. */
export async function bench(): Promise<void> {
  const scenario = buildScenario();
  const profile = profiles[scenario.profile];
  const run = (): number => {
    let state: ModelState = initialState(scenario);
    for (const s of scenario.steps) state = step(profile, state, s).state;
    return scenario.steps.length;
  };
  // The mix as the model sees it (no-ops are cheap, so show how many there are).
  const kinds = new Map<string, number>();
  let state: ModelState = initialState(scenario);
  for (const s of scenario.steps) {
    const r = step(profile, state, s);
    state = r.state;
    const key =
      r.expectation.kind === 'traffic'
        ? r.expectation.delivered
          ? 'delivered'
          : 'blocked'
        : r.expectation.kind;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  for (let i = 0; i < 20; i++) run(); // warm up the JIT
  let evaluations = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) evaluations += run();
  const perSecond = Math.round(evaluations / ((performance.now() - start) / 1000));
  const rules = scenario.topology.groups.reduce((n, g) => n + g.rules.length, 0);
  console.log(
    `model.scenario: ${scenario.topology.instances.length} instances, ${rules} rules, ${scenario.steps.length} steps`,
  );
  console.log(`model.mix: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(
    `model.step-evals-per-s: ${perSecond} /s (target >= ${TARGET}) ${perSecond >= TARGET ? 'ok' : 'BELOW TARGET'}`,
  );
  await Promise.resolve();
}
