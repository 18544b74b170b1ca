/**
 * Docker leftovers of crashed runs for `netconform cleanup`: containers and networks
 * labelled by the Docker backend whose run's owner process is gone. Cached images are
 * kept. The runs' namespaces carry the same prefix and go with the netns cleanup.
 */
import type { CleanupOptions } from '../../lifecycle/index.ts';
import { liveOwner } from '../../lifecycle/index.ts';
import { dockerode } from './engine.ts';
import { LABEL_RUN } from './labels.ts';
import { labelFilter, removeDockerRun, type DockerRemoval } from './remove-run.ts';

export type DockerCleanupReport =
  | { readonly kind: 'no-engine'; readonly reason: string }
  | {
      readonly kind: 'done';
      readonly removed: readonly DockerRemoval[];
      readonly skipped: readonly { readonly prefix: string; readonly pid: number }[];
    };

/** Removes the Docker objects of runs that are gone (see `CleanupOptions`). Never throws for a missing engine. */
export async function cleanupDockerLeftovers(
  options: CleanupOptions = {},
): Promise<DockerCleanupReport> {
  let docker;
  try {
    docker = await dockerode();
    await docker.ping();
  } catch (error) {
    return { kind: 'no-engine', reason: (error as Error).message };
  }
  const filters = labelFilter(null);
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
  ]);
  const prefixes = new Set(
    [
      ...containers.map((c) => c.Labels[LABEL_RUN]),
      ...networks.map((n) => n.Labels?.[LABEL_RUN]),
    ].filter((p): p is string => p !== undefined),
  );
  const removed: DockerRemoval[] = [];
  const skipped: { prefix: string; pid: number }[] = [];
  for (const prefix of [...prefixes].sort()) {
    if (options.prefix !== undefined && prefix !== options.prefix) continue;
    const owner = liveOwner(prefix);
    if (owner !== null && owner !== process.pid && options.includeLive !== true) {
      skipped.push({ prefix, pid: owner });
      continue;
    }
    removed.push(await removeDockerRun(docker, prefix));
  }
  return { kind: 'done', removed, skipped };
}

/** Human-readable lines describing a Docker cleanup. */
export function describeDockerCleanup(report: DockerCleanupReport): string[] {
  if (report.kind === 'no-engine')
    return [`docker: engine not reachable, nothing checked (${report.reason})`];
  const lines = report.removed.map(
    (r) =>
      `removed docker run ${r.prefix}: ${r.containers.length} container(s), ${r.networks.length} network(s)` +
      r.errors.map((e) => `\n  warning: ${e}`).join(''),
  );
  for (const s of report.skipped) {
    lines.push(
      `kept docker run ${s.prefix}: its process ${s.pid} is still running (use --all to remove it)`,
    );
  }
  return lines;
}
