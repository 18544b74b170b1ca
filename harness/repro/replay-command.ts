/** The exact command line that replays a scenario file. */
import { shellQuote } from '../process/index.ts';

export { shellQuote };

export interface ReplayCommandOptions {
  readonly scenarioPath: string;
  readonly driver: string;
  readonly backend: string;
  /** Added only when it differs from the CLI default. */
  readonly probeTimeoutMs?: number;
  readonly repeat?: number;
}

/**
 * Default of `--probe-timeout`, shared by every command: how long after the sending
 * agent reports a packet sent a probe waits before calling it not delivered. Every
 * blocked probe costs this much (about 70% of a run's time), so it sets throughput.
 * Measured on the 2-core machine (`npm run bench -- run`): from "sent" to the token
 * seen, p99 7 ms and max 14 ms (netns) / 41 ms (docker) during 100-scenario runs with
 * other test suites running; whole positive probes under 5 CPU burners p99 46 ms, max
 * 90 ms. 200 ms keeps a margin of 5x over the worst seen, and a false "not delivered"
 * also has to repeat on the runner's re-probe before it counts. Raise it with
 * `--probe-timeout` on a slower or overloaded machine.
 */
export const DEFAULT_PROBE_TIMEOUT_MS = 200;

/** `netconform replay <file> --driver D --backend B [...]`. */
export function replayCommand(options: ReplayCommandOptions): string {
  const args = [
    'netconform',
    'replay',
    options.scenarioPath,
    '--driver',
    options.driver,
    '--backend',
    options.backend,
  ];
  if (options.probeTimeoutMs !== undefined && options.probeTimeoutMs !== DEFAULT_PROBE_TIMEOUT_MS) {
    args.push('--probe-timeout', String(options.probeTimeoutMs));
  }
  if (options.repeat !== undefined) args.push('--repeat', String(options.repeat));
  return args.map(shellQuote).join(' ');
}
