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

/** Sends SIGTERM to `pid` (gone already is fine). */
export function stop(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
