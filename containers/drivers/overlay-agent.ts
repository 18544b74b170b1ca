/**
 * What danube's platform agent does on a host before any policy (seed 003): the vNIC
 * MTU from the overlay rule, and the static forwarding table of each overlay device,
 * reconciled against what the device holds (another driver may have left entries on a
 * pooled dataplane), in one `bridge -batch` per host. Rendering is pure
 * (`render-overlay-agent.ts`).
 */
import type { DriverHost, DriverState } from '../../harness/dataplane/index.ts';
import { runCommand } from '../../harness/process/index.ts';
import {
  desiredFdb,
  fdbBatch,
  mtuCommands,
  type FdbEntry,
  type OverlayOptions,
} from '../translate/index.ts';
import { runInHost, toHostResult, type HostCommandResult } from './apply-nft-script.ts';

interface ShownEntry {
  readonly mac: string;
  readonly dst?: string;
  readonly port?: number;
  readonly vni?: number;
}

/** The remote entries `host`'s overlay devices hold (the kernel omits a default port or VNI). */
async function currentFdb(
  state: DriverState,
  host: DriverHost,
): Promise<FdbEntry[] | HostCommandResult> {
  const entries: FdbEntry[] = [];
  for (const device of host.overlays ?? []) {
    const pool = state.pools.find((p) => p.network === device.network);
    const argv = [...host.enter, 'bridge', '-j', 'fdb', 'show', 'dev', device.vxlan];
    const r = await runCommand(argv);
    if (r.kind !== 'exited' || r.code !== 0) return toHostResult(host, argv, r);
    for (const e of JSON.parse(r.stdout || '[]') as ShownEntry[]) {
      if (e.dst === undefined) continue;
      entries.push({
        device: device.vxlan,
        mac: e.mac,
        dst: e.dst,
        port: e.port ?? pool?.udpPort ?? 0,
        vni: e.vni ?? pool?.vni ?? 0,
      });
    }
  }
  return entries;
}

/** Sets `host`'s overlay MTUs and forwarding table per `options`. */
export async function applyOverlayAgent(
  state: DriverState,
  host: DriverHost,
  options: OverlayOptions,
): Promise<HostCommandResult> {
  const mtu = mtuCommands(state, host.name, options);
  for (const command of mtu.host) {
    const r = await runInHost(host, command);
    if (r.kind !== 'ok') return r;
  }
  for (const argv of mtu.vnic) {
    const r = toHostResult(host, argv, await runCommand(argv));
    if (r.kind !== 'ok') return r;
  }
  const current = await currentFdb(state, host);
  if (!Array.isArray(current)) return current;
  const batch = fdbBatch(current, desiredFdb(state, host.name, options));
  if (batch.length === 0) return { kind: 'ok' };
  const argv = [...host.enter, 'bridge', '-batch', '-'];
  return toHostResult(host, argv, await runCommand(argv, { input: batch.join('\n') + '\n' }));
}
