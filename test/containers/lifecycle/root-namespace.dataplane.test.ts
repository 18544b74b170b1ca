/**
 * Safety: a run, a run killed with SIGKILL then `netconform cleanup`, and a run stopped
 * by SIGTERM all leave the root network namespace exactly as it was, and none of the
 * run's namespaces or processes behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listNamespaces, pidsInside } from '../../../containers/lifecycle/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { rootSnapshot } from './root-snapshot.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/hold-dataplane.ts', import.meta.url));

/** Starts the fixture; resolves with the child and its run prefix once it is READY. */
function startRun(mode: 'hold' | 'destroy'): Promise<{ child: ChildProcess; prefix: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /READY (\S+)/.exec(d.toString());
      if (m) resolve({ child, prefix: m[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`fixture exited ${code} before READY: ${stderr}`)));
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.on('exit', (code) => r(code)));

const namespacesOf = async (prefix: string) =>
  (await listNamespaces()).filter((n) => n.startsWith(`netconform-${prefix}-`));

describe('root namespace and leftovers', () => {
  it('a normal run leaves the root namespace unchanged and nothing behind', async () => {
    const before = await rootSnapshot();
    expect(before.sysctls).toMatch(/ip_forward=\d/);
    const { child, prefix } = await startRun('destroy');
    expect(await exited(child)).toBe(0);
    expect(await namespacesOf(prefix)).toEqual([]);
    expect(await rootSnapshot()).toEqual(before);
  });

  it('a run killed with SIGKILL is removed by `netconform cleanup`, root unchanged', async () => {
    const before = await rootSnapshot();
    const { child, prefix } = await startRun('hold');
    const namespaces = await namespacesOf(prefix);
    expect(namespaces.length).toBe(13);
    child.kill('SIGKILL');
    await exited(child);
    expect(await namespacesOf(prefix)).toEqual(namespaces);

    const cleanup = await runCommand([
      process.execPath,
      'bin/netconform.mjs',
      'cleanup',
      '--prefix',
      prefix,
    ]);
    expect(cleanup).toMatchObject({ kind: 'exited', code: 0 });
    expect(cleanup.kind === 'exited' && cleanup.stdout).toContain(
      `removed run ${prefix}: 13 namespaces`,
    );
    expect(await namespacesOf(prefix)).toEqual([]);
    expect(pidsInside(namespaces)).toEqual([]);
    expect(await rootSnapshot()).toEqual(before);

    const again = await runCommand([
      process.execPath,
      'bin/netconform.mjs',
      'cleanup',
      '--prefix',
      prefix,
    ]);
    expect(again.kind === 'exited' && again.stdout).toBe('nothing to clean\n');
  });

  it('SIGTERM destroys the run before exiting with 143', async () => {
    const before = await rootSnapshot();
    const { child, prefix } = await startRun('hold');
    expect((await namespacesOf(prefix)).length).toBe(13);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(143);
    expect(await namespacesOf(prefix)).toEqual([]);
    expect(await rootSnapshot()).toEqual(before);
  });

  it('cleanup keeps a live run', async () => {
    const { child, prefix } = await startRun('hold');
    try {
      const cleanup = await runCommand([
        process.execPath,
        'bin/netconform.mjs',
        'cleanup',
        '--prefix',
        prefix,
      ]);
      expect(cleanup.kind === 'exited' && cleanup.stdout).toContain(`kept run ${prefix}`);
      expect((await namespacesOf(prefix)).length).toBe(13);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });
});
