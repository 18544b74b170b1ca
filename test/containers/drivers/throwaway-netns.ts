/**
 * Throwaway network namespaces for dataplane-tier driver tests: created empty (no
 * links, no routes to the outside), deleted afterwards. The root namespace is never
 * touched.
 */
import { enterNamespace } from '../../../containers/backends/netns/index.ts';
import { runOrThrow } from '../../../harness/process/index.ts';

/** One namespace this test created. */
export interface ThrowawayNetns {
  readonly name: string;
  /** argv prefix running a command inside it (a `DriverHost.enter`). */
  readonly enter: readonly string[];
  /** Runs `argv` inside the namespace and returns stdout; throws on failure. */
  run(argv: readonly string[]): Promise<string>;
  delete(): Promise<void>;
}

let counter = 0;

/** Creates `ncdrv-<tag>-<pid>-<n>`. Delete it in an `afterAll`/`finally`. */
export async function createThrowawayNetns(tag: string): Promise<ThrowawayNetns> {
  const name = `ncdrv-${tag}-${process.pid}-${counter++}`;
  await runOrThrow(['ip', 'netns', 'add', name]);
  const enter = enterNamespace(name);
  return {
    name,
    enter,
    run: (argv) => runOrThrow([...enter, ...argv]),
    delete: async () => {
      await runOrThrow(['ip', 'netns', 'delete', name]);
    },
  };
}
