/** Checks that this process can build a Docker dataplane, with a fix-it message if not. */
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import { imageExists, imageTag, NODE_IMAGE } from '../../images/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { netnsPreflight } from '../netns/index.ts';

const SETUP = 'run `bash scripts/setup-docker.sh` (installs docker.io and starts dockerd)';

/** Throws `UsageError` naming what to do when the engine, a tool or privileges are missing. */
export async function dockerPreflight(): Promise<void> {
  // Instances, agents and drivers work in namespaces from the machine, as with netns.
  await netnsPreflight();
  const info = await runCommand(['docker', 'info', '--format', '{{.ServerVersion}}'], {
    timeoutMs: 15_000,
  });
  if (info.kind === 'spawn-failed') {
    throw new UsageError(`the docker command is missing: ${SETUP}`);
  }
  if (info.kind !== 'exited' || info.code !== 0) {
    throw new UsageError(`the Docker engine does not answer: ${SETUP}`);
  }
  const nsenter = await runCommand(['nsenter', '--version'], { timeoutMs: 5_000 });
  if (nsenter.kind === 'spawn-failed') {
    throw new UsageError('nsenter is missing: apt-get install util-linux');
  }
  if (!(await imageExists(imageTag(NODE_IMAGE)))) {
    const debootstrap = await runCommand(['debootstrap', '--version'], { timeoutMs: 5_000 });
    if (debootstrap.kind === 'spawn-failed') {
      throw new UsageError(
        `image ${imageTag(NODE_IMAGE)} is not built and debootstrap is missing: ${SETUP}, then \`netconform images build\``,
      );
    }
  }
}
