/**
 * The image every container of the Docker backend runs: a minimal Debian rootfs with
 * the tools a compute host or router needs. No Node runtime: probe agents run on the
 * machine and enter the containers' namespaces. Built locally (no registry is reachable).
 */
import { createHash } from 'node:crypto';

/** Everything that decides an image's content; its hash is the image tag. */
export interface ImageDefinition {
  /** Repository part of the tag, such as `netconform-node`. */
  readonly repository: string;
  /** Debian suite given to debootstrap. */
  readonly suite: string;
  /** debootstrap variant. */
  readonly variant: 'minbase';
  /** Packages added to the variant's base set. */
  readonly packages: readonly string[];
  /** Paths (inside the rootfs) deleted before import, to keep the image small. */
  readonly prune: readonly string[];
  /** `docker import --change` instructions. */
  readonly changes: readonly string[];
  /** Bumped when the build logic changes in a way that changes the image. */
  readonly recipeVersion: number;
}

/** Label put on every netconform image (`netconform cleanup` keeps these). */
export const IMAGE_LABEL = 'netconform.image';

/** The compute-host / router image. */
export const NODE_IMAGE: ImageDefinition = {
  repository: 'netconform-node',
  suite: 'bookworm',
  variant: 'minbase',
  packages: ['iproute2', 'nftables', 'conntrack', 'iputils-ping', 'procps'],
  prune: [
    'var/cache/apt/archives',
    'var/lib/apt/lists',
    'usr/share/doc',
    'usr/share/man',
    'usr/share/info',
    'usr/share/locale',
  ],
  // PID 1 only keeps the namespaces alive; containers are removed with SIGKILL.
  changes: ['CMD ["sleep", "infinity"]', `LABEL ${IMAGE_LABEL}=node`],
  recipeVersion: 1,
};

/** Content hash of a definition (12 hex characters): the same inputs give the same tag. */
export function definitionHash(definition: ImageDefinition): string {
  const canonical = JSON.stringify({
    ...definition,
    packages: [...definition.packages].sort(),
    prune: [...definition.prune].sort(),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/** `repository:hash`, such as `netconform-node:3f9a0c1b2d4e`. */
export function imageTag(definition: ImageDefinition): string {
  return `${definition.repository}:${definitionHash(definition)}`;
}
