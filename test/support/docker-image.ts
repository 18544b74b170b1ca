/**
 * Global setup of the docker tier: builds the node image once (or finds it cached)
 * before the tier's files start. Its files run at once (vitest.config.ts), and each
 * would otherwise build a missing image itself, all at the same time. Without an
 * engine it does nothing: each file's preflight then fails with the fix-it message.
 */
import { NODE_IMAGE, ensureImage } from '../../containers/images/index.ts';
import { runCommand } from '../../harness/process/index.ts';

export default async function setup(): Promise<void> {
  const info = await runCommand(['docker', 'info', '--format', '{{.ServerVersion}}'], {
    timeoutMs: 15_000,
  });
  if (info.kind !== 'exited' || info.code !== 0) return;
  const result = await ensureImage(NODE_IMAGE);
  if (result.kind === 'failed') {
    // The files that need the image fail on it too; the other tiers still run.
    console.warn(`docker tier: building ${result.tag} failed (${result.phase}): ${result.message}`);
  }
}
