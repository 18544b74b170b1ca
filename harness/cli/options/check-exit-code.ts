/** Exit codes of `check` and `run` from their verdicts. */
import type { ScenarioVerdict } from '../../runner/index.ts';
import { ExitCode } from '../../dataplane/exit-codes.ts';

/** agree 0, disagree 1, inconclusive 3, driver-error 4. */
export function exitCodeFor(verdict: ScenarioVerdict): ExitCode {
  switch (verdict) {
    case 'agree':
      return ExitCode.ok;
    case 'disagree':
      return ExitCode.disagreement;
    case 'inconclusive':
      return ExitCode.inconclusive;
    case 'driver-error':
      return ExitCode.driverError;
  }
}
