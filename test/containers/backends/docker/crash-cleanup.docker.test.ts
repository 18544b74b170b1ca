/**
 * A run killed mid-way (SIGKILL: no handler runs) leaves containers, networks,
 * namespaces, agents and (bridged plumbing) its pod-local server behind; `netconform
 * cleanup` then removes every one of them and keeps the cached image.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../../harness/process/index.ts';
import { pidsInside } from '../../../../containers/lifecycle/remove-namespaces.ts';
import { processRefs, runningOf } from '../../../support/process-gone.ts';
import { containersOf, namespacesOf, networksOf, nodeImageCached } from './docker-engine.ts';

const fixture = fileURLToPath(new URL('./fixtures/crashing-run.ts', import.meta.url));
const cli = fileURLToPath(new URL('../../../../bin/netconform.mjs', import.meta.url));

/** Starts the crashing run and resolves with its prefix once it is built and probing. */
function startRun(): Promise<{ prefix: string; kill: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`crashing run exited early (${code}): ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, prefix, probe] = line.split(' ');
      if (word !== 'ready' || prefix === undefined) return;
      expect(probe).toBe('observed');
      resolve({ prefix, kill: () => child.kill('SIGKILL') });
    });
  });
}

describe('netconform cleanup after a crashed docker run', () => {
  it('removes the run’s containers, networks and namespaces, and keeps the image', async () => {
    const run = await startRun();
    run.kill();
    // The run's objects outlive it: that is what cleanup is for.
    expect((await containersOf(run.prefix)).length).toBeGreaterThan(0);
    expect((await networksOf(run.prefix)).length).toBeGreaterThan(0);
    expect((await namespacesOf(run.prefix)).length).toBeGreaterThan(0);
    const server = pidsInside([`netconform-${run.prefix}-d0`]);
    expect(server).toHaveLength(1);
    const serverRefs = processRefs(server);

    const result = await runCommand([process.execPath, cli, 'cleanup', '--prefix', run.prefix], {
      timeoutMs: 120_000,
    });
    expect(result).toMatchObject({ kind: 'exited', code: 0 });

    expect(await containersOf(run.prefix)).toEqual([]);
    expect(await networksOf(run.prefix)).toEqual([]);
    expect(await namespacesOf(run.prefix)).toEqual([]);
    expect(runningOf(serverRefs)).toEqual([]);
    expect(await nodeImageCached()).toBe(true);
  });
});
