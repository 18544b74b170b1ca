/**
 * The danube overlay driver (seed 003): per host the external-interface firewall (one nft
 * transaction), toward every host of another PDC an encrypted tunnel with its policy
 * routes (`render-overlay.ts`), and what the platform's agent does (`overlay-agent.ts`:
 * vNIC MTUs, the static forwarding table and with it the admin or Internet path). Tunnels are OpenVPN daemons in the host namespaces (this
 * kernel has no ESP: docs/backends.md), found by name (`overlay-daemons.ts`): a tunnel
 * already up is kept, one no longer wanted is stopped, so drivers can follow each other
 * on a pooled dataplane. Keys exist on disk only during an apply. The netns dataplane
 * also ends every process left in its
 * namespaces when it is destroyed.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  DriverHost,
  DriverResult,
  DriverState,
  FirewallDriver,
} from '../../harness/dataplane/index.ts';
import {
  encryptedPairs,
  openvpnArgs,
  overlayPorts,
  renderOverlayFirewall,
  staticKey,
  tunnelRouting,
  tunnelsOf,
  unencryptedPeers,
  OVERLAY_TABLE,
  type OverlayOptions,
  type Tunnel,
} from '../translate/index.ts';
import { applyNftScript, runInHost, type HostCommandResult } from './apply-nft-script.ts';
import { applyOverlayAgent } from './overlay-agent.ts';
import {
  daemonName,
  daemonPrefix,
  daemonStart,
  runningDaemons,
  stop,
  waitForTunnelDevice,
} from './overlay-daemons.ts';

async function startTunnel(
  state: DriverState,
  host: DriverHost,
  t: Tunnel,
  dir: string,
): Promise<HostCommandResult> {
  const keyFile = join(dir, `pair${t.pair}.key`);
  const hostDir = join(dir, host.name);
  await mkdir(hostDir, { recursive: true, mode: 0o700 });
  const name = daemonName(state.runId, host.name, t.device);
  const up = await runInHost(host, daemonStart(openvpnArgs(t, name, keyFile, hostDir)));
  if (up.kind !== 'ok') return up;
  // Routes through the device need it up (OpenVPN sets it up after creating it).
  const notReady = await waitForTunnelDevice(host.enter, t.device, t.localInner);
  if (notReady !== null) {
    // The log goes with this apply's directory: keep its end in the error (why it failed).
    const log = await readFile(join(hostDir, `${t.device}.log`), 'utf8').catch(() => '');
    const tail = log.trim().split('\n').slice(-5).join('\n');
    return {
      kind: 'failed',
      message: `host ${host.name}: tunnel ${t.device} to ${t.remote}: ${notReady}`,
      stderr: `openvpn log (end):\n${tail}`,
    };
  }
  for (const command of tunnelRouting(t, overlayPorts(state))) {
    const r = await runInHost(host, command);
    if (r.kind !== 'ok') return r;
  }
  return { kind: 'ok' };
}

async function applyHost(
  state: DriverState,
  host: DriverHost,
  options: OverlayOptions,
  dir: string,
  running: ReadonlyMap<string, number>,
): Promise<HostCommandResult> {
  const firewall = await applyNftScript(
    host,
    renderOverlayFirewall(
      host.uplink,
      overlayPorts(state),
      options,
      unencryptedPeers(state, host.name, options),
    ),
  );
  if (firewall.kind !== 'ok') return firewall;
  const wanted = tunnelsOf(state, host.name, options);
  const names = new Set(wanted.map((t) => daemonName(state.runId, host.name, t.device)));
  // A tunnel another driver left that this one does not want (a mutant after the reference).
  const mine = daemonPrefix(state.runId, host.name);
  await Promise.all(
    [...running]
      .filter(([name]) => name.startsWith(mine) && !names.has(name))
      .map(([, pid]) => stop(pid)),
  );
  const results = await Promise.all(
    wanted.map((t) =>
      running.has(daemonName(state.runId, host.name, t.device))
        ? { kind: 'ok' as const }
        : startTunnel(state, host, t, dir),
    ),
  );
  const failed = results.find((r) => r.kind === 'failed');
  return failed ?? applyOverlayAgent(state, host, options);
}

/** Creates a danube overlay driver with `options`. */
export function createOverlayDriver(name: string, options: OverlayOptions): FirewallDriver {
  let dir: string | null = null;
  return {
    name,
    async apply(state: DriverState): Promise<DriverResult> {
      const begun = performance.now();
      dir = await mkdtemp(join(tmpdir(), 'netconform-overlay-'));
      const running = await runningDaemons(daemonPrefix(state.runId));
      // Keys first: both ends of a pair read the same file.
      for (const { pair } of encryptedPairs(state, options))
        await writeFile(join(dir, `pair${pair}.key`), staticKey(state.runId, pair), {
          mode: 0o600,
        });
      const results = await Promise.all(
        state.hosts.map((h) => applyHost(state, h, options, dir as string, running)),
      );
      // The daemons have read their keys: nothing of this apply stays on disk.
      await rm(dir, { recursive: true, force: true });
      dir = null;
      const failed = results.filter((r) => r.kind === 'failed');
      if (failed.length === 0) return { kind: 'applied', elapsedMs: performance.now() - begun };
      return {
        kind: 'driver-error',
        message: failed.map((f) => `${f.message}: ${f.stderr.trim()}`).join('; '),
        stderr: failed.map((f) => f.stderr.trim()).join('\n'),
      };
    },
    async teardown(state: DriverState): Promise<void> {
      await Promise.all(
        [...(await runningDaemons(daemonPrefix(state.runId))).values()].map((pid) => stop(pid)),
      );
      if (dir !== null) await rm(dir, { recursive: true, force: true });
      dir = null;
      await Promise.all(
        state.hosts.map((h) =>
          applyNftScript(
            h,
            `add table inet ${OVERLAY_TABLE}\ndelete table inet ${OVERLAY_TABLE}\n`,
          ),
        ),
      );
    },
  };
}
