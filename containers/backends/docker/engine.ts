/**
 * Access to the Docker engine through testcontainers (lifecycle) and its dockerode
 * instance (what testcontainers lacks: internal networks with a subnet, connecting a
 * running container, listing by label). testcontainers reads its environment when
 * first used, so it is imported only after the two settings this machine needs.
 */
import type Dockerode from 'dockerode';

type Testcontainers = typeof import('testcontainers');

let loaded: Promise<Testcontainers> | null = null;

/** The testcontainers module, configured for an engine without registry access. */
export function testcontainers(): Promise<Testcontainers> {
  // No Ryuk (its image would be pulled); the host override skips a helper container.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  loaded ??= import('testcontainers');
  return loaded;
}

/** The dockerode client testcontainers uses (rejects when no engine answers). */
export async function dockerode(): Promise<Dockerode> {
  const { getContainerRuntimeClient } = await testcontainers();
  return (await getContainerRuntimeClient()).container.dockerode;
}

/** A pull policy that never pulls: images are built locally (`netconform images build`). */
export const neverPull = { shouldPull: (): boolean => false };

/** Message of a dockerode error, including the engine's JSON answer when there is one. */
export function engineMessage(error: unknown): string {
  const e = error as { json?: { message?: string }; message?: string };
  return e.json?.message ?? e.message ?? String(error);
}
