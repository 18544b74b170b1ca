/**
 * Hand-written files are strict: a step naming what the scenario never has is bad input
 * with a JSON path and a "did you mean" hint; the lenient parser (generated and shrunk
 * scenarios) still reads it as a no-op.
 */
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  formatIssues,
  parseScenario,
  parseStrictScenario,
  type ScenarioInput,
  type ScenarioIssue,
} from '../../../spec/index.ts';
import { oneSite, rule } from '../fixtures.ts';

type StepInput = NonNullable<ScenarioInput['steps']>[number];

const scenario = (steps: StepInput[], profile: ScenarioInput['profile'] = 'safespring') =>
  oneSite(
    profile,
    {
      instances: [
        { name: 'web', network: 'pub', host: 'h1', groups: ['g'], ip: '198.51.100.10' },
        { name: 'db', network: 'pub', host: 'h1', groups: ['g'] },
      ],
      groups: [{ name: 'g', rules: [rule('ingress', 'tcp', '0.0.0.0/0', '22')] }],
    },
    steps,
  );

function strictIssues(steps: StepInput[]): ScenarioIssue[] {
  const input = scenario(steps);
  expect(parseScenario(input).ok, 'the lenient parser accepts it').toBe(true);
  const parsed = parseStrictScenario(input);
  if (parsed.ok) throw new Error('expected the strict parser to reject the file');
  return parsed.issues;
}

function only(steps: StepInput[]): ScenarioIssue {
  const issues = strictIssues(steps);
  expect(issues, formatIssues(issues)).toHaveLength(1);
  return issues[0]!;
}

const probe = (from: string, to: string): StepInput => ({
  op: 'probe',
  from,
  to,
  protocol: 'tcp',
  port: 22,
});
const open = (flow: string): StepInput => ({
  op: 'open',
  flow,
  from: 'web',
  to: 'db',
  protocol: 'tcp',
  port: 22,
});

describe('strict step checks', () => {
  it('a mistyped instance in a probe: path and "did you mean"', () => {
    const i = only([probe('wbe', 'db')]);
    expect(i).toMatchObject({
      path: 'steps[0].from',
      message: 'unknown instance or external "wbe"',
    });
    expect(i.hint).toContain('did you mean "web"?');
  });

  it('a name far from every known one lists the known names instead', () => {
    expect(only([probe('web', 'zzzzzzzz')]).hint).toBe(
      'name an existing instance or external (known: web, db, ext)',
    );
  });

  it('unknown instance and group in attachGroup / detachGroup', () => {
    const issues = strictIssues([
      { op: 'attachGroup', instance: 'dbb', group: 'g' },
      { op: 'detachGroup', instance: 'web', group: 'gg' },
    ]);
    expect(issues.map((i) => [i.path, i.hint.slice(0, 19)])).toEqual([
      ['steps[0].instance', 'did you mean "db"? '],
      ['steps[1].group', 'did you mean "g"? ('],
    ]);
  });

  it('an external cannot be attached to a group or spoof', () => {
    expect(only([{ op: 'attachGroup', instance: 'ext', group: 'g' }]).path).toBe(
      'steps[0].instance',
    );
    const spoof = { op: 'spoof', from: 'ext', to: 'web', spoofedSource: '198.51.100.99', port: 53 };
    expect(only([spoof as StepInput]).path).toBe('steps[0].from');
  });

  it('unknown groups in rule steps, also as a rule remote', () => {
    const issues = strictIssues([
      { op: 'addRule', group: 'G', rule: rule('ingress', 'tcp', '0.0.0.0/0', '80') },
      { op: 'addRule', group: 'g', rule: rule('ingress', 'tcp', { group: 'gx' }, '80') },
    ]);
    expect(issues.map((i) => i.path)).toEqual(['steps[0].group', 'steps[1].rule.remote.group']);
  });

  it('removing a rule the group never has; one added earlier is fine', () => {
    const r80 = rule('ingress', 'tcp', '0.0.0.0/0', '80');
    const i = only([{ op: 'removeRule', group: 'g', rule: r80 }]);
    expect(i.path).toBe('steps[0].rule');
    expect(i.hint).toContain('ingress tcp 22');
    expect(
      parseStrictScenario(
        scenario([
          { op: 'addRule', group: 'g', rule: r80 },
          { op: 'removeRule', group: 'g', rule: r80 },
        ]),
      ).ok,
    ).toBe(true);
  });

  it('send and close on a flow never opened, or opened only later', () => {
    const issues = strictIssues([
      open('f1'),
      { op: 'send', flow: 'f2', direction: 'forward' },
      { op: 'close', flow: 'late' },
      open('late'),
    ]);
    expect(issues.map((i) => [i.path, i.hint])).toEqual([
      ['steps[1].flow', 'did you mean "f1"? (known: f1)'],
      ['steps[2].flow', 'move the step that opens it (steps[3]) before this one'],
    ]);
  });

  it('opening a flow that is already open; reopening after close is fine', () => {
    const i = only([open('f'), open('f')]);
    expect(i).toMatchObject({
      path: 'steps[1].flow',
      message: 'flow "f" is already open (steps[0] opened it)',
    });
    expect(
      parseStrictScenario(scenario([open('f'), { op: 'close', flow: 'f' }, open('f')])).ok,
    ).toBe(true);
  });

  it('steps that can never do anything: talking to itself, spoofing its own address', () => {
    expect(only([probe('web', 'web')]).path).toBe('steps[0].to');
    const spoof = { op: 'spoof', from: 'web', to: 'db', spoofedSource: '198.51.100.10', port: 53 };
    expect(only([spoof as StepInput]).path).toBe('steps[0].spoofedSource');
  });

  it('profile default groups count as declared (cloudstack)', () => {
    const input = scenario([{ op: 'detachGroup', instance: 'web', group: 'g' }], 'cloudstack');
    const withDefault = {
      ...input,
      topology: {
        ...input.topology,
        instances: [{ name: 'web', network: 'pub', host: 'h1', groups: ['default@acme'] }],
      },
      steps: [{ op: 'detachGroup' as const, instance: 'web', group: 'default@acme' }],
    };
    const parsed = parseStrictScenario(withDefault);
    expect(parsed.ok, parsed.ok ? '' : formatIssues(parsed.issues)).toBe(true);
  });

  it('edit distance counts a swap of adjacent letters as one edit', () => {
    expect(editDistance('wbe', 'web')).toBe(1);
    expect(editDistance('db', 'web')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
