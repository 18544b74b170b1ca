/**
 * Executes a `BuildPlan` with few processes: one `ip -batch` creates every namespace,
 * one `ip -n NS -batch` per parent creates its veths, one script per namespace
 * (sysctls + `ip -batch`, inside `ip netns exec`) configures it. Independent
 * namespaces run concurrently, bounded so a 2-core machine stays responsive.
 */
import { runCommand, type CommandResult } from '../../process/index.ts';
import { mapLimit } from './map-limit.ts';
import type { BuildPlan } from './plan.ts';

/** Processes run at once while building. */
const CONCURRENCY = 6;

function failure(what: string, result: CommandResult): string | null {
  if (result.kind === 'exited' && result.code === 0) return null;
  const detail =
    result.kind === 'spawn-failed'
      ? result.message
      : result.kind === 'timeout'
        ? 'timed out'
        : `exit ${result.code}: ${result.stderr.trim()}`;
  return `${what}: ${detail}`;
}

async function phase(tasks: readonly (() => Promise<string | null>)[]): Promise<void> {
  const problems = (await mapLimit(tasks, CONCURRENCY, (task) => task())).filter(
    (p): p is string => p !== null,
  );
  if (problems.length > 0)
    throw new Error(`building the netns dataplane failed:\n${problems.join('\n')}`);
}

/**
 * Builds `plan`. Throws on the first failing phase; the caller removes whatever
 * namespaces exist (all of them carry the run prefix).
 */
export async function buildPlan(plan: BuildPlan): Promise<void> {
  const add = plan.namespaces.map((ns) => `netns add ${ns.name}\n`).join('');
  await phase([
    async () =>
      failure('creating namespaces', await runCommand(['ip', '-batch', '-'], { input: add })),
  ]);
  await phase(
    plan.namespaces
      .filter((ns) => ns.links.length > 0)
      .map(
        (ns) => async () =>
          failure(
            `creating links in ${ns.name}`,
            await runCommand(['ip', '-n', ns.name, '-batch', '-'], {
              input: ns.links.join('\n') + '\n',
            }),
          ),
      ),
  );
  await phase(
    plan.namespaces.map(
      (ns) => async () =>
        failure(
          `configuring ${ns.name} (${ns.role} ${ns.entity})`,
          await runCommand(['ip', 'netns', 'exec', ns.name, 'sh', '-s'], { input: ns.script }),
        ),
    ),
  );
}
