/**
 * The lifecycle tests' run under test: `fixtures/hold-dataplane.ts` in a child process,
 * which builds a dataplane, prints `READY <prefix>`, and then destroys it or waits to be
 * killed; and what is left of a run afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listNamespaces } from '../../../containers/lifecycle/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/hold-dataplane.ts', import.meta.url));

/** Dataplane kinds the fixture builds. */
export type HoldKind = 'routed' | 'bridged' | 'danube';

/** Starts the fixture; resolves with the child and its run prefix once it is READY. */
export function startHoldRun(
  mode: 'hold' | 'destroy',
  kind: HoldKind = 'routed',
): Promise<{ child: ChildProcess; prefix: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode, kind], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /READY (\S+)/.exec(d.toString());
      if (m) resolve({ child, prefix: m[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`fixture exited ${code} before READY: ${stderr}`)));
  });
}

/** The child's exit code once it has exited (null: ended by a signal). */
export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.on('exit', (code) => r(code)));

/** The namespaces of run `prefix` that exist now. */
export const namespacesOf = async (prefix: string): Promise<string[]> =>
  (await listNamespaces()).filter((n) => n.startsWith(`netconform-${prefix}-`));
