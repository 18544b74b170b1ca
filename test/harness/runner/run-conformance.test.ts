import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReproMeta, runAndRecord, type RecordRunOptions } from '../../../harness/repro/index.ts';
import { UsageError } from '../../../harness/dataplane/index.ts';
import { RunResult } from '../../../harness/runner/index.ts';
import { evaluateScenario, parseScenario } from '../../../spec/index.ts';
import { fakeBackend, fakeDriver, observed, type Answer, type FakeBackend } from './fakes.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const wideOpen: Answer = () => observed(true);

async function run(answer: Answer, extra: Partial<RecordRunOptions> = {}) {
  const outDir = await mkdtemp(join(tmpdir(), 'netconform-run-'));
  dirs.push(outDir);
  const backend = fakeBackend(answer);
  const result = await runAndRecord({
    backend,
    driverFactory: () => fakeDriver(),
    driver: 'fake',
    profile: 'safespring',
    runs: 30,
    seed: 2024,
    maxSteps: 8,
    maxInstances: 4,
    probeTimeoutMs: 300,
    outDir,
    ...extra,
  });
  return { result, outDir, backend };
}

describe('runConformance (fake dataplane)', () => {
  it('records a --plumbing other than the profile default in the bundle and its replay command', async () => {
    const plumbing = { mode: 'bridged', flavour: 'generic' } as const;
    const { result } = await run(wideOpen, { plumbing });
    expect(result.plumbing).toEqual(plumbing);
    const d = result.disagreement!;
    const meta = ReproMeta.parse(
      JSON.parse(await readFile(join(d.repro!.dir, 'meta.json'), 'utf8')),
    );
    expect(meta.plumbing).toEqual(plumbing);
    expect(meta.replayCommand).toContain('--backend fake --plumbing bridged:generic');
    expect(d.repro!.replayCommand).toBe(meta.replayCommand);
    const script = await readFile(join(d.repro!.dir, 'replay.sh'), 'utf8');
    expect(script).toContain('--backend fake --plumbing bridged:generic');
  });

  it('catches a firewall that lets everything through and writes a small repro', async () => {
    const { result, outDir, backend } = await run(wideOpen);
    expect(result.verdict).toBe('disagree');
    expect(result.stoppedBy).toBe('disagreement');
    const d = result.disagreement!;
    expect(d.repro).not.toBeNull();
    expect(d.shrunkSteps).toBeLessThanOrEqual(d.originalSteps);
    expect(d.shrunkSteps).toBeLessThanOrEqual(6);

    // run-result.json matches the schema the report reads.
    const written = JSON.parse(await readFile(join(outDir, 'run-result.json'), 'utf8'));
    expect(RunResult.parse(written).disagreement?.runIndex).toBe(d.runIndex);

    // The repro replays standalone: it parses, and every traffic step carries `expect`.
    const scenario = JSON.parse(await readFile(d.repro!.scenarioPath, 'utf8'));
    const parsed = parseScenario(scenario);
    expect(parsed.ok).toBe(true);
    const traffic = scenario.steps.filter((s: { op: string }) =>
      ['probe', 'open', 'send', 'spoof'].includes(s.op),
    );
    expect(traffic.length).toBeGreaterThan(0);
    const last = scenario.steps.at(-1);
    expect(last.expect?.delivered).toBe(false);

    const meta = ReproMeta.parse(
      JSON.parse(await readFile(join(d.repro!.dir, 'meta.json'), 'utf8')),
    );
    expect(meta).toMatchObject({
      seed: 2024,
      runIndex: d.runIndex,
      driver: 'fake',
      backend: 'fake',
    });
    expect(meta.replayCommand).toContain(`replay ${d.repro!.scenarioPath} --driver fake`);
    // The profile's own plumbing is recorded, and needs no flag to replay.
    expect(meta.plumbing).toEqual({ mode: 'routed' });
    expect(result.plumbing).toEqual({ mode: 'routed' });
    expect(meta.replayCommand).not.toContain('--plumbing');
    const table = await readFile(join(d.repro!.dir, 'steps.txt'), 'utf8');
    expect(table).toMatch(/disagree/);
    expect(
      await readFile(
        join(d.repro!.dir, 'hosts', `${backend.created[0]!.hosts[0]!.name}.nft.txt`),
        'utf8',
      ),
    ).toContain('fake');
    // Everything built was destroyed.
    expect(backend.destroyed).toBe(backend.created.length);
  });

  it('is deterministic: the same seed finds the same run and the same repro', async () => {
    const a = await run(wideOpen);
    const b = await run(wideOpen);
    expect(b.result.disagreement?.runIndex).toBe(a.result.disagreement?.runIndex);
    const scenario = async (r: typeof a) =>
      JSON.parse(await readFile(r.result.disagreement!.repro!.scenarioPath, 'utf8')).steps;
    expect(await scenario(b)).toEqual(await scenario(a));
  });

  it('--jobs: the same seed gives the same runs, verdicts, steps and repro for 1 and 3 jobs', async () => {
    // Answers depend on the action only, so any job order agrees: a spoof gets through
    // (a disagreement, in some later run), every other probe fails (inconclusive).
    const answer: Answer = (action) =>
      action.kind === 'spoof'
        ? observed(true, action.spoofedSource)
        : { kind: 'inconclusive', reason: 'no agent', elapsedMs: 1 };
    const strip = (r: RunResult) => ({
      verdict: r.verdict,
      stoppedBy: r.stoppedBy,
      runs: r.runs.map(({ durationMs: _d, dataplane: _p, steps, ...rest }) => ({
        ...rest,
        steps: steps.map(({ elapsedMs: _e, observation, confirmation, ...step }) => ({
          ...step,
          delivered: observation?.kind === 'observed' ? observation.delivered : null,
          confirmed: confirmation?.oracle.verdict ?? null,
        })),
      })),
      disagreement: r.disagreement && {
        runIndex: r.disagreement.runIndex,
        shrunkSteps: r.disagreement.shrunkSteps,
        path: r.disagreement.path,
      },
    });
    const one = await run(answer, { outDir: null });
    const three = await run(answer, { outDir: null, jobs: 3 });
    expect(one.result.stoppedBy).toBe('disagreement');
    expect(one.result.runs.length).toBeGreaterThan(3);
    expect(strip(three.result)).toEqual(strip(one.result));
    expect(three.backend.destroyed).toBe(three.backend.created.length);
    // A driver error in a later run stops both at the same run.
    const late = {
      outDir: null,
      driverFactory: () => fakeDriver((s) => (s.generation >= 5 ? 'bad' : null)),
    };
    const failing: Answer = () => ({ kind: 'inconclusive', reason: 'no agent', elapsedMs: 1 });
    const error1 = await run(failing, late);
    const error3 = await run(failing, { ...late, jobs: 3 });
    expect(error1.result.stoppedBy).toBe('driver-error');
    expect(error1.result.runs.length).toBeGreaterThan(1);
    expect(strip(error3.result)).toEqual(strip(error1.result));
    expect(error3.result.driverError).toEqual(error1.result.driverError);
  });

  it('counts failed probes as inconclusive, never as a verdict', async () => {
    const { result } = await run(
      () => ({ kind: 'inconclusive', reason: 'no agent', elapsedMs: 1 }),
      {
        runs: 10,
      },
    );
    expect(result.verdict).toBe('inconclusive');
    expect(result.totals.disagree).toBe(0);
    expect(result.totals.inconclusive).toBe(result.totals.trafficSteps);
    expect(result.totals.runsExecuted).toBe(10);
  });

  it('a dataplane that failed to build is an inconclusive run with its reason; a topology the plumbing cannot express stops the run as bad input', async () => {
    const failing = (error: Error): FakeBackend => {
      const backend = fakeBackend(() => ({
        kind: 'inconclusive',
        reason: 'no agent',
        elapsedMs: 1,
      }));
      const create = backend.create.bind(backend);
      let calls = 0;
      backend.create = (topology, options) =>
        ++calls >= 3 ? Promise.reject(error) : create(topology, options);
      return backend;
    };
    const engine = failing(new Error('engine gone'));
    const { result } = await run(() => observed(false), { backend: engine, runs: 4, outDir: null });
    expect(result.runs.map((r) => r.error)).toEqual([
      null,
      null,
      'building the dataplane failed: engine gone',
      'building the dataplane failed: engine gone',
    ]);
    expect(result.runs[2]?.verdict).toBe('inconclusive');

    const plumbing = failing(new UsageError('network "n" is nat: use routed plumbing'));
    await expect(
      run(() => observed(false), { backend: plumbing, runs: 4, outDir: null }),
    ).rejects.toThrow(/^run 2 of seed 2024 cannot be built: network "n" is nat/);
    expect(plumbing.destroyed).toBe(plumbing.created.length);
  });

  it('stops at a driver error with verdict driver-error', async () => {
    const { result } = await run(wideOpen, {
      driverFactory: () => fakeDriver((s) => (s.generation >= 1 ? 'bad rules' : null)),
    });
    expect(result.verdict).toBe('driver-error');
    expect(result.stoppedBy).toBe('driver-error');
    expect(result.driverError?.message).toBe('bad rules');
  });

  it('runs only its shard, and tallies requirements per step', async () => {
    const { result } = await run((_, call) => observed(call % 2 === 0), {
      runs: 9,
      shard: { index: 2, count: 3 },
      outDir: null,
    });
    const indices = result.runs.map((r) => r.index);
    expect(indices.length).toBeGreaterThan(0);
    expect(indices.every((k) => k % 3 === 1)).toBe(true);
    const compared = result.runs
      .flatMap((r) => r.steps)
      .filter((s) => s.requirements.length > 0 && s.expectation.kind === 'traffic');
    const exercised = new Set(compared.flatMap((s) => s.requirements));
    expect(result.requirements.map((r) => r.id).sort()).toEqual([...exercised].sort());
    for (const t of result.requirements)
      expect(t.agree + t.disagree + t.inconclusive).toBe(t.steps);
  });

  it('honours the time limit', async () => {
    const slow: Answer = async () => {
      await new Promise((r) => setTimeout(r, 30));
      return { kind: 'inconclusive', reason: 'slow', elapsedMs: 30 };
    };
    const { result } = await run(slow, { runs: 200, timeLimitMs: 150, outDir: null });
    expect(result.stoppedBy).toBe('time-limit');
    expect(result.totals.runsExecuted).toBeLessThan(200);
  });

  it('builds the next dataplane while a scenario runs, and destroys all it built', async () => {
    let builtAtFirstPerform: number | null = null;
    const backend: FakeBackend = fakeBackend(() => {
      builtAtFirstPerform ??= backend.created.length;
      return { kind: 'inconclusive', reason: 'no agent', elapsedMs: 1 };
    });
    const { result } = await run(() => observed(false), { backend, runs: 12, outDir: null });
    expect(result.stoppedBy).toBe('completed');
    expect(result.runs[1]?.dataplane).toBe('created');
    // Run 1's dataplane was being built before run 0 performed its first action.
    expect(builtAtFirstPerform).toBe(2);
    // Every dataplane built was used by a run, and destroyed.
    expect(result.totals.dataplanesBuilt).toBe(backend.created.length);
    expect(backend.destroyed).toBe(backend.created.length);
  });

  it('writes a pruned repro: no no-op steps, no topology its steps do not need, still failing', async () => {
    const { result } = await run(wideOpen);
    const d = result.disagreement!;
    const meta = ReproMeta.parse(
      JSON.parse(await readFile(join(d.repro!.dir, 'meta.json'), 'utf8')),
    );
    const parsed = parseScenario(JSON.parse(await readFile(d.repro!.scenarioPath, 'utf8')));
    if (!parsed.ok) throw new Error('the repro does not parse');
    const scenario = parsed.scenario;
    const noops = evaluateScenario(scenario).results.filter((r) => r.expectation.kind === 'noop');
    expect(noops).toEqual([]);
    const named = JSON.stringify(scenario.steps);
    const t = scenario.topology;
    for (const endpoint of [...t.instances, ...t.externals])
      expect(named).toContain(`"${endpoint.name}"`);
    const hosts = new Set(t.instances.map((i) => i.host));
    expect(t.hosts.every((h) => hosts.has(h.name))).toBe(true);
    const networks = new Set(t.instances.map((i) => i.network));
    expect(t.networks.every((n) => networks.has(n.name))).toBe(true);
    expect(meta.pruned).toBe(true);
    // The steps table is the pruned scenario's own execution, ending in the disagreement.
    expect(d.shrunkSteps).toBe(scenario.steps.length);
    expect(meta.failingStep).toBe(scenario.steps.length - 1);
  });

  it('stops shrinking after --shrink-time and keeps the smallest repro so far', async () => {
    const { result } = await run(wideOpen, { shrinkTimeLimitMs: 1 });
    const d = result.disagreement!;
    expect(result.limits.shrinkTimeLimitMs).toBe(1);
    expect(d.shrinkInterrupted).toBe(true);
    expect(d.repro).not.toBeNull();
    const meta = ReproMeta.parse(
      JSON.parse(await readFile(join(d.repro!.dir, 'meta.json'), 'utf8')),
    );
    expect(meta.shrinkInterrupted).toBe(true);
  });

  it('stops shrinking at --shrink-goal, not cut short, with a repro of at most that many steps', async () => {
    const full = (await run(wideOpen)).result.disagreement!;
    const { result } = await run(wideOpen, { shrinkGoalSteps: full.originalSteps });
    const d = result.disagreement!;
    expect(result.limits.shrinkGoalSteps).toBe(full.originalSteps);
    // The regenerated original already meets the goal: nothing else is tried.
    expect(d.shrinkCandidates).toBe(1);
    expect(full.shrinkCandidates).toBeGreaterThan(1);
    expect(d.shrinkInterrupted).toBe(false);
    expect(d.shrunkSteps).toBeLessThanOrEqual(full.originalSteps);
    expect(d.repro).not.toBeNull();
  });

  it('on an abort while shrinking, returns and writes the smallest repro so far', async () => {
    const interrupt = new AbortController();
    let ranOnDataplane = 0;
    const { result, outDir } = await run(wideOpen, {
      signal: interrupt.signal,
      onProgress: (event) => {
        if (event.phase !== 'shrinking') return;
        ranOnDataplane = Math.max(ranOnDataplane, event.shrinkCandidates);
        if (event.shrinkCandidates >= 2) interrupt.abort();
      },
    });
    const d = result.disagreement!;
    expect(d.shrinkInterrupted).toBe(true);
    // The candidate running when the abort came finishes; no further one starts.
    expect(ranOnDataplane).toBe(2);
    const meta = ReproMeta.parse(
      JSON.parse(await readFile(join(d.repro!.dir, 'meta.json'), 'utf8')),
    );
    expect(meta.shrinkInterrupted).toBe(true);
    expect(parseScenario(JSON.parse(await readFile(d.repro!.scenarioPath, 'utf8'))).ok).toBe(true);
    const written = RunResult.parse(
      JSON.parse(await readFile(join(outDir, 'run-result.json'), 'utf8')),
    );
    expect(written.disagreement?.repro?.dir).toBe(d.repro!.dir);
  });
});
