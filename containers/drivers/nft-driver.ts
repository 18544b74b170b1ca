/**
 * A firewall driver built on the pure nft renderer: renders each host's script from
 * the full desired state and applies it in one transaction per host, all hosts at
 * once. A host whose rendered ruleset is what the last successful apply left there is
 * skipped (applied-rulesets.ts). The reference driver and every mutant are
 * configurations of this one driver.
 */
import type {
  DriverHost,
  DriverResult,
  DriverState,
  FirewallDriver,
} from '../../harness/dataplane/index.ts';
import { renderHostRuleset, renderTeardown, type RenderOptions } from '../translate/index.ts';
import { applyNftScript, runInHost, type HostCommandResult } from './apply-nft-script.ts';
import { AppliedRulesets } from './applied-rulesets.ts';
import { cutFlows } from './cut-flows.ts';

/** Rewrites the desired state before rendering (mutants that remember earlier applies). */
export type StateTransform = (state: DriverState) => DriverState;

/** What makes one nft driver differ from another. */
export interface NftDriverConfig {
  readonly name: string;
  /** Renderer options for this state (the reference reads them from the profile). */
  readonly renderOptions: (state: DriverState) => RenderOptions;
  /** Applied to every state before rendering; holds the driver's memory if any. */
  readonly transform?: StateTransform;
  /**
   * Commands (without the enter prefix) run in each host after every apply, also when
   * its ruleset was unchanged and not re-applied.
   */
  readonly afterApply?: readonly (readonly string[])[];
}

async function applyHost(
  host: DriverHost,
  script: string,
  afterApply: readonly (readonly string[])[],
  applied: AppliedRulesets,
  cut: (() => Promise<HostCommandResult>) | null,
): Promise<HostCommandResult> {
  if (!applied.unchanged(host, script)) {
    const result = await applyNftScript(host, script);
    applied.record(host, script, result.kind === 'ok');
    if (result.kind !== 'ok') return result;
  }
  for (const command of afterApply) {
    const result = await runInHost(host, command);
    if (result.kind !== 'ok') return result;
  }
  // Also when the ruleset was unchanged: level-triggered, like the ruleset itself.
  return cut === null ? { kind: 'ok' } : cut();
}

function firstFailure(results: readonly HostCommandResult[]): DriverResult | undefined {
  const failed = results.filter((r) => r.kind === 'failed');
  if (failed.length === 0) return undefined;
  return {
    kind: 'driver-error',
    // The message is complete for the user (it carries each host's stderr too).
    message: failed
      .map((f) => (f.stderr.trim() === '' ? f.message : `${f.message}: ${f.stderr.trim()}`))
      .join('; '),
    stderr: failed.map((f) => f.stderr.trim()).join('\n'),
  };
}

/** Creates a driver from `config`. */
export function createNftDriver(config: NftDriverConfig): FirewallDriver {
  const applied = new AppliedRulesets();
  // The state of the previous apply of the same scenario (NEUTRON-CT-DELETE cuts by the change).
  let previous: DriverState | null = null;
  return {
    name: config.name,
    async apply(desired: DriverState): Promise<DriverResult> {
      if (desired.hosts.some((h) => h.plumbing === 'overlay'))
        return {
          kind: 'driver-error',
          message: `${config.name}: the nft renderer has no policy for danube overlays; the overlay driver (containers/drivers/overlay-driver.ts) has`,
          stderr: '',
        };
      const started = performance.now();
      const state = config.transform?.(desired) ?? desired;
      const options = config.renderOptions(state);
      applied.begin(state);
      const before =
        previous !== null &&
        previous.runId === state.runId &&
        previous.generation < state.generation
          ? previous
          : null;
      previous = state;
      const results = await Promise.all(
        state.hosts.map((host) =>
          applyHost(
            host,
            renderHostRuleset(state, host.name, options),
            config.afterApply ?? [],
            applied,
            options.cutUnadmitted ? () => cutFlows(host, before, state, options) : null,
          ),
        ),
      );
      return firstFailure(results) ?? { kind: 'applied', elapsedMs: performance.now() - started };
    },
    async teardown(state: DriverState): Promise<void> {
      applied.forget();
      previous = null;
      const results = await Promise.all(
        state.hosts.map((host) => applyNftScript(host, renderTeardown())),
      );
      const failure = firstFailure(results);
      if (failure?.kind === 'driver-error') {
        throw new Error(`${config.name} teardown failed: ${failure.message}: ${failure.stderr}`);
      }
    },
  };
}
