/**
 * Safety: a run, a run killed with SIGKILL then `netconform cleanup`, and a run stopped
 * by SIGTERM all leave the root network namespace exactly as it was, and none of the
 * run's namespaces or processes behind.
 */
import { describe, expect, it } from 'vitest';
import { pidsInside } from '../../../containers/lifecycle/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { exited, namespacesOf, startHoldRun } from './hold-run.ts';
import { rootSnapshot } from './root-snapshot.ts';

describe('root namespace and leftovers', () => {
  it('a normal run leaves the root namespace unchanged and nothing behind', async () => {
    const before = await rootSnapshot();
    expect(before.sysctls).toMatch(/ip_forward=\d/);
    const { child, prefix } = await startHoldRun('destroy');
    expect(await exited(child)).toBe(0);
    expect(await namespacesOf(prefix)).toEqual([]);
    expect(await rootSnapshot()).toEqual(before);
  });

  it('a run killed with SIGKILL is removed by `netconform cleanup`, root unchanged', async () => {
    const before = await rootSnapshot();
    const { child, prefix } = await startHoldRun('hold');
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
    const { child, prefix } = await startHoldRun('hold');
    expect((await namespacesOf(prefix)).length).toBe(13);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(143);
    expect(await namespacesOf(prefix)).toEqual([]);
    expect(await rootSnapshot()).toEqual(before);
  });

  it('cleanup keeps a live run', async () => {
    const { child, prefix } = await startHoldRun('hold');
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
