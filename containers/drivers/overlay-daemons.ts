/**
 * Finds the overlay driver's tunnel daemons by the name each was started with
 * (`openvpn --daemon NAME`, visible in its command line), so any driver instance on the
 * same dataplane (pooled dataplanes outlive drivers) can keep or stop them by pid.
 */
import { readdir, readFile } from 'node:fs/promises';

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
