/**
 * Finds the overlay driver's tunnel daemons by the name each was started with
 * (`openvpn --daemon NAME`, visible in its command line), so any driver instance on the
 * same dataplane (pooled dataplanes outlive drivers) can keep or stop them by pid.
 */
import { readdir, readFile } from 'node:fs/promises';
import { runCommand } from '../../harness/process/index.ts';

/** The daemon name of tunnel `device` of `host` in run `runId`. */
export function daemonName(runId: string, host: string, device: string): string {
  return `netconform-overlay-${runId}-${host}-${device}`;
}

/** The common start of every daemon name of run `runId` (with a host: of that host). */
export function daemonPrefix(runId: string, host?: string): string {
  return host === undefined
    ? `netconform-overlay-${runId}-`
    : `netconform-overlay-${runId}-${host}-`;
}

/**
 * The command line that starts daemonizing `argv` so its daemon survives the start:
 * `runCommand` kills its command's process group when the command exits, and a daemon
 * child leaves that group only when it gets round to setsid(). Under load OpenVPN's was
 * often killed first (2 starts in 30 at load ~8, measured: the tunnel never appeared).
 * `setsid -w` runs the command in a session of its own, out of reach of that kill, and
 * still returns the command's exit status.
 */
export function daemonStart(argv: readonly string[]): string[] {
  return ['setsid', '-w', ...argv];
}

/** Pids of running daemons whose name starts with `prefix`, by name. */
export async function runningDaemons(prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (args[0] !== 'openvpn') continue;
    const name = args[args.indexOf('--daemon') + 1];
    if (name !== undefined && name.startsWith(prefix)) found.set(name, Number(entry));
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** True while `pid` runs (a zombie, whose reaper may never come here, counts as gone). */
const alive = (pid: number): Promise<boolean> =>
  readFile(`/proc/${pid}/stat`, 'utf8').then(
    (stat) => !/\) Z /.test(stat),
    () => false,
  );

/**
 * Stops `pid` and waits until it is gone (SIGTERM, then SIGKILL after 5 s): a daemon
 * still exiting holds its TUN device and carrier port, so a successor would fail to
 * start, or be taken for running and kept.
 */
export async function stop(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    if (!(await alive(pid))) return;
    if (i === 50) signal(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * How long a tunnel end may take to be configured after `openvpn --daemon` returned. A
 * readiness wait, not a verdict: generous for a loaded 2-core machine.
 */
export const TUNNEL_READY_MS = 30_000;

/**
 * Waits until `device` in the namespace `enter` leads into is configured: up, with the
 * tunnel's inner `address`. OpenVPN's `--daemon` returns before it creates the TUN
 * device, and creates it before it sets the device up and addresses it, so a route
 * through a device that merely exists failed under load ("Device for nexthop is not
 * up": `netconform run --profile danube --backend docker` seed 1218963110, run 46, load
 * 15-34). Resolves null when ready, else the last state seen (the caller's error).
 */
export async function waitForTunnelDevice(
  enter: readonly string[],
  device: string,
  address: string,
  limitMs = TUNNEL_READY_MS,
): Promise<string | null> {
  const deadline = Date.now() + limitMs;
  let last = 'not checked';
  for (;;) {
    // Lists the device's IPv4 addresses only while it is up.
    const r = await runCommand([
      ...enter,
      'ip',
      '-o',
      '-4',
      'address',
      'show',
      'dev',
      device,
      'up',
    ]);
    if (
      r.kind === 'exited' &&
      r.code === 0 &&
      new RegExp(` inet ${address.replaceAll('.', '\\.')}[ /]`).test(r.stdout)
    )
      return null;
    last =
      r.kind !== 'exited'
        ? r.kind
        : r.code !== 0
          ? r.stderr.trim() || `ip exited ${r.code}`
          : r.stdout.trim() === ''
            ? 'the device is down'
            : `the device has no ${address} yet`;
    if (Date.now() >= deadline) return `${device} not ready after ${limitMs} ms: ${last}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
