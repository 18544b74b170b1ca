/**
 * `netconform run` started as a user starts it (a child process, timed from start to
 * exit, its result read back from disk), shared by the benches that measure throughput.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataplaneBackend } from '../harness/dataplane/index.ts';
import { shellCommandLine } from '../harness/process/index.ts';
import { RunResult } from '../harness/runner/index.ts';
import { shareLines, timeShares } from './run-figures.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const program = join(root, 'bin', 'netconform.mjs');
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** One finished `netconform run` process. */
/** GNU time, which reports the CPU of a command and every child it reaped. */
const GNU_TIME = '/usr/bin/time';

export interface CliRun {
  readonly command: string;
  readonly code: number | null;
  readonly wallMs: number;
  readonly jobs: number;
  readonly result: RunResult | null;
  readonly stderrTail: string;
  /** User + system CPU seconds of the whole process tree (GNU time), or null. */
  readonly cpuS: number | null;
}

/** Runs `netconform run ARGS --out TMP` as a user would; the result is read back from disk. */
export async function cliRun(args: readonly string[]): Promise<CliRun> {
  const out = await mkdtemp(join(tmpdir(), 'netconform-bench-'));
  const timing = join(out, 'cpu.txt');
  // The run itself is the printed command; GNU time around it only counts its CPU.
  const argv = [
    ...(existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%U %S', '-o', timing] : []),
    process.execPath,
    program,
    'run',
    ...args,
    '--out',
    out,
  ];
  const started = performance.now();
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  let result: RunResult | null = null;
  try {
    result = RunResult.parse(JSON.parse(await readFile(join(out, 'run-result.json'), 'utf8')));
  } catch {
    result = null;
  }
  const cpu = await readFile(timing, 'utf8').catch(() => '');
  const [user, sys] = cpu.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  const cpuS = user !== undefined && sys !== undefined && !isNaN(user + sys) ? user + sys : null;
  await rm(out, { recursive: true, force: true });
  return {
    command: shellCommandLine(['node', 'bin/netconform.mjs', 'run', ...args]),
    code,
    wallMs,
    jobs: Number(/, (\d+) jobs?\b/.exec(stdout)?.[1] ?? 1),
    result,
    stderrTail: stderr.slice(-400),
    cpuS,
  };
}

/** Throughput line, the shares of time and the command of one CLI run. */
export function report(name: string, run: CliRun): void {
  console.log(`run.${name}.command: ${run.command}`);
  const r = run.result;
  if (r === null) {
    console.log(`run.${name}: failed (exit ${run.code}): ${run.stderrTail}`);
    return;
  }
  const t = r.totals;
  const wall = t.runsExecuted / (run.wallMs / 1000);
  console.log(
    `run.${name}.scenarios-per-s: ${fmt(wall, 2)} /s (${t.runsExecuted} runs in ${fmt(run.wallMs / 1000)} s, ` +
      `process start to exit, ${run.jobs} job${run.jobs === 1 ? '' : 's'}; the run prints ` +
      `${fmt(t.scenariosPerSecond, 2)} /s over its run phase) (target >= 5)`,
  );
  console.log(
    `run.${name}.verdict: ${r.verdict}: ${t.steps} steps, ${t.disagree} disagree, ` +
      `${t.inconclusive} inconclusive, ${t.dataplanesBuilt} dataplanes built, exit ${run.code}`,
  );
  if (run.cpuS !== null)
    console.log(
      `run.${name}.core-s-per-scenario: ${fmt(run.cpuS / t.runsExecuted, 2)} core-s ` +
        `(user+sys of the process tree, ${fmt(run.cpuS)} s over ${t.runsExecuted} runs; ` +
        `<= 0.4 for 5 /s on 2 cores; inflated when the machine is loaded)`,
    );
  const how = (kind: string) => r.runs.filter((x) => x.dataplane === kind).length;
  console.log(
    `run.${name}.dataplanes: ${how('created')} created, ${how('reshaped')} reshaped, ` +
      `${how('reused')} reused as they were`,
  );
  for (const line of shareLines(`run.${name}`, timeShares(r, run.jobs))) console.log(line);
}

/** Why `backend` cannot run here, or null when it can. */
export async function unavailable(backend: DataplaneBackend): Promise<string | null> {
  try {
    await backend.preflight();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
