/**
 * Executes a `ReshapePlan` (`reshape-plan.ts`) on a built netns dataplane whose agents
 * of removed endpoints are stopped: prune kept namespaces, remove the namespaces that
 * go, create the new ones with their links, configure them in full and the kept ones
 * by their difference, flush the kept ones' neighbour tables. Throws on the first failing phase; the caller then destroys the
 * dataplane (every namespace it may hold carries the run prefix).
 */
import { runCommand } from '../../../harness/process/index.ts';
import { removeNamespaces } from '../../lifecycle/index.ts';
import { commandFailure, runPhase } from './build-phase.ts';
import { configureNamespaces, namespaceAddLines } from './build.ts';
import { enterNamespace } from './names.ts';
import { flushNeighbours } from './flush-neighbours.ts';
import type { ReshapePlan, ReshapeScript } from './reshape-plan.ts';

const runScripts = (what: string, scripts: readonly ReshapeScript[]): Promise<void> =>
  runPhase(
    'netns',
    scripts.map(
      (s) => async () =>
        commandFailure(
          `${what} ${s.namespace}`,
          await runCommand([...enterNamespace(s.namespace), 'sh', '-s'], { input: s.script }),
        ),
    ),
  );

/** Applies `steps`; see the module comment. */
export async function applyReshape(steps: ReshapePlan): Promise<void> {
  await runScripts('pruning', steps.prune);
  const removal = await removeNamespaces(steps.remove);
  const errors = removal.errors.filter((e) => !/No such file|not exist/i.test(e));
  if (errors.length > 0) throw new Error(`reshaping: removing namespaces: ${errors.join('; ')}`);
  if (steps.create.length > 0) {
    await runPhase('netns', [
      async () =>
        commandFailure(
          'creating namespaces',
          await runCommand(['ip', '-batch', '-'], { input: namespaceAddLines(steps.create) }),
        ),
    ]);
  }
  const links = [
    ...steps.create
      .filter((ns) => ns.links.length > 0)
      .map((ns) => ({ namespace: ns.name, lines: ns.links })),
    ...steps.links,
  ];
  await runPhase(
    'netns',
    links.map(
      (l) => async () =>
        commandFailure(
          `creating links in ${l.namespace}`,
          await runCommand(['ip', '-n', l.namespace, '-batch', '-'], {
            input: l.lines.join('\n') + '\n',
          }),
        ),
    ),
  );
  await Promise.all([
    configureNamespaces('netns', steps.create),
    runScripts('reconfiguring', steps.configure),
  ]);
  // Nothing the last scenario resolved may speed up or hold this one's first packets.
  if (steps.flushNeighbours.length > 0) {
    const problem = await flushNeighbours(steps.flushNeighbours);
    if (problem !== null) throw new Error(`reshaping: ${problem}`);
  }
}
