/**
 * What a built-in driver last applied to each host, so a reconcile skips the hosts
 * whose rendered ruleset did not change (one nft process fewer per unchanged host).
 * The exec contract is untouched: external drivers still get every apply.
 *
 * A host is only skipped when nothing could have changed its ruleset since our last
 * successful apply: the memory is forgotten when the run (dataplane) changes, when the
 * generation does not increase (a new scenario on a reused or rebuilt dataplane, or a
 * repeated apply), on teardown, and per host when an apply to it failed.
 */
import { createHash } from 'node:crypto';
import type { DriverHost, DriverState } from '../../harness/dataplane/index.ts';

/** The part of a script that reaches the kernel: comment lines (the generation) dropped. */
function policyHash(script: string): string {
  const policy = script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  return createHash('sha256').update(policy).digest('hex');
}

const hostKey = (host: DriverHost): string => `${host.name}\0${host.enter.join('\0')}`;

/** Per-host hashes of the last successfully applied scripts of one driver. */
export class AppliedRulesets {
  #runId: string | undefined;
  #generation = -1;
  readonly #hashes = new Map<string, string>();

  /**
   * Starts an apply of `state`: forgets everything unless it continues the same run
   * with a higher generation.
   */
  begin(state: DriverState): void {
    if (state.runId !== this.#runId || state.generation <= this.#generation) this.forget();
    this.#runId = state.runId;
    this.#generation = state.generation;
  }

  /** True when `script` is what the last successful apply left on `host`. */
  unchanged(host: DriverHost, script: string): boolean {
    return this.#hashes.get(hostKey(host)) === policyHash(script);
  }

  /** Records the outcome of applying `script` to `host` (a failure forgets the host). */
  record(host: DriverHost, script: string, ok: boolean): void {
    if (ok) this.#hashes.set(hostKey(host), policyHash(script));
    else this.#hashes.delete(hostKey(host));
  }

  /** Forgets every host (teardown, another dataplane, a new scenario). */
  forget(): void {
    this.#hashes.clear();
    this.#runId = undefined;
    this.#generation = -1;
  }
}
