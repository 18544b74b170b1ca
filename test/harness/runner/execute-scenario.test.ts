import { describe, expect, it } from 'vitest';
import type { Dataplane } from '../../../harness/dataplane/index.ts';
import { executeScenario } from '../../../harness/runner/index.ts';
import {
  fakeBackend,
  fakeDriver,
  modelObservations,
  observed,
  resolve,
  webScenario,
  type Answer,
} from './fakes.ts';

const scenario = webScenario();
const perfect = modelObservations(scenario);

async function run(answer: Answer, stop = true, driver = fakeDriver()) {
  const backend = fakeBackend(answer);
  const dataplane = await backend.create(scenario.topology, { probeTimeoutMs: 10 });
  const execution = await executeScenario(scenario, dataplane, driver, {
    stopAtFirstDisagreement: stop,
    snapshotOnDisagreement: true,
  });
  return { execution, backend, driver };
}

describe('executeScenario', () => {
  it('agrees on every step when the dataplane observes what the model expects', async () => {
    const { execution, driver, backend } = await run((_, call) => perfect[call]!);
    expect(execution.verdict).toBe('agree');
    expect(execution.steps.map((s) => s.verdict)).toEqual([
      'agree',
      'applied',
      'applied',
      'applied',
      'applied',
      'agree',
      'agree',
      'agree',
    ]);
    // The initial state, then one generation per configuration step.
    expect(driver.generations).toEqual([0, 1, 2, 3, 4]);
    expect(backend.actions.map((a) => a.kind)).toEqual(['probe', 'probe', 'open', 'send']);
    expect(execution.steps[0]!.requirements.length).toBeGreaterThan(0);
  });

  it('reports a disagreement only when the re-probe confirms it, and stops there', async () => {
    // Step 0 expects blocked; the dataplane delivers it twice.
    const { execution, backend } = await run((_, call) =>
      call <= 1 ? observed(true, '198.51.100.10') : perfect[call - 1]!,
    );
    expect(execution.verdict).toBe('disagree');
    expect(execution.firstDisagreement).toBe(0);
    expect(execution.steps).toHaveLength(1);
    expect(execution.steps[0]!.confirmation?.oracle.verdict).toBe('disagree');
    expect(execution.snapshot).not.toBeNull();
    expect(backend.actions).toHaveLength(2);
  });

  it('goes on after a disagreement when asked to (check)', async () => {
    const { execution } = await run(
      (_, call) => (call <= 1 ? observed(true) : perfect[call - 1]!),
      false,
    );
    expect(execution.verdict).toBe('disagree');
    expect(execution.steps).toHaveLength(scenario.steps.length);
    expect(execution.steps.slice(1).every((s) => s.verdict !== 'disagree')).toBe(true);
  });

  it('counts a disagreement the re-probe does not repeat as inconclusive (unconfirmed)', async () => {
    const { execution } = await run((_, call) =>
      call === 0 ? observed(true) : call === 1 ? observed(false) : perfect[call - 1]!,
    );
    expect(execution.verdict).toBe('inconclusive');
    expect(execution.steps[0]).toMatchObject({ verdict: 'inconclusive', unconfirmed: true });
    expect(execution.steps).toHaveLength(scenario.steps.length);
  });

  it('never reads a failed probe as blocked', async () => {
    const { execution } = await run(() => ({
      kind: 'inconclusive',
      reason: 'agent died',
      elapsedMs: 1,
    }));
    const traffic = execution.steps.filter((s) => s.expectation.kind === 'traffic');
    expect(traffic.every((s) => s.verdict === 'inconclusive')).toBe(true);
    expect(execution.verdict).toBe('inconclusive');
  });

  it('confirms an open with a probe of the same tuple, a send by sending again', async () => {
    // Flip the open (perform 2) and its confirmation.
    const flipOpen: Answer = (action, call) =>
      call === 2 || call === 3 ? observed(false) : perfect[call]!;
    const { execution, backend } = await run(flipOpen);
    expect(execution.firstDisagreement).toBe(6);
    expect(backend.actions[3]).toEqual({
      kind: 'probe',
      from: 'a',
      to: 'b',
      protocol: 'tcp',
      port: 80,
    });
    const flipSend: Answer = (action, call) => (call >= 3 ? observed(false) : perfect[call]!);
    const second = await run(flipSend);
    expect(second.execution.firstDisagreement).toBe(7);
    expect(second.backend.actions.slice(3)).toEqual([
      { kind: 'send', flow: 'f', direction: 'reply' },
      { kind: 'send', flow: 'f', direction: 'reply' },
    ]);
  });

  it('stops everything at a driver error, keeping message and stderr', async () => {
    const driver = fakeDriver((s) => (s.generation === 2 ? 'nft: syntax error' : null));
    const { execution } = await run((_, call) => perfect[call]!, true, driver);
    expect(execution.verdict).toBe('driver-error');
    expect(execution.driverError).toEqual({
      step: 2,
      message: 'nft: syntax error',
      stderr: 'fake stderr',
    });
    expect(execution.steps.at(-1)).toMatchObject({ index: 2, verdict: 'driver-error' });
  });

  it('reports a failing initial apply as a driver error before any step', async () => {
    const driver = fakeDriver(() => 'boom');
    const { execution, backend } = await run((_, call) => perfect[call]!, true, driver);
    expect(execution.driverError?.step).toBeNull();
    expect(execution.steps).toHaveLength(0);
    expect(backend.actions).toHaveLength(0);
  });
});

