/** Dataplane backends by name. */
import type { BackendName, DataplaneBackend } from '../../harness/dataplane/index.ts';
import { netnsBackend } from './netns/index.ts';
import { dockerBackend } from './docker/index.ts';

export * from './netns/index.ts';
export * from './docker/index.ts';

/** Every backend, keyed by the name users pass (`--backend netns`). */
export const backends: Record<BackendName, DataplaneBackend> = {
  netns: netnsBackend,
  docker: dockerBackend,
};
