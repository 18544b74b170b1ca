/**
 * The exact command line that replays a scenario file, ready to paste into a shell
 * from any directory: the absolute path of this installation's `netconform` program
 * (the package does not put itself on PATH) and absolute, shell-quoted arguments.
 */
import { fileURLToPath } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { formatDriverSpec, readDriverSpec } from '../dataplane/driver-spec.ts';
import { shellQuote } from '../process/index.ts';

export { shellQuote };

/** Absolute path of the `netconform` program of this installation (`bin/netconform.mjs`). */
export const NETCONFORM_BIN = fileURLToPath(new URL('../../bin/netconform.mjs', import.meta.url));

/** A `netconform ...` command line that works when pasted: absolute program, quoted args. */
export function netconformCommand(args: readonly string[]): string {
  return [NETCONFORM_BIN, ...args].map(shellQuote).join(' ');
}

/**
 * `exec:PATH` / `exec-serve:PATH` with PATH made absolute (relative to the current
 * directory); any other spec (or text that is no spec) unchanged.
 */
export function absoluteDriverSpec(text: string): string {
  const spec = readDriverSpec(text);
  if ('error' in spec || spec.kind !== 'exec' || isAbsolute(spec.path)) return text;
  return formatDriverSpec({ ...spec, path: resolve(spec.path) });
}

export interface ReplayCommandOptions {
  /** Made absolute (relative to the current directory). */
  readonly scenarioPath: string;
  readonly driver: string;
  readonly backend: string;
  /** `--plumbing` value; given only when it is not the profile's default. */
  readonly plumbing?: string;
  /** Added only when it differs from the CLI default. */
  readonly probeTimeoutMs?: number;
  readonly repeat?: number;
}

/**
 * Default of `--probe-timeout`, shared by every command: the longest a probe waits
 * for its packet, counted from the sending agent reporting it sent. Blocked probes no
 * longer cost this much: they are called blocked after the adaptive wait
 * (containers/probe/adaptive-wait.ts) and watched until this has passed (late-arrival
 * audit, docs/cli.md "Probe timeout"). Measured on the 2-core machine (`npm run bench
 * -- run`): from "sent" to the token seen, p99 7 ms and max 14 ms (netns) / 41 ms
 * (docker) during 100-scenario runs with other test suites running; whole positive
 * probes under 5 CPU burners p99 46 ms, max 90 ms. But CI (stop 16, a 100-scenario
 * run) and runs beside other test suites saw echo round trips of 226-260 ms through
 * four namespaces, when the processes that send and see the packets wait for a core:
 * 200 ms, the old default, made those probes inconclusive or even confirmed
 * disagreements of the reference driver. 500 ms costs little (a delivered probe returns
 * when it arrives, a blocked one after the adaptive wait). Raise it with
 * `--probe-timeout` on a slower or overloaded machine.
 */
export const DEFAULT_PROBE_TIMEOUT_MS = 500;

/** The flags after `replay FILE`: `--driver D --backend B [...]`. */
export function replayFlags(options: Omit<ReplayCommandOptions, 'scenarioPath'>): string[] {
  const args = ['--driver', absoluteDriverSpec(options.driver), '--backend', options.backend];
  if (options.plumbing !== undefined) args.push('--plumbing', options.plumbing);
  if (options.probeTimeoutMs !== undefined && options.probeTimeoutMs !== DEFAULT_PROBE_TIMEOUT_MS) {
    args.push('--probe-timeout', String(options.probeTimeoutMs));
  }
  if (options.repeat !== undefined) args.push('--repeat', String(options.repeat));
  return args;
}

/** `/abs/bin/netconform.mjs replay /abs/scenario.json --driver D --backend B [...]`. */
export function replayCommand(options: ReplayCommandOptions): string {
  return netconformCommand(['replay', resolve(options.scenarioPath), ...replayFlags(options)]);
}

/**
 * `replay.sh` of a bundle: replays the `scenario.json` beside it, from any directory
 * (also after the bundle was moved); extra arguments go to `replay` (`--repeat 3`).
 */
export function replayScript(options: Omit<ReplayCommandOptions, 'scenarioPath'>): string {
  const command = [NETCONFORM_BIN, 'replay'].map(shellQuote).join(' ');
  const flags = replayFlags(options).map(shellQuote).join(' ');
  return (
    '#!/bin/sh\n' +
    '# Replays this repro; extra arguments go to `netconform replay`, e.g. --repeat 3.\n' +
    'here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 2\n' +
    `exec ${command} "$here/scenario.json" ${flags} "$@"\n`
  );
}
