/**
 * One suite body, every backend. A suite that holds for any dataplane is written once
 * as `<name>.suite.ts`, exporting `<name>Suite(under: BackendUnderTest)`, and declared
 * per backend by a file that only calls it:
 * - `<name>.dataplane.test.ts`: `<name>Suite(backendUnderTest('netns'))` (dataplane tier,
 *   root only, no engine);
 * - `<name>.docker.test.ts`: `<name>Suite(backendUnderTest('docker'))` (docker tier,
 *   `npx vitest run --project docker` runs it on its own).
 * Backend-specific checks go after the call, in the backend's own file.
 */
import { afterAll, beforeAll } from 'vitest';
import { backends, drainDockerStock } from '../../containers/backends/index.ts';
import type { DataplaneBackend } from '../../harness/dataplane/index.ts';

export type BackendName = 'netns' | 'docker';

export interface BackendUnderTest {
  readonly name: BackendName;
  readonly backend: DataplaneBackend;
}

/**
 * The backend a test file runs its suites on. Call it once, at the top level of the
 * file: it checks the backend's preflight before the file's tests, and for Docker
 * removes the containers the backend keeps for reuse once they are done.
 */
export function backendUnderTest(name: BackendName): BackendUnderTest {
  const backend = backends[name];
  if (backend === undefined) throw new Error(`no backend "${name}" in containers/backends`);
  beforeAll(() => backend.preflight());
  if (name === 'docker') afterAll(() => drainDockerStock());
  return { name, backend };
}
