/**
 * Deletes, in one host, the conntrack entries of flows the current rules no longer
 * admit (CT-FLUSH-ON-REMOVE; which ones: containers/translate/flow-cut.ts).
 */
import type { DriverHost, DriverState } from '../../harness/dataplane/index.ts';
import { runCommand } from '../../harness/process/index.ts';
import { cutCommands, parseConntrackList, type RenderOptions } from '../translate/index.ts';
import { toHostResult, type HostCommandResult } from './apply-nft-script.ts';

/** Lists the host's entries and deletes those of unadmitted flows. */
export async function cutUnadmittedFlows(
  host: DriverHost,
  state: DriverState,
  options: RenderOptions,
): Promise<HostCommandResult> {
  const list = [...host.enter, 'conntrack', '-L'];
  const listed = await runCommand(list, { timeoutMs: 30_000 });
  if (listed.kind !== 'exited' || listed.code !== 0) return toHostResult(host, list, listed);
  const commands = cutCommands(state, parseConntrackList(listed.stdout), options);
  for (const command of commands) {
    const argv = [...host.enter, ...command];
    const result = await runCommand(argv, { timeoutMs: 30_000 });
    // Exit 1 with "0 flow entries": the flow ended meanwhile, nothing left to delete.
    if (result.kind === 'exited' && result.code === 1) continue;
    const outcome = toHostResult(host, argv, result);
    if (outcome.kind !== 'ok') return outcome;
  }
  return { kind: 'ok' };
}
