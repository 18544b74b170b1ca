/**
 * Safety for the bridged (CloudStack-flavoured, with pod-local DHCP/DNS servers) and the
 * danube (overlays with the reference driver's OpenVPN tunnels) netns dataplanes: a run,
 * a run killed with SIGKILL then `netconform cleanup`, and runs stopped by SIGTERM and
 * SIGINT (Ctrl-C) leave the root network namespace as it was (its `ip xfrm` state and
 * policies too) and none of the run's namespaces or processes (agents, pod servers,
 * OpenVPN daemons) behind. The run's own namespaces hold no xfrm state or policy while it
 * runs (tunnels are OpenVPN: this kernel has no ESP), so none can outlive them.
 */
import { describe, expect, it } from 'vitest';
import { pidsInside, stillRunning } from '../../../containers/lifecycle/index.ts';
import { daemonPrefix, runningDaemons } from '../../../containers/drivers/overlay-daemons.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { exited, namespacesOf, startHoldRun } from './hold-run.ts';
import { rootSnapshot } from './root-snapshot.ts';

type Kind = 'bridged' | 'danube';

/** `ip xfrm state` and `ip xfrm policy` of the namespace `name` (null: the root one). */
async function xfrm(name: string | null): Promise<string> {
  const enter = name === null ? [] : ['ip', 'netns', 'exec', name];
  const out: string[] = [];
  for (const what of ['state', 'policy']) {
    const r = await runCommand([...enter, 'ip', 'xfrm', what]);
    if (r.kind !== 'exited' || r.code !== 0)
      throw new Error(`ip xfrm ${what}: ${JSON.stringify(r)}`);
    out.push(r.stdout);
  }
  return out.join('');
}

/** What a running run has: its namespaces, the processes in them, its OpenVPN daemons. */
async function inventory(prefix: string) {
  const namespaces = await namespacesOf(prefix);
  const daemons = [...(await runningDaemons(daemonPrefix(prefix))).values()];
  return { namespaces, pids: pidsInside(namespaces), daemons };
}

/** The pids of `pids` that still run (a zombie has exited: only its parent's reaping is left). */
const alive = (pids: readonly number[]) => pids.filter(stillRunning);

async function expectNothingLeft(prefix: string, pids: readonly number[]) {
  expect(await namespacesOf(prefix)).toEqual([]);
  expect(alive(pids)).toEqual([]);
  expect([...(await runningDaemons(daemonPrefix(prefix))).keys()]).toEqual([]);
}

describe.each<Kind>(['bridged', 'danube'])('%s netns run: root namespace and leftovers', (kind) => {
  it('a normal run leaves the root namespace (and its xfrm) unchanged and nothing behind', async () => {
    const before = await rootSnapshot();
    const xfrmBefore = await xfrm(null);
    const { child, prefix } = await startHoldRun('destroy', kind);
    expect(await exited(child)).toBe(0);
    await expectNothingLeft(prefix, []);
    expect(await rootSnapshot()).toEqual(before);
    expect(await xfrm(null)).toBe(xfrmBefore);
  });

  it('a run killed with SIGKILL is removed by `netconform cleanup`, root unchanged', async () => {
    const before = await rootSnapshot();
    const xfrmBefore = await xfrm(null);
    const { child, prefix } = await startHoldRun('hold', kind);
    const running = await inventory(prefix);
    // Agents, pod servers (bridged) or tunnels (danube) are alive in the run's namespaces.
    expect(running.pids.length).toBeGreaterThan(0);
    if (kind === 'danube') expect(running.daemons.length).toBeGreaterThan(0);
    for (const ns of running.namespaces) expect(await xfrm(ns)).toBe('');
    child.kill('SIGKILL');
    await exited(child);
    // SIGKILL runs no handler: everything is still there until cleanup.
    expect(await namespacesOf(prefix)).toEqual(running.namespaces);
    expect(alive(running.daemons)).toEqual(running.daemons);

    const cleanup = await runCommand(
      [process.execPath, 'bin/netconform.mjs', 'cleanup', '--prefix', prefix],
      { timeoutMs: 120_000 },
    );
    expect(cleanup).toMatchObject({ kind: 'exited', code: 0 });
    expect(cleanup.kind === 'exited' && cleanup.stdout).toContain(
      `removed run ${prefix}: ${running.namespaces.length} namespaces`,
    );
    await expectNothingLeft(prefix, [...running.pids, ...running.daemons]);
    expect(await rootSnapshot()).toEqual(before);
    expect(await xfrm(null)).toBe(xfrmBefore);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s destroys the run before exiting with %i', async (signal, code) => {
    const before = await rootSnapshot();
    const { child, prefix } = await startHoldRun('hold', kind);
    const running = await inventory(prefix);
    expect(running.namespaces.length).toBeGreaterThan(0);
    child.kill(signal);
    expect(await exited(child)).toBe(code);
    await expectNothingLeft(prefix, [...running.pids, ...running.daemons]);
    expect(await rootSnapshot()).toEqual(before);
  });
});
