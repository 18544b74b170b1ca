/**
 * Mutation figures as a user gets them: `netconform mutants --seed 1` (default budget,
 * probe timeout and shrink time) started as a real child process, read back from its
 * `mutation-result.json`: the mutation score and the median and worst time to catch
 * and to shrink, with the command that reproduces them. BENCH_MUTANTS_ARGS adds flags
 * (e.g. `--jobs 4`). Needs root; prints a skip line otherwise.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { netnsBackend } from '../containers/backends/index.ts';
import { MutationResult } from '../harness/mutation/index.ts';
import { shellCommandLine } from '../harness/process/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = (ms: number | null): string =>
  ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;

export async function bench(): Promise<void> {
  try {
    await netnsBackend.preflight();
  } catch (error) {
    console.log(`mutants: skipped (${(error as Error).message})`);
    return;
  }
  const extra = (process.env['BENCH_MUTANTS_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const args = ['mutants', '--seed', '1', ...extra];
  const out = await mkdtemp(join(tmpdir(), 'netconform-bench-mutants-'));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'netconform.mjs'), ...args, '--out', out],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  console.log(`mutants.command: ${shellCommandLine(['node', 'bin/netconform.mjs', ...args])}`);
  try {
    const result = MutationResult.parse(
      JSON.parse(await readFile(join(out, 'mutation-result.json'), 'utf8')),
    );
    const s = result.score;
    console.log(`mutants.score: ${s.caught}/${s.total} = ${s.percent.toFixed(1)} % (target 100 %)`);
    console.log(`mutants.median-time-to-catch: ${seconds(s.medianTimeToCatchMs)}`);
    console.log(`mutants.worst-time-to-catch: ${seconds(s.worstTimeToCatchMs)}`);
    console.log(`mutants.median-time-to-shrink: ${seconds(s.medianTimeToShrinkMs)}`);
    console.log(`mutants.total: ${seconds(wallMs)} process start to exit (exit ${code})`);
  } catch (error) {
    console.log(`mutants: no mutation-result.json (exit ${code}): ${(error as Error).message}`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