describe('executeScenario: migrate steps (CS-MIGRATE)', () => {
  const migrating = resolve({
    profile: 'cloudstack',
    topology: {
      sites: [{ name: 'z' }],
      networks: [{ name: 'pod', site: 'z', kind: 'public', cidr: '198.51.100.0/26' }],
      hosts: [
        { name: 'h1', site: 'z', publicIp: '192.0.2.1' },
        { name: 'h2', site: 'z', publicIp: '192.0.2.2' },
      ],
      instances: [
        { name: 'a', network: 'pod', host: 'h1', ip: '198.51.100.1' },
        { name: 'b', network: 'pod', host: 'h1', ip: '198.51.100.2' },
      ],
    },
    steps: [
      { op: 'migrate', instance: 'b', host: 'h2' },
      { op: 'probe', from: 'a', to: 'b', protocol: 'tcp', port: 22 },
    ],
  });
  const answers = modelObservations(migrating);

  it('ends the comparison as inconclusive on a dataplane that cannot move instances', async () => {
    const dataplane = await fakeBackend((_, call) => answers[call]!).create(migrating.topology, {
      probeTimeoutMs: 10,
    });
    const driver = fakeDriver();
    const execution = await executeScenario(migrating, dataplane, driver, {
      stopAtFirstDisagreement: true,
    });
    expect(execution.verdict).toBe('inconclusive');
    expect(execution.steps).toHaveLength(1);
    expect(execution.steps[0]!.note).toMatch(/cannot move instances between hosts/);
    expect(driver.generations).toEqual([0]);
  });

  it('moves the port, then the driver reconciles the new placement and later steps are compared', async () => {
    const base = await fakeBackend((_, call) => answers[call]!).create(migrating.topology, {
      probeTimeoutMs: 10,
    });
    const moves: string[] = [];
    const dataplane: Dataplane = {
      ...base,
      async migrate(instance, host) {
        moves.push(`${instance}->${host}`);
        return { kind: 'moved', host, hostInterface: 'vnet9', elapsedMs: 1 };
      },
    };
    const hosts: string[] = [];
    const driver = fakeDriver((state) => {
      hosts.push(state.ports.find((p) => p.instance === 'b')!.host);
      return null;
    });
    const execution = await executeScenario(migrating, dataplane, driver, {
      stopAtFirstDisagreement: true,
    });
    expect(moves).toEqual(['b->h2']);
    expect(hosts).toEqual(['h1', 'h2']);
    expect(execution.steps.map((s) => s.verdict)).toEqual(['applied', 'agree']);
    expect(execution.steps[0]!.note).toBe('port vnet9 on h2');
    expect(execution.steps[1]!.requirements).toContain('CS-MIGRATE');
  });

  it('a failed move ends the comparison as inconclusive with its reason', async () => {
    const base = await fakeBackend((_, call) => answers[call]!).create(migrating.topology, {
      probeTimeoutMs: 10,
    });
    const dataplane: Dataplane = {
      ...base,
      migrate: async () => ({ kind: 'failed', reason: 'RTNETLINK answers: File exists' }),
    };
    const execution = await executeScenario(migrating, dataplane, fakeDriver(), {
      stopAtFirstDisagreement: true,
    });
    expect(execution.verdict).toBe('inconclusive');
    expect(execution.steps[0]!.note).toMatch(/File exists/);
  });
});
