/**
 * `netconform run --jobs N` as a user starts it (a real CLI process on netns): the
 * same seed gives the same runs whatever N is, and Ctrl-C with several scenarios in
 * flight removes every namespace the run created.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAIMS_DIR } from '../../../containers/lifecycle/index.ts';
import { runOrThrow } from '../../../harness/process/index.ts';
import { RunResult } from '../../../harness/runner/index.ts';
import { netconform, repoRoot } from './cli-process.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const outDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'netconform-jobs-'));
  dirs.push(dir);
  return dir;
};

/**
 * A run's content without timings and dataplane reuse (which depend on scheduling): probe
 * ids too, counted per dataplane, which keeps counting when it is reshaped for the next
 * run of its job.
 */
function content(result: RunResult): unknown {
  // The adaptive wait after which a probe is called blocked follows measured latencies.
  const untimed = <T extends { elapsedMs: number; blockedAfterMs?: number; probeId?: string }>(
    o: T | null,
  ) =>
    o === null
      ? null
      : {
          ...o,
          elapsedMs: 0,
          ...(o.blockedAfterMs === undefined ? {} : { blockedAfterMs: 0 }),
          ...(o.probeId === undefined ? {} : { probeId: '' }),
        };
  return {
    ...result,
    startedAt: '',
    durationMs: 0,
    totals: { ...result.totals, scenariosPerSecond: 0, dataplanesBuilt: 0 },
    runs: result.runs.map((r) => ({
      ...r,
      durationMs: 0,
      dataplane: '',
      steps: r.steps.map((s) => ({
        ...s,
        elapsedMs: 0,
        observation: untimed(s.observation),
        confirmation:
          s.confirmation === null
            ? null
            : { ...s.confirmation, observation: untimed(s.confirmation.observation) },
      })),
    })),
  };
}

/** Claimed run prefixes whose owner is `pid`. */
function prefixesOf(pid: number): string[] {
  let names: string[];
  try {
    names = readdirSync(CLAIMS_DIR);
  } catch {
    return [];
  }
  return names.filter((name) => {
    try {
      return (
        (JSON.parse(readFileSync(join(CLAIMS_DIR, name), 'utf8')) as { pid: number }).pid === pid
      );
    } catch {
      return false;
    }
  });
}

/** Namespaces of `prefixes` that exist now. */
async function namespacesOf(prefixes: ReadonlySet<string>): Promise<string[]> {
  const listed = await runOrThrow(['ip', 'netns', 'list']);
  return listed
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((ns) => [...prefixes].some((p) => ns.startsWith(`netconform-${p}-`)));
}

describe('netconform run --jobs (netns)', () => {
  it('the same seed gives the same run result with --jobs 1 and --jobs 3', async () => {
    const args = ['run', '--runs', '6', '--seed', '20261121'];
    const results: RunResult[] = [];
    for (const jobs of ['1', '3']) {
      const out = await outDir();
      const run = await netconform([...args, '--jobs', jobs, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${jobs} job`);
      results.push(
        RunResult.parse(JSON.parse(await readFile(join(out, 'run-result.json'), 'utf8'))),
      );
    }
    const [one, three] = results as [RunResult, RunResult];
    expect(one.runs.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(one.totals.trafficSteps).toBeGreaterThan(6);
    expect(content(three)).toEqual(content(one));
  });

  it('SIGINT with several scenarios in flight leaves none of its namespaces', async () => {
    const out = await outDir();
    const child = spawn('node', [
      `${repoRoot}bin/netconform.mjs`,
      'run',
      '--runs',
      '60',
      '--seed',
      '7',
      '--jobs',
      '3',
      '--out',
      out,
    ]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const pid = child.pid as number;
    const seen = new Set<string>();
    let inFlight = 0;
    // Signal once at least two dataplanes of this process have namespaces.
    for (let polls = 0; polls < 1200 && inFlight < 2; polls++) {
      await new Promise((r) => setTimeout(r, 100));
      for (const prefix of prefixesOf(pid)) seen.add(prefix);
      const present = await namespacesOf(seen);
      inFlight = new Set(present.map((ns) => ns.split('-')[1])).size;
    }
    expect(inFlight, stderr).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(await namespacesOf(seen)).toEqual([]);
    expect(prefixesOf(pid)).toEqual([]);
  });
});
