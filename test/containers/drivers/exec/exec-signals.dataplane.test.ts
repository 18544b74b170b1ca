/**
 * SIGTERM while an external driver runs: the harness kills the driver's whole process
 * tree, removes the topology and its private run directory (driver state files, nft
 * scripts), and exits 143 well within a CI grace period of 10 s. `netconform cleanup`
 * removes the run directory of a process that died harder.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AnyDriverState } from '../../../../harness/dataplane/index.ts';
import { runCommand } from '../../../../harness/process/index.ts';
import { createFakeDriverDir } from './fake-drivers.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'netconform-signals-test-'));
chmodSync(base, 0o755);
const runtime = join(base, 'runtime');
const temp = join(base, 'tmp');
mkdirSync(temp);
const fakes = createFakeDriverDir();
afterAll(() => {
  fakes.remove();
  rmSync(base, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('signals with an external driver', () => {
  it('SIGTERM during a hanging apply kills the driver tree, removes everything, exits 143 in < 8 s', async () => {
    const marker = `600.${process.pid}`;
    const seen = join(base, 'state.json');
    const path = fakes.script(
      'hang.sh',
      `[ "$1" = apply ] || exit 0; cp "$2" "${seen}"; sleep ${marker} & sleep ${marker}`,
    );
    const walkthrough = `${root}examples/safespring-walkthrough.json`;
    const child = spawn(
      'node',
      [`${root}bin/netconform.mjs`, 'check', walkthrough, '--driver', `exec:${path}`],
      {
        env: { ...process.env, NETCONFORM_RUNTIME_DIR: runtime, TMPDIR: temp },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Wait until the driver runs (the apply of the initial state), then stop the run.
    await waitFor(() => existsSync(seen), 120_000).catch(async (error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    const state = AnyDriverState.parse(JSON.parse(readFileSync(seen, 'utf8')));
    const stopped = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(Date.now() - stopped).toBeLessThan(8_000);

    const left = await runCommand(['pgrep', '-f', `sleep ${marker}`]);
    expect(left).toMatchObject({ kind: 'exited', code: 1 });
    expect(readdirSync(runtime).filter((e) => e.startsWith('run-'))).toEqual([]);
    expect(readdirSync(temp).filter((e) => e.startsWith('netconform-'))).toEqual([]);
    const listed = await runCommand(['ip', 'netns', 'list']);
    expect(listed.kind === 'exited' ? listed.stdout : '').not.toContain(
      `netconform-${state.runId}-`,
    );
  });

  it('cleanup removes the run directory of a process that is gone, not a live one', async () => {
    const dead = join(runtime, 'run-999999-1');
    mkdirSync(join(dead, 'exec-x'), { recursive: true });
    // What `netconform cleanup` runs for run directories (the rest would touch other runs).
    const script = `import('${root}containers/lifecycle/index.ts').then((m) => {
      const mine = m.runDir();
      console.log(JSON.stringify({ mine, runDirs: m.removeStaleRunDirs() }));
    })`;
    const result = await runCommand(
      ['env', `NETCONFORM_RUNTIME_DIR=${runtime}`, 'node', '--import', 'tsx', '-e', script],
      { timeoutMs: 60_000 },
    );
    expect(result).toMatchObject({ kind: 'exited', code: 0 });
    const out = JSON.parse(result.kind === 'exited' ? result.stdout : '{}') as {
      mine: string;
      runDirs: string[];
    };
    expect(out.runDirs).toEqual([dead]);
    expect(out.runDirs).not.toContain(out.mine);
    expect(existsSync(dead)).toBe(false);
  });
});
