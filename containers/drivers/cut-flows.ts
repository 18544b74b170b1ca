/**
 * Deletes, in one host, the conntrack entries a removal takes: those of flows the
 * current rules no longer admit (CT-FLUSH-ON-REMOVE; containers/translate/flow-cut.ts),
 * or neutron's scope for the change since the previous apply (NEUTRON-CT-DELETE;
 * containers/translate/neutron-ct-scope.ts).
 */
import type { DriverHost, DriverState } from '../../harness/dataplane/index.ts';
import { runCommand } from '../../harness/process/index.ts';
import {
  cutCommands,
  neutronDeletions,
  neutronScopeCommands,
  parseConntrackList,
  type RenderOptions,
} from '../translate/index.ts';
import { toHostResult, type HostCommandResult } from './apply-nft-script.ts';

/**
 * Lists the host's entries and deletes those `options.cutScope` takes; `previous` is the
 * state of the previous apply of this scenario (null: none, nothing was removed).
 */
export async function cutFlows(
  host: DriverHost,
  previous: DriverState | null,
  state: DriverState,
  options: RenderOptions,
): Promise<HostCommandResult> {
  // Neutron deletes only what a removal since the previous apply takes: with none (a first
  // apply, or only additions) there is nothing to list on this apply's path.
  if (
    options.cutScope === 'neutron' &&
    (previous === null || neutronDeletions(previous, state, host).length === 0)
  )
    return { kind: 'ok' };
  const list = [...host.enter, 'conntrack', '-L'];
  const listed = await runCommand(list, { timeoutMs: 30_000 });
  if (listed.kind !== 'exited' || listed.code !== 0) return toHostResult(host, list, listed);
  const entries = parseConntrackList(listed.stdout);
  const commands =
    options.cutScope === 'neutron'
      ? neutronScopeCommands(previous, state, host, entries)
      : cutCommands(state, entries, options);
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
